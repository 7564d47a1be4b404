package org.interviewpanel.session;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Counts failed link redemptions per client address in a sliding window; over the limit, redemptions are refused
 * until old failures age out. Kept per instance: with N replicas an address gets at most N times the limit.
 */
@ApplicationScoped
public class RedemptionLimiter {

    @Inject
    SessionConfig config;

    private final Map<String, Deque<Instant>> failures = new ConcurrentHashMap<>();

    public boolean blocked(String client) {
        Deque<Instant> recent = failures.get(client);
        if (recent == null) {
            return false;
        }
        synchronized (recent) {
            prune(recent, Instant.now());
            return recent.size() >= config.maxFailedRedemptions();
        }
    }

    public void failed(String client) {
        Deque<Instant> recent = failures.computeIfAbsent(client, k -> new ArrayDeque<>());
        synchronized (recent) {
            prune(recent, Instant.now());
            recent.addLast(Instant.now());
        }
        if (failures.size() > 10_000) {
            failures.entrySet().removeIf(e -> {
                synchronized (e.getValue()) {
                    prune(e.getValue(), Instant.now());
                    return e.getValue().isEmpty();
                }
            });
        }
    }

    /** Forgets all failures (tests share one client address). */
    void reset() {
        failures.clear();
    }

    private void prune(Deque<Instant> recent, Instant now) {
        Instant cutoff = now.minus(config.redemptionWindow());
        while (!recent.isEmpty() && recent.peekFirst().isBefore(cutoff)) {
            recent.pollFirst();
        }
    }
}
