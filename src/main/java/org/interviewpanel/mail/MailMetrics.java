package org.interviewpanel.mail;

import java.util.concurrent.atomic.AtomicLong;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.interviewpanel.kernel.Backlog;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;

/**
 * The mail outbox as operators watch it ({@code panel_mail_*}): how many mails wait and how long the oldest has waited.
 * A growing age means the SMTP relay refuses or cannot be reached; the mails are kept and go out once it answers.
 */
@ApplicationScoped
public class MailMetrics {

    @Inject
    AgroalDataSource dataSource;

    @Inject
    MeterRegistry registry;

    private final Backlog pending = new Backlog();

    @PostConstruct
    void register() {
        Gauge.builder("panel.mail.pending", pending.size(), AtomicLong::get)
                .description("Mails queued and not yet accepted by the SMTP server").register(registry);
        Gauge.builder("panel.mail.oldest.pending.age", pending.oldestAgeMillis(), a -> a.get() / 1000.0)
                .baseUnit("seconds").description("How long the oldest queued mail has waited").register(registry);
    }

    @Scheduled(every = "${panel.mail.stats-interval:15s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void refresh() {
        pending.refresh(dataSource, "select count(*), coalesce(extract(epoch from (now() - min(created_at))) * 1000, 0) "
                + "from mail_outbox where sent_at is null");
    }
}
