package org.interviewpanel.analytics;

import java.nio.charset.StandardCharsets;
import java.util.List;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * Puts events analytics cannot process on the dead-letter topic: the original key, value and CloudEvents headers, plus
 * {@code dlq-reason}, {@code dlq-partition} and {@code dlq-offset}. Waits for Kafka's acknowledgement, so the batch is
 * acknowledged only once its poison messages are safely parked. Counted in {@code panel_analytics_dead_letters_total}.
 */
@ApplicationScoped
public class DeadLetters {

    private static final Logger LOG = Logger.getLogger(DeadLetters.class);

    @Inject
    @Channel("analytics-dead-letters")
    MutinyEmitter<String> emitter;

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
            Projector.Raw raw = letter.raw();
            RecordHeaders headers = new RecordHeaders();
            header(headers, "dlq-reason", letter.reason());
            header(headers, "dlq-partition", String.valueOf(raw.partition()));
            header(headers, "dlq-offset", String.valueOf(raw.offset()));
            header(headers, "ce_id", raw.ceId());
            header(headers, "ce_type", raw.ceType());
            var metadata = OutgoingKafkaRecordMetadata.<String> builder().withKey(raw.key()).withHeaders(headers).build();
            emitter.sendMessageAndAwait(Message.of(raw.value() == null ? "" : raw.value()).addMetadata(metadata));
            counter.increment();
            LOG.warnf("Dead-lettered the event at partition %d offset %d: %s", raw.partition(), raw.offset(),
                    letter.reason());
        }
    }

    private static void header(RecordHeaders headers, String name, String value) {
        if (value != null) {
            headers.add(name, value.getBytes(StandardCharsets.UTF_8));
        }
    }
}
