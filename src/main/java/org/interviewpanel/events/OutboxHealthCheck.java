package org.interviewpanel.events;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Not ready while events wait too long for Kafka: live views and analytics would be stale. */
@Readiness
@ApplicationScoped
public class OutboxHealthCheck implements HealthCheck {

    @Inject
    OutboxRelay relay;

    @Inject
    EventsConfig config;

    @Override
    public HealthCheckResponse call() {
        long age = relay.oldestUnsentAgeMillis();
        return HealthCheckResponse.named("Event outbox")
                .status(age <= config.relay().readinessMaxAge().toMillis())
                .withData("oldestUnsentSeconds", age / 1000)
                .withData("relayHere", relay.isLeader())
                .build();
    }
}
