package org.interviewpanel.analytics;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;

/**
 * Consumes the session events in batches under the consumer group {@code interview-panel-analytics} and projects them
 * into the analytics tables. A batch is acknowledged only after its projection committed (and its dead letters were
 * acknowledged by Kafka); a redelivery after a crash is absorbed by the processed-event log. When the database is down
 * the batch is retried with backoff: events wait, none is skipped.
 * <p>
 * Switch it off on an instance with {@code PANEL_ANALYTICS_CONSUMER_ENABLED=false}: the channel is then not started, and
 * that instance does not join the group.
 */
@ApplicationScoped
public class AnalyticsConsumer {

    private static final Logger LOG = Logger.getLogger(AnalyticsConsumer.class);

    @Inject
    AnalyticsStore store;

    @Inject
    DeadLetters deadLetters;

    @Inject
    MeterRegistry registry;

    private Counter applied;
    private Counter duplicates;
    private Counter ignored;
    private volatile boolean stopping;

    @PostConstruct
    void metrics() {
        applied = outcome("applied");
        duplicates = outcome("duplicate");
        ignored = outcome("ignored");
    }

    private Counter outcome(String outcome) {
        return Counter.builder("panel_analytics_events").tag("outcome", outcome)
                .description("Session events seen by the analytics projection, by outcome").register(registry);
    }

    void stop(@jakarta.enterprise.event.Observes ShutdownEvent event) {
        stopping = true;
    }

    @Incoming("session-events-analytics")
    @Blocking(ordered = true)
    public CompletionStage<Void> consume(KafkaRecordBatch<String, String> batch) {
        List<Projector.Raw> raws = new ArrayList<>();
        for (KafkaRecord<String, String> r : batch) {
            raws.add(new Projector.Raw(r.getKey(), r.getPayload(), Projector.header(r.getHeaders(), "ce_id"),
                    Projector.header(r.getHeaders(), "ce_type"), r.getPartition(),
                    r.getMetadata(IncomingKafkaRecordMetadata.class).map(m -> m.getOffset()).orElse(-1L)));
        }
        Duration backoff = Duration.ofMillis(200);
        while (true) {
            try {
                Projector.Outcome outcome = store.apply(raws);
                deadLetters.send(outcome.deadLetters());
                applied.increment(outcome.applied());
                duplicates.increment(outcome.duplicates());
                ignored.increment(outcome.ignored());
                return batch.ack();
            } catch (SQLException | RuntimeException e) {
                if (stopping) {
                    // Not acknowledged: the next owner of these partitions processes the batch again.
                    return batch.nack(e);
                }
                LOG.warnf("Analytics could not apply %d events (%s); retrying in %d ms", raws.size(), e.toString(),
                        backoff.toMillis());
                try {
                    Thread.sleep(backoff.toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return batch.nack(e);
                }
                backoff = backoff.multipliedBy(2).compareTo(Duration.ofSeconds(30)) > 0 ? Duration.ofSeconds(30)
                        : backoff.multipliedBy(2);
            }
        }
    }
}
