package org.interviewpanel.analytics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.interviewpanel.events.EventsConfig;
import org.interviewpanel.kernel.KafkaClients;

/**
 * Reads every partition of the events topic from its earliest offset up to the end offsets taken at the start, outside
 * any consumer group (nothing committed, the live consumer unaffected), handing the records over in batches.
 */
@ApplicationScoped
public class TopicReplay {

    /** Receives what the replay reads. */
    interface Sink {
        /** Called once, before any batch: how many records the replay will read. */
        void total(long records) throws Exception;

        void batch(List<TopicRecord> records) throws Exception;
    }

    @Inject
    EventsConfig events;

    @Inject
    KafkaClients kafka;

    void replay(Sink sink) throws Exception {
        Map<String, Object> config = kafka.config(Map.of(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed", ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000",
                ConsumerConfig.CLIENT_ID_CONFIG, "interview-panel-analytics-rebuild-" + UUID.randomUUID()));
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(events.topic(), Duration.ofSeconds(30)).stream()
                    .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            consumer.assign(partitions);
            Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            sink.total(partitions.stream().mapToLong(tp -> end.get(tp) - begin.get(tp)).sum());
            consumer.seekToBeginning(partitions);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                List<TopicRecord> batch = new ArrayList<>();
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (r.offset() < end.get(new TopicPartition(r.topic(), r.partition()))) {
                        batch.add(new TopicRecord(r.key(), r.headers(), r.value(), r.partition(), r.offset()));
                    }
                }
                if (!batch.isEmpty()) {
                    sink.batch(batch);
                }
            }
        }
    }
}
