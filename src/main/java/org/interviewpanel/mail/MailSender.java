package org.interviewpanel.mail;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.eclipse.microprofile.context.ManagedExecutor;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.reactive.ReactiveMailer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;

/**
 * Sends the mail outbox. A pass claims a batch of due rows in one transaction that holds their locks while the SMTP
 * server takes them ({@code FOR UPDATE SKIP LOCKED}): two instances never send the same row, and a row is marked sent
 * in the transaction that sent it. A failure (the SMTP server is down, refuses, times out) leaves the row queued with a growing
 * delay, so nothing is lost. The one window left is a crash after the SMTP server accepted a mail and before the
 * commit: that mail is sent again after the restart with the same Message-ID, which receiving servers and clients use
 * to drop the copy.
 * <p>
 * Woken after each commit that queued mail (on this instance), and every {@code panel.mail.poll-interval} otherwise.
 */
@ApplicationScoped
public class MailSender {

    private static final Logger LOG = Logger.getLogger(MailSender.class);

    static final int SEND_TIMEOUT_SECONDS = 30;

    @Inject
    ReactiveMailer mailer;

    @Inject
    EntityManager em;

    @Inject
    Clock clock;

    @Inject
    MailConfig config;

    @Inject
    ManagedExecutor executor;

    @Inject
    MeterRegistry registry;

    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();

    /** Asks for a pass soon; passes never overlap on one instance, and a wake during a pass runs one more. */
    void wake() {
        if (config.enabled()) {
            again.set(true);
            executor.execute(this::drain);
        }
    }

    @Scheduled(every = "${panel.mail.poll-interval:5s}", delayed = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void poll() {
        if (config.enabled()) {
            again.set(true);
            drain();
        }
    }

    private void drain() {
        while (again.get() && running.compareAndSet(false, true)) {
            try {
                again.set(false);
                int sent;
                do {
                    sent = pass();
                } while (sent == config.batchSize());
            } catch (RuntimeException e) {
                LOG.warnf("Mail sender pass failed: %s", e.toString());
            } finally {
                running.set(false);
            }
        }
    }

    /**
     * One pass: claims up to a batch of due mails ({@code FOR UPDATE SKIP LOCKED}, so another instance takes others),
     * hands them to the SMTP client together (it pipelines them over its pooled connections), and records each one's
     * outcome in the same transaction. Returns how many it handled.
     */
    int pass() {
        long started = System.nanoTime();
        int handled = QuarkusTransaction.requiringNew().call(() -> {
            Instant now = clock.instant();
            @SuppressWarnings("unchecked")
            List<QueuedMail> rows = em.createNativeQuery("select * from mail_outbox where sent_at is null "
                    + "and next_attempt_at <= ?1 order by next_attempt_at limit ?2 for update skip locked",
                    QueuedMail.class).setParameter(1, now).setParameter(2, config.batchSize()).getResultList();
            List<CompletableFuture<Void>> sends = new ArrayList<>();
            for (QueuedMail row : rows) {
                sends.add(mailer.send(toMail(row)).subscribeAsCompletionStage());
            }
            for (int i = 0; i < rows.size(); i++) {
                outcome(rows.get(i), sends.get(i), now);
            }
            return rows.size();
        });
        if (handled > 0) {
            LOG.debugf("Mail sender: %s handled in %s ms", (Object) handled, (System.nanoTime() - started) / 1_000_000);
        }
        return handled;
    }

    private void outcome(QueuedMail row, CompletableFuture<Void> send, Instant now) {
        row.attempts++;
        try {
            send.get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            row.sentAt = now;
            row.body = null; // the candidate's invitation carries the join link: not kept once delivered
            row.calendar = null;
            row.lastError = null;
            registry.counter("panel_mail_sent_total", "kind", row.kind).increment();
        } catch (ExecutionException | TimeoutException e) {
            failed(row, e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e, now);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failed(row, e, now);
        }
    }

    private void failed(QueuedMail row, Throwable e, Instant now) {
        Duration delay = config.retryDelay().multipliedBy(1L << Math.min(16, row.attempts - 1));
        if (delay.compareTo(config.maxRetryDelay()) > 0) {
            delay = config.maxRetryDelay();
        }
        row.nextAttemptAt = now.plus(delay);
        String error = String.valueOf(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        row.lastError = error.length() > 500 ? error.substring(0, 500) : error;
        registry.counter("panel_mail_failures_total", "kind", row.kind).increment();
        LOG.infof("Mail %s (%s) not sent (attempt %d, next in %s): %s", row.id, row.kind, row.attempts, delay,
                row.lastError);
    }

    private static Mail toMail(QueuedMail row) {
        Mail mail = Mail.withText(row.recipient, row.subject, row.body);
        mail.addHeader("Message-ID", row.messageId);
        mail.addHeader("X-Interview-Panel-Mail", row.id.toString());
        if (row.calendar != null) {
            byte[] ics = row.calendar.getBytes(StandardCharsets.UTF_8);
            String type = "text/calendar; charset=UTF-8; method=" + row.calendarMethod;
            mail.addAttachment(row.calendarMethod.equals("CANCEL") ? "cancel.ics" : "invite.ics", ics, type);
        }
        return mail;
    }
}
