package org.interviewpanel.analytics;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.interviewpanel.events.EventsConfig;
import org.interviewpanel.kernel.KafkaClients;
import org.interviewpanel.kernel.LazyAdmin;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;

/**
 * How many records the analytics consumer group has not yet processed, over every partition of the events topic
 * ({@code panel_analytics_consumer_lag_records}). Asked of the broker (the group's committed offsets against the end
 * offsets) rather than taken from this instance's consumer, so it counts the partitions the other instances hold and
 * keeps growing when every consumer is stuck. Only instances that run the consumer measure it: their Kafka user may
 * describe the group.
 */
@ApplicationScoped
public class ConsumerLag {

    private static final Logger LOG = Logger.getLogger(ConsumerLag.class);
    private static final int TIMEOUT_MS = 5000;

    @Inject
    KafkaClients kafka;

    @Inject
    EventsConfig events;

    @Inject
    MeterRegistry registry;

    @ConfigProperty(name = "panel.analytics.consumer.enabled", defaultValue = "true")
    boolean consumerEnabled;

    @ConfigProperty(name = "mp.messaging.incoming.session-events-analytics.group.id")
    String group;

    private final AtomicLong lag = new AtomicLong();
    private LazyAdmin admin;

    @PostConstruct
    void register() {
        admin = kafka.lazyAdmin("interview-panel-analytics-lag", TIMEOUT_MS);
        if (consumerEnabled) {
            Gauge.builder("panel.analytics.consumer.lag", lag, AtomicLong::get).baseUnit("records")
                    .description("Records of the events topic the analytics consumer group has not processed yet")
                    .register(registry);
        }
    }

    @Scheduled(every = "15s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void refresh() {
        if (!consumerEnabled) {
            return;
        }
        try {
            lag.set(measure());
        } catch (ExecutionException | TimeoutException e) {
            LOG.debugf("Analytics consumer lag unavailable: %s", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private long measure() throws ExecutionException, TimeoutException, InterruptedException {
        List<TopicPartition> partitions = admin.get().describeTopics(List.of(events.topic())).allTopicNames()
                .get(TIMEOUT_MS, TimeUnit.MILLISECONDS).get(events.topic()).partitions().stream()
                .map(p -> new TopicPartition(events.topic(), p.partition())).toList();
        Map<TopicPartition, OffsetAndMetadata> committed = admin.get().listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
        Map<TopicPartition, ListOffsetsResultInfo> ends = offsets(partitions, OffsetSpec.latest());
        // A partition the group never committed is read from its earliest offset (auto.offset.reset=earliest).
        Map<TopicPartition, ListOffsetsResultInfo> starts = offsets(
                partitions.stream().filter(p -> committed.get(p) == null).toList(), OffsetSpec.earliest());
        long total = 0;
        for (TopicPartition partition : partitions) {
            OffsetAndMetadata done = committed.get(partition);
            long from = done != null ? done.offset() : starts.get(partition).offset();
            total += Math.max(0, ends.get(partition).offset() - from);
        }
        return total;
    }

    private Map<TopicPartition, ListOffsetsResultInfo> offsets(List<TopicPartition> partitions, OffsetSpec spec)
            throws ExecutionException, TimeoutException, InterruptedException {
        if (partitions.isEmpty()) {
            return Map.of();
        }
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions.forEach(p -> request.put(p, spec));
        return admin.get().listOffsets(request).all().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void close() {
        admin.close();
    }
}
