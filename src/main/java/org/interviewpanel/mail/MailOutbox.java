package org.interviewpanel.mail;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;

import org.interviewpanel.kernel.AfterCommit;

/**
 * Queues mail in the caller's transaction: a mail exists exactly when the change it announces has committed. The
 * {@link MailSender} sends it after the commit, retries while the SMTP server is down, and never loses it.
 */
@ApplicationScoped
public class MailOutbox {

    @Inject
    Clock clock;

    @Inject
    MailConfig config;

    @Inject
    MailSender sender;

    @Inject
    TransactionSynchronizationRegistry transactions;

    @Transactional(Transactional.TxType.MANDATORY)
    public UUID queue(OutgoingMail mail) {
        Instant now = clock.instant();
        QueuedMail row = new QueuedMail();
        row.id = UUID.randomUUID();
        row.sessionId = mail.sessionId();
        row.kind = mail.kind().name();
        row.recipient = mail.recipient();
        row.subject = mail.subject();
        row.body = mail.body();
        row.calendar = mail.calendar();
        row.calendarMethod = mail.calendar() == null ? null : mail.calendarMethod();
        row.messageId = "<" + row.id + "@" + config.messageIdDomain() + ">";
        row.createdAt = now;
        row.nextAttemptAt = now;
        row.persist();
        AfterCommit.run(transactions, sender::wake);
        return row.id;
    }
}
