package org.interviewpanel.live;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.interviewpanel.events.EventsConfig;
import org.interviewpanel.kernel.KafkaClients;
import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;

/**
 * Reads the session events for this instance's live rooms on a thread of its own and hands each record straight to
 * {@link LiveFanOut}, which puts it on its session's lane. Through the messaging connector each record went by way of
 * an HTTP event loop first, and in a burst of requests it queued behind them (producer → this consumer p50 112 ms in a
 * burst of 100 advances, where Kafka answered the producer in 39 ms). Settings: every {@code kafka.*} property, then
 * {@code panel.live-consumer.*}. If the broker is away it keeps trying; it never stops the instance. Not started where
 * live rooms are not served ({@code panel.live.enabled=false}: the analytics tier).
 */
@ApplicationScoped
public class LiveConsumer {

    private static final Logger LOG = Logger.getLogger(LiveConsumer.class);
    static final String PREFIX = "panel.live-consumer.";
    static final Duration POLL = Duration.ofMillis(500);
    static final Duration RETRY = Duration.ofSeconds(2);

    @Inject
    KafkaClients clients;

    @Inject
    EventsConfig events;

    @Inject
    LiveFanOut fanOut;

    @Inject
    LiveCatchUp catchUp;

    @Inject
    LiveConfig live;

    private volatile boolean stopping;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private Thread thread;

    void start(@Observes StartupEvent event) {
        if (!live.enabled()) {
            LOG.info("Live rooms are not served by this instance (panel.live.enabled=false): no live consumer");
            return;
        }
        thread = new Thread(this::run, "live-consumer");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        while (!stopping) {
            try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(clients.config(PREFIX,
                    Map.of(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                            ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName())))) {
                consumer = c;
                c.subscribe(List.of(events.topic()), new ConsumerRebalanceListener() {
                    @Override
                    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                        catchUp.onPartitionsAssigned(c, partitions);
                    }

                    @Override
                    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                        // nothing to commit: a live consumer keeps no offsets
                    }
                });
                while (!stopping) {
                    for (ConsumerRecord<String, byte[]> record : c.poll(POLL)) {
                        fanOut.onRecord(record.headers(), record.value(), record.timestamp());
                    }
                }
            } catch (WakeupException e) {
                // stopping
            } catch (RuntimeException e) {
                if (!stopping) {
                    LOG.warnf("Live consumer failed (%s); starting again in %s", e.toString(), RETRY);
                    sleep(RETRY);
                }
            } finally {
                consumer = null;
            }
        }
    }

    private void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopping = true;
        }
    }

    @PreDestroy
    void stop() {
        stopping = true;
        KafkaConsumer<String, byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        if (thread != null) {
            try {
                thread.join(Duration.ofSeconds(5).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
