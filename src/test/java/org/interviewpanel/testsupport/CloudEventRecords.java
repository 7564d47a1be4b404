package org.interviewpanel.testsupport;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Properties;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.interviewpanel.events.EventIds;

import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.kafka.KafkaMessageFactory;

/**
 * Records for the events topic written by a test as another producer would: a CloudEvent in binary mode through the
 * CloudEvents SDK, or deliberately broken ones.
 */
public final class CloudEventRecords {

    private CloudEventRecords() {
    }

    /**
     * A well-formed CloudEvent of {@code type} (e.g. {@code interviewpanel.session.started.v1}) with a fresh id, made as
     * the application makes its events' ids ({@link EventIds}).
     */
    public static ProducerRecord<String, byte[]> event(String key, String type, String json) {
        return KafkaMessageFactory.<String> createWriter(EventStream.TOPIC, key).writeBinary(CloudEventBuilder.v1()
                .withId(EventIds.next().toString())
                .withType(type)
                .withSource(URI.create("/tests"))
                .withSubject("sessions/" + key)
                .withTime(OffsetDateTime.now(ZoneOffset.UTC))
                .withDataContentType("application/json")
                .withData(json.getBytes(StandardCharsets.UTF_8))
                .build());
    }

    /** A record with no CloudEvents headers at all. */
    public static ProducerRecord<String, byte[]> bare(String key, String value) {
        return new ProducerRecord<>(EventStream.TOPIC, key, value.getBytes(StandardCharsets.UTF_8));
    }

    public static KafkaProducer<String, byte[]> producer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, Stack.kafkaBootstrap());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }
}
