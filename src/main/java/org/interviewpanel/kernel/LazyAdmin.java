package org.interviewpanel.kernel;

import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * A Kafka admin client made on first use (so an instance starts while the broker is away) and kept, with short
 * timeouts: for the health check and the lag gauge, which ask small questions often.
 */
public final class LazyAdmin implements AutoCloseable {

    private final KafkaClients kafka;
    private final String clientId;
    private final int timeoutMs;
    private volatile Admin admin;

    LazyAdmin(KafkaClients kafka, String clientId, int timeoutMs) {
        this.kafka = kafka;
        this.clientId = clientId;
        this.timeoutMs = timeoutMs;
    }

    public Admin get() {
        Admin current = admin;
        if (current == null) {
            synchronized (this) {
                if (admin == null) {
                    admin = Admin.create(kafka.config(Map.of(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs,
                            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs,
                            AdminClientConfig.CLIENT_ID_CONFIG, clientId)));
                }
                current = admin;
            }
        }
        return current;
    }

    @Override
    public void close() {
        if (admin != null) {
            admin.close();
        }
    }
}
