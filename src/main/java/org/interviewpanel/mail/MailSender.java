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
 * Sends the mail outbox. A pass claims a batch of due rows for a lease (locking them with {@code FOR UPDATE SKIP
 * LOCKED} only while claiming): two instances never send the same row, and no transaction stays open while the SMTP
 * server is talked to. A failure (the SMTP server is down, refuses, times out) leaves the row queued with a growing
 * delay, so nothing is lost. The one window left is a crash after the SMTP server accepted a mail and before its
 * outcome was recorded: once the lease runs out that mail is sent again with the same Message-ID, which receiving
 * servers and clients use to drop the copy.
 * <p>
 * Woken after each commit that queued mail (on this instance), and every {@code panel.mail.poll-interval} otherwise.
 */
@ApplicationScoped
public class MailSender {

    private static final Logger LOG = Logger.getLogger(MailSender.class);

    static final int SEND_TIMEOUT_SECONDS = 30;

    /** How long a claimed mail is reserved for the sender that claimed it; longer than a pass can take. */
    static final Duration LEASE = Duration.ofMinutes(5);

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
     * One pass: claims up to a batch of due mails for a lease ({@code FOR UPDATE SKIP LOCKED} while claiming, so another
     * instance claims others), hands them to the SMTP client together with no transaction open (it pipelines them over
     * its pooled connections), then records each outcome. Returns how many it handled.
     */
    int pass() {
        long started = System.nanoTime();
        List<QueuedMail> claimed = QuarkusTransaction.requiringNew().call(this::claim);
        if (claimed.isEmpty()) {
            return 0;
        }
        List<CompletableFuture<Void>> sends = new ArrayList<>();
        for (QueuedMail row : claimed) {
            sends.add(mailer.send(toMail(row)).subscribeAsCompletionStage());
        }
        List<Throwable> outcomes = new ArrayList<>();
        for (CompletableFuture<Void> send : sends) {
            outcomes.add(outcome(send));
        }
        QuarkusTransaction.requiringNew().run(() -> {
            Instant now = clock.instant();
            for (int i = 0; i < claimed.size(); i++) {
                record(claimed.get(i).id, outcomes.get(i), now);
            }
        });
        LOG.debugf("Mail sender: %s handled in %s ms", (Object) claimed.size(), (System.nanoTime() - started) / 1_000_000);
        return claimed.size();
    }

    private List<QueuedMail> claim() {
        Instant now = clock.instant();
        @SuppressWarnings("unchecked")
        List<QueuedMail> rows = em.createNativeQuery("select * from mail_outbox where sent_at is null "
                + "and next_attempt_at <= ?1 and (claimed_until is null or claimed_until < ?1) "
                + "order by next_attempt_at limit ?2 for update skip locked", QueuedMail.class)
                .setParameter(1, now).setParameter(2, config.batchSize()).getResultList();
        for (QueuedMail row : rows) {
            row.claimedUntil = now.plus(LEASE);
        }
        return rows;
    }

    /** null when the SMTP server took the mail, else why not. */
    private static Throwable outcome(CompletableFuture<Void> send) {
        try {
            send.get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            return null;
        } catch (ExecutionException e) {
            return e.getCause() != null ? e.getCause() : e;
        } catch (TimeoutException e) {
            send.cancel(true);
            return e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return e;
        }
    }

    private void record(java.util.UUID id, Throwable failure, Instant now) {
        QueuedMail row = QueuedMail.findById(id);
        if (row == null || row.sentAt != null) {
            return; // erased meanwhile, or sent by a sender whose lease this one outlived
        }
        row.attempts++;
        row.claimedUntil = null;
        if (failure == null) {
            row.sentAt = now;
            row.body = null; // the candidate's invitation carries the join link: not kept once delivered
            row.calendar = null;
            row.lastError = null;
            registry.counter("panel_mail_sent_total", "kind", row.kind).increment();
        } else {
            failed(row, failure, now);
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
