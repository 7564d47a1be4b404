package org.interviewpanel.events;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;

import io.smallrye.health.api.HealthGroup;

/**
 * DOWN while events wait too long for Kafka: live views and analytics are stale. In the {@code events} health group
 * ({@code /q/health/group/events}), not in readiness: the outbox exists so that writes go on while Kafka is away, and
 * taking every instance out of service would turn a delay into an outage. Alerts watch this group and
 * {@code panel_outbox_oldest_unsent_age_seconds}.
 */
@HealthGroup("events")
@ApplicationScoped
public class OutboxHealthCheck implements HealthCheck {

    @Inject
    OutboxMetrics metrics;

    @Inject
    EventsConfig config;

    @Override
    public HealthCheckResponse call() {
        long age = metrics.oldestUnsentAgeMillis();
        return HealthCheckResponse.named("Event outbox")
                .status(age <= config.relay().readinessMaxAge().toMillis())
                .withData("oldestUnsentSeconds", age / 1000)
                .withData("relayHere", metrics.isLeader())
                .build();
    }
}
