package org.interviewpanel.kernel;

import java.util.HashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.Config;

import io.smallrye.common.annotation.Identifier;

/**
 * The settings for the few Kafka clients the app makes itself (admin, the rebuild's reader): every {@code kafka.*}
 * property, as the messaging channels get them, so production's SASL_SSL applies to these clients too.
 */
@ApplicationScoped
public class KafkaClients {

    @Inject
    Config config;

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> broker;

    /** The shared settings with this client's own on top. */
    public Map<String, Object> config(Map<String, Object> own) {
        Map<String, Object> config = new HashMap<>();
        broker.forEach((key, value) -> {
            // Only the client's settings: the Quarkus-side entries (e.g. health) are not Kafka's.
            if (!key.startsWith("health") && !key.startsWith("devservices")) {
                config.put(key, value);
            }
        });
        config.putAll(own);
        return config;
    }

    /**
     * The shared settings, then every property under {@code prefix} (e.g. {@code panel.live-consumer.fetch.max.wait.ms}
     * as {@code fetch.max.wait.ms}), then this client's own on top.
     */
    public Map<String, Object> config(String prefix, Map<String, Object> own) {
        Map<String, Object> settings = new HashMap<>();
        for (String name : config.getPropertyNames()) {
            if (name.startsWith(prefix)) {
                config.getOptionalValue(name, String.class)
                        .ifPresent(value -> settings.put(name.substring(prefix.length()), value));
            }
        }
        settings.putAll(own);
        return config(settings);
    }

    /** An admin client made on first use, for this client id; the caller closes it. */
    public LazyAdmin lazyAdmin(String clientId, int timeoutMs) {
        return new LazyAdmin(this, clientId, timeoutMs);
    }
}
