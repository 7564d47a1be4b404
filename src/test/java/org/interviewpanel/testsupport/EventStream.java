package org.interviewpanel.testsupport;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads the real session events topic from the beginning, as an outside consumer would. */
public final class EventStream implements AutoCloseable {

    public static final String TOPIC = "interview-panel.session-events";

    /** One record as received: key, value, CloudEvents headers, partition and offset. */
    public record Event(String key, String value, Map<String, String> headers, int partition, long offset) {
        public String type() {
            return headers.get("ce_type");
        }

        public String id() {
            return headers.get("ce_id");
        }
    }

    private final KafkaConsumer<String, String> consumer;
    private final List<Event> received = new ArrayList<>();

    public EventStream() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, Stack.kafkaBootstrap());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
        List<PartitionInfo> partitions = consumer.partitionsFor(TOPIC, Duration.ofSeconds(30));
        List<TopicPartition> assigned = partitions.stream().map(i -> new TopicPartition(TOPIC, i.partition())).toList();
        consumer.assign(assigned);
        consumer.seekToBeginning(assigned);
    }

    /** Reads what has arrived so far and returns everything received since this stream opened. */
    public List<Event> poll() {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
            Map<String, String> headers = new HashMap<>();
            for (Header h : r.headers()) {
                headers.put(h.key(), new String(h.value(), StandardCharsets.UTF_8));
            }
            received.add(new Event(r.key(), r.value(), headers, r.partition(), r.offset()));
        }
        return List.copyOf(received);
    }

    public List<Event> forSession(String sessionId) {
        return poll().stream().filter(e -> sessionId.equals(e.key())).collect(Collectors.toList());
    }

    @Override
    public void close() {
        consumer.close();
    }
}
