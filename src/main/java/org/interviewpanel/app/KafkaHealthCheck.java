package org.interviewpanel.app;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.interviewpanel.kernel.KafkaClients;
import org.interviewpanel.kernel.LazyAdmin;

import io.smallrye.health.api.HealthGroup;

/**
 * UP while a Kafka broker answers within a few seconds (Quarkus' own check waits for the admin client's default minute,
 * far longer than any probe). In the {@code events} health group with the outbox's age, not in readiness: every
 * instance shares the broker, and taking them all out of service while the outbox holds the writes would turn a delay of
 * the live views and reports into an outage.
 */
@HealthGroup("events")
@ApplicationScoped
public class KafkaHealthCheck implements HealthCheck {

    private static final int TIMEOUT_MS = 3000;

    @Inject
    KafkaClients kafka;

    private LazyAdmin admin;

    @PostConstruct
    void init() {
        admin = kafka.lazyAdmin("interview-panel-health", TIMEOUT_MS);
    }

    @Override
    public HealthCheckResponse call() {
        // No addresses in the answer: health is for probes, not a map of the infrastructure.
        var response = HealthCheckResponse.named("Kafka broker");
        try {
            int nodes = admin.get().describeCluster().nodes().get(TIMEOUT_MS, TimeUnit.MILLISECONDS).size();
            return response.status(nodes > 0).withData("nodes", nodes).build();
        } catch (ExecutionException | TimeoutException e) {
            return response.down().withData("error", e.getClass().getSimpleName()).build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return response.down().build();
        }
    }

    @PreDestroy
    void close() {
        admin.close();
    }
}
