package org.interviewpanel.events;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.interviewpanel.kernel.Backlog;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.scheduler.Scheduled;

/**
 * The outbox as operators watch it: backlog, age of the oldest unsent event, which instance relays, and what Kafka
 * acknowledged or refused ({@code panel_outbox_*}). Every instance measures the backlog, so any of them can answer the
 * health check.
 */
@ApplicationScoped
public class OutboxMetrics {

    @Inject
    AgroalDataSource dataSource;

    @Inject
    MeterRegistry registry;

    private final Backlog unsent = new Backlog();
    private final AtomicBoolean leader = new AtomicBoolean();
    private Counter published;
    private Counter failures;
    private final Map<String, Timer> steps = new ConcurrentHashMap<>();

    @PostConstruct
    void register() {
        Gauge.builder("panel.outbox.backlog", unsent.size(), AtomicLong::get)
                .description("Events in the outbox not yet acknowledged by Kafka").register(registry);
        Gauge.builder("panel.outbox.oldest.unsent.age", unsent.oldestAgeMillis(), a -> a.get() / 1000.0)
                .baseUnit("seconds").description("Age of the oldest event not yet acknowledged by Kafka")
                .register(registry);
        Gauge.builder("panel.outbox.relay.leader", leader, l -> l.get() ? 1 : 0)
                .description("1 on the instance that relays the outbox").register(registry);
        published = Counter.builder("panel.outbox.published").description("Events acknowledged by Kafka")
                .register(registry);
        failures = Counter.builder("panel.outbox.publish.failures").description("Events Kafka did not acknowledge")
                .register(registry);
    }

    /**
     * How long one step of relaying took: {@code wake} (a commit here to the relay starting its next batch), {@code
     * select} (reading the unsent rows), {@code produce-ack} (a row handed to Kafka until Kafka answers for it),
     * {@code mark} (recording a settled batch sent).
     */
    void step(String step, long nanos) {
        steps.computeIfAbsent(step, s -> Timer.builder("panel.outbox.relay.step").tag("step", s)
                .description("One step of relaying a batch of the outbox to Kafka").publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry)).record(nanos, TimeUnit.NANOSECONDS);
    }

    void published(int n) {
        published.increment(n);
    }

    void failed(int n) {
        failures.increment(n);
    }

    void leader(boolean relaysHere) {
        leader.set(relaysHere);
    }

    public boolean isLeader() {
        return leader.get();
    }

    public long oldestUnsentAgeMillis() {
        return unsent.oldestAgeMillis().get();
    }

    @Scheduled(every = "${panel.events.relay.stats-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void refresh() {
        unsent.refresh(dataSource, "select count(*), coalesce(extract(epoch from (now() - min(occurred_at))) * 1000, 0) "
                + "from outbox_event where sent_at is null");
    }
}
