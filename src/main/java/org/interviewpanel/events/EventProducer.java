package org.interviewpanel.events;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.Config;
import org.interviewpanel.kernel.KafkaClients;

/**
 * The relay's Kafka producer: session events as CloudEvents in binary mode ({@code ce_*} headers, the JSON payload as
 * the value, the session id as the key). A plain producer, so Kafka's answer completes the relay's future on the
 * producer's own I/O thread: through the messaging emitter each acknowledgement was delivered by way of the HTTP event
 * loops, and under a burst of requests it waited behind them (produce → acknowledgement p50 8–10 ms at 200 changes/s,
 * 56 ms in a burst of 100 advances; a bare producer's 1 ms). Its settings: every {@code kafka.*} property (production's
 * SASL_SSL), then {@code panel.outbox-producer.*} (acks, idempotence, linger, timeouts). Made on first use, so an
 * instance starts while the broker is away.
 */
@ApplicationScoped
public class EventProducer {

    static final String PREFIX = "panel.outbox-producer.";

    private final KafkaClients clients;
    private final Map<String, Object> settings = new HashMap<>();
    private volatile KafkaProducer<String, String> producer;

    @Inject
    EventProducer(KafkaClients clients, Config config) {
        this.clients = clients;
        for (String name : config.getPropertyNames()) {
            if (name.startsWith(PREFIX)) {
                config.getOptionalValue(name, String.class).ifPresent(v -> settings.put(name.substring(PREFIX.length()), v));
            }
        }
        settings.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        settings.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        settings.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "interview-panel-outbox-relay");
    }

    /** One session event as its record: binary-mode CloudEvent, keyed by the session so its events stay in order. */
    static ProducerRecord<String, String> record(String topic, String source, OutboxPublisher.Row row) {
        RecordHeaders headers = new RecordHeaders();
        header(headers, "ce_specversion", "1.0");
        header(headers, "ce_id", row.id().toString());
        header(headers, "ce_source", source);
        header(headers, "ce_type", row.type());
        header(headers, "content-type", "application/json");
        header(headers, "ce_subject", row.subject());
        header(headers, "ce_time", time(row.occurredAt()));
        // The record's own timestamp is the time of sending (the producer's), not occurredAt: a broker refuses a
        // timestamp more than message.timestamp.after.max.ms (1 h) ahead of its clock, and an event refused for its
        // time would hold up everything behind it. When it happened travels as ce_time.
        return new ProducerRecord<>(topic, null, null, row.aggregateId().toString(), row.payload(), headers);
    }

    static String time(Instant at) {
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(at.atOffset(ZoneOffset.UTC));
    }

    private static void header(RecordHeaders headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Hands a record to Kafka; the future completes when Kafka acknowledges or refuses it (or the send cannot start: the
     * broker's metadata not reachable within {@code max.block.ms}).
     */
    CompletableFuture<Void> send(ProducerRecord<String, String> record) {
        CompletableFuture<Void> answered = new CompletableFuture<>();
        try {
            producer().send(record, (metadata, error) -> {
                if (error == null) {
                    answered.complete(null);
                } else {
                    answered.completeExceptionally(error);
                }
            });
        } catch (RuntimeException e) {
            answered.completeExceptionally(e);
        }
        return answered;
    }

    private KafkaProducer<String, String> producer() {
        KafkaProducer<String, String> current = producer;
        if (current == null) {
            synchronized (this) {
                if (producer == null) {
                    producer = new KafkaProducer<>(clients.config(settings));
                }
                current = producer;
            }
        }
        return current;
    }

    @PreDestroy
    void close() {
        KafkaProducer<String, String> current = producer;
        if (current != null) {
            current.close(Duration.ofSeconds(5));
        }
    }
}
