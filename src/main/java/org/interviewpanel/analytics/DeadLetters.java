package org.interviewpanel.analytics;

import java.nio.charset.StandardCharsets;
import java.util.List;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * Puts events analytics cannot process on the dead-letter topic unchanged (key, value and every original header, so the
 * CloudEvent reads back as it was), plus {@code dlq-reason}, {@code dlq-partition} and {@code dlq-offset}. Waits for
 * Kafka's acknowledgement, so the batch is acknowledged only once its poison messages are safely parked. Counted in
 * {@code panel_analytics_dead_letters_total}.
 */
@ApplicationScoped
public class DeadLetters {

    private static final Logger LOG = Logger.getLogger(DeadLetters.class);

    @Inject
    @Channel("analytics-dead-letters")
    MutinyEmitter<byte[]> emitter;

    @Inject
    MeterRegistry registry;

    private Counter counter;

    @PostConstruct
    void metrics() {
        counter = Counter.builder("panel_analytics_dead_letters")
                .description("Session events analytics could not process, sent to the dead-letter topic").register(registry);
    }

    public void send(List<Projector.DeadLetter> letters) {
        for (Projector.DeadLetter letter : letters) {
            TopicRecord record = letter.record();
            RecordHeaders headers = new RecordHeaders();
            if (record.headers() != null) {
                for (Header h : record.headers()) {
                    headers.add(h);
                }
            }
            headers.add("dlq-reason", bytes(letter.reason()));
            headers.add("dlq-partition", bytes(String.valueOf(record.partition())));
            headers.add("dlq-offset", bytes(String.valueOf(record.offset())));
            var metadata = OutgoingKafkaRecordMetadata.<String> builder().withKey(record.key()).withHeaders(headers)
                    .build();
            emitter.sendMessageAndAwait(Message.of(record.value() == null ? new byte[0] : record.value())
                    .addMetadata(metadata));
            counter.increment();
            LOG.warnf("Dead-lettered the event at partition %d offset %d: %s", record.partition(), record.offset(),
                    letter.reason());
        }
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
