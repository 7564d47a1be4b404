package org.interviewpanel.events;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.interviewpanel.kernel.KafkaClients;
import org.jboss.logging.Logger;

/**
 * Creates the session events topic and its dead-letter topic with explicit settings (events are kept forever: analytics replays
 * them).
 */
@ApplicationScoped
public class EventTopic {

    private static final Logger LOG = Logger.getLogger(EventTopic.class);

    @Inject
    EventsConfig config;

    @Inject
    KafkaClients kafka;

    private volatile boolean ready;

    public boolean isReady() {
        return ready;
    }

    /** Creates the topic when missing; true once it exists. Safe to call repeatedly and from several instances. */
    public boolean ensure() {
        if (ready) {
            return true;
        }
        try (Admin admin = Admin.create(kafka.config(Map.of(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000)))) {
            Set<String> names = admin.listTopics().names().get(5, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (String name : List.of(config.topic(), config.deadLetterTopic())) {
                if (!names.contains(name)) {
                    Map<String, String> topicConfig = new HashMap<>();
                    topicConfig.put(TopicConfig.RETENTION_MS_CONFIG, "-1");
                    topicConfig.put(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE);
                    config.minInsyncReplicas().ifPresent(
                            n -> topicConfig.put(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, String.valueOf(n)));
                    missing.add(new NewTopic(name, config.partitions(), config.replicationFactor()).configs(topicConfig));
                }
            }
            for (NewTopic topic : missing) {
                try {
                    admin.createTopics(List.of(topic)).all().get(10, TimeUnit.SECONDS);
                    LOG.infof("Created topic %s (%d partitions, replication %d, retention forever)", topic.name(),
                            config.partitions(), config.replicationFactor());
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
            ready = true;
            return true;
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            LOG.debugf("Topic %s not ready yet: %s", config.topic(), e.toString());
            return false;
        }
    }
}
