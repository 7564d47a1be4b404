package org.interviewpanel.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.interviewpanel.testsupport.Stack;

/** Topics for the bare Kafka baselines, taking writes before anything is timed. */
final class BareTopics {

    /** The key of the records that prove a partition takes writes; a baseline's consumer skips them. */
    static final String READY = "ready";

    static final int PARTITIONS = 6;

    private BareTopics() {
    }

    /**
     * Creates a topic and writes one record to each partition, waiting for each acknowledgement: a partition just
     * created may refuse writes for a while (NOT_LEADER_OR_FOLLOWER while the broker takes up its leadership; once two
     * minutes under the benches' load), which a baseline must not count as its latency.
     */
    static String create(String prefix) throws Exception {
        String topic = prefix + UUID.randomUUID().toString().substring(0, 8);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, Stack.kafkaBootstrap()))) {
            admin.createTopics(List.of(new NewTopic(topic, PARTITIONS, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, Stack.kafkaBootstrap());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> probe = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            List<Future<RecordMetadata>> acks = new ArrayList<>();
            for (int partition = 0; partition < PARTITIONS; partition++) {
                acks.add(probe.send(new ProducerRecord<>(topic, partition, READY, READY)));
            }
            for (Future<RecordMetadata> ack : acks) {
                ack.get(180, TimeUnit.SECONDS);
            }
        }
        return topic;
    }
}
