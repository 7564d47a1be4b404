package org.interviewpanel.analytics;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;

/**
 * Consumes the session events in batches under the consumer group {@code interview-panel-analytics} and projects them
 * into the analytics tables. The connector's thread reads each batch (JSON, schema) and hands it to {@code
 * panel.analytics.consumer.writers} writers on threads and connections of their own, each its share of the partitions
 * ({@link TopicRecord#shares}), at most {@link #AHEAD} batches ahead of each: the next batch is read while the ones before
 * are written, and the writers write at once. A batch is acknowledged only after every share of it committed (and its
 * dead letters were acknowledged by Kafka), so the committed offsets never pass an event not projected; a redelivery
 * after a crash is absorbed by the processed-event log. When the database is down {@link AnalyticsWriter#applyPatiently}
 * waits it out.
 * <p>
 * Switch it off on an instance with {@code PANEL_ANALYTICS_CONSUMER_ENABLED=false}: the channel is then not started, and
 * that instance does not join the group.
 */
@ApplicationScoped
public class AnalyticsConsumer {

    private static final Logger LOG = Logger.getLogger(AnalyticsConsumer.class);

    /** Batches read ahead of each writer, at most. */
    static final int AHEAD = 2;

    @Inject
    AnalyticsWriter writer;

    @Inject
    Projector projector;

    @Inject
    DeadLetters deadLetters;

    @Inject
    MeterRegistry registry;

    @ConfigProperty(name = "panel.analytics.consumer.writers", defaultValue = "2")
    int writers;

    private Counter applied;
    private Counter duplicates;
    private Counter ignored;
    private ExecutorService threads;
    private final List<Handoff<Share>> lanes = new ArrayList<>();

    /** A batch's share for one writer, and the batch it belongs to. */
    private record Share(Projector.Read read, Pending batch) {
    }

    /** A batch whose shares are being written: acknowledged when the last is committed, refused at the first failure. */
    private static final class Pending {
        private final KafkaRecordBatch<String, byte[]> batch;
        private final AtomicInteger left;
        private final AtomicBoolean refused = new AtomicBoolean();

        Pending(KafkaRecordBatch<String, byte[]> batch, int shares) {
            this.batch = batch;
            this.left = new AtomicInteger(shares);
        }

        void written() {
            if (left.decrementAndGet() == 0) {
                batch.ack();
            }
        }

        /** Not acknowledged (stopping): the next owner of these partitions processes the batch again. */
        void refuse(Exception e) {
            if (refused.compareAndSet(false, true)) {
                batch.nack(e);
            }
        }
    }

    @PostConstruct
    void start() {
        applied = outcome("applied");
        duplicates = outcome("duplicate");
        ignored = outcome("ignored");
        AtomicInteger named = new AtomicInteger();
        threads = Executors.newFixedThreadPool(writers, r -> {
            Thread t = new Thread(r, "analytics-writer-" + named.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        for (int i = 0; i < writers; i++) {
            lanes.add(new Handoff<>(threads, AHEAD, this::write));
        }
    }

    @PreDestroy
    void stop() {
        lanes.forEach(Handoff::abandon); // the batches still waiting stay unacknowledged
        threads.shutdownNow();
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
        List<List<TopicRecord>> shares = TopicRecord.shares(records, writers);
        Pending pending = new Pending(batch, (int) shares.stream().filter(share -> !share.isEmpty()).count());
        try {
            for (int i = 0; i < writers; i++) {
                if (!shares.get(i).isEmpty()) {
                    lanes.get(i).hand(new Share(projector.read(shares.get(i)), pending));
                }
            }
        } catch (Exception e) {
            // a writer stopped, which it only does when the application stops
            pending.refuse(e);
        }
        // Acknowledged by the writers; returning now lets the connector hand over the next batch.
        return CompletableFuture.completedFuture(null);
    }

    /** Writes one share; never throws, so the writer stays for the next batch. */
    private void write(Share share) {
        try {
            Projector.Outcome outcome = writer.applyPatiently(share.read());
            deadLetters.send(outcome.deadLetters());
            applied.increment(outcome.applied());
            duplicates.increment(outcome.duplicates());
            ignored.increment(outcome.ignored());
            share.batch().written();
        } catch (Exception e) {
            if (!(e instanceof AnalyticsWriter.ShuttingDown)) {
                LOG.errorf(e, "An analytics batch share of %d events was not written", share.read().records().size());
            }
            share.batch().refuse(e);
        }
    }
}
