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

    /** The mails of a session sent (or waiting) to an address, oldest first. */
    public java.util.List<MailRecord> to(UUID sessionId, String recipient) {
        return QueuedMail.<QueuedMail> list("sessionId = ?1 and recipient = ?2 order by createdAt", sessionId, recipient)
                .stream().map(m -> new MailRecord(m.kind, m.subject, m.createdAt, m.sentAt)).toList();
    }

    /**
     * Erases a session's mails to an address: waiting ones are dropped (they would carry the name and the link), sent
     * ones keep only their kind and times.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void eraseRecipient(UUID sessionId, String recipient) {
        QueuedMail.delete("sessionId = ?1 and recipient = ?2 and sentAt is null", sessionId, recipient);
        QueuedMail.update("recipient = '', subject = '', body = null, calendar = null, lastError = null "
                + "where sessionId = ?1 and recipient = ?2", sessionId, recipient);
    }
}
