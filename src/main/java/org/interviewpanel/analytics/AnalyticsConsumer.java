package org.interviewpanel.analytics;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;

/**
 * Consumes the session events in batches under the consumer group {@code interview-panel-analytics} and projects them
 * into the analytics tables. A batch is acknowledged only after its projection committed (and its dead letters were
 * acknowledged by Kafka); a redelivery after a crash is absorbed by the processed-event log. When the database is down
 * {@link AnalyticsWriter#applyPatiently} waits it out.
 * <p>
 * Switch it off on an instance with {@code PANEL_ANALYTICS_CONSUMER_ENABLED=false}: the channel is then not started, and
 * that instance does not join the group.
 */
@ApplicationScoped
public class AnalyticsConsumer {

    @Inject
    AnalyticsWriter writer;

    @Inject
    DeadLetters deadLetters;

    @Inject
    MeterRegistry registry;

    private Counter applied;
    private Counter duplicates;
    private Counter ignored;

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

    @Incoming("session-events-analytics")
    @Blocking(ordered = true)
    public CompletionStage<Void> consume(KafkaRecordBatch<String, byte[]> batch) {
        List<TopicRecord> records = new ArrayList<>();
        for (KafkaRecord<String, byte[]> r : batch) {
            records.add(new TopicRecord(r.getKey(), r.getHeaders(), r.getPayload(), r.getPartition(),
                    r.getMetadata(IncomingKafkaRecordMetadata.class).map(m -> m.getOffset()).orElse(-1L)));
        }
        try {
            Projector.Outcome outcome = writer.applyPatiently(records);
            deadLetters.send(outcome.deadLetters());
            applied.increment(outcome.applied());
            duplicates.increment(outcome.duplicates());
            ignored.increment(outcome.ignored());
            return batch.ack();
        } catch (Exception e) {
            // Not acknowledged (stopping): the next owner of these partitions processes the batch again.
            return batch.nack(e);
        }
    }
}
