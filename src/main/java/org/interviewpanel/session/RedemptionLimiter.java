package org.interviewpanel.session;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Counts failed link redemptions per client address in a sliding window. It only ever slows down guessing: a valid
 * link always works, whatever its address did before (behind a proxy every candidate may share one address), and an
 * address over the limit gets 429 for its wrong guesses instead of 404. The address is the one Quarkus resolves: the
 * peer, or the client named by X-Forwarded-For / Forwarded when the peer is a trusted proxy
 * ({@code quarkus.http.proxy.*}, see the README). Memory is bounded: at most {@code max-tracked-clients} addresses,
 * the least recently seen forgotten first, each with at most the limit's number of timestamps. Kept per instance, so
 * with N replicas an address gets N times the limit.
 * <p>
 * Hand-written rather than a cache library: the rule that matters here (failures only, never the valid path) is the
 * whole of it, and it is twenty lines.
 */
@ApplicationScoped
public class RedemptionLimiter {

    @Inject
    SessionConfig config;

    @Inject

    Clock clock;

    private final Map<String, Deque<Instant>> failures = new LinkedHashMap<>(256, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Deque<Instant>> eldest) {
            return size() > config.maxTrackedClients();
        }
    };

    /** Records a failed redemption; true when the address is now over the limit. */
    public synchronized boolean failed(String client) {
        Instant now = clock.instant();
        Deque<Instant> recent = failures.computeIfAbsent(client, k -> new ArrayDeque<>());
        prune(recent, now);
        if (recent.size() < config.maxFailedRedemptions()) {
            recent.addLast(now);
            return false;
        }
        return true;
    }

    synchronized int trackedClients() {
        return failures.size();
    }

    /** Forgets all failures (tests share one client address). */
    synchronized void reset() {
        failures.clear();
    }

    private void prune(Deque<Instant> recent, Instant now) {
        Instant cutoff = now.minus(config.redemptionWindow());
        while (!recent.isEmpty() && recent.peekFirst().isBefore(cutoff)) {
            recent.pollFirst();
        }
    }
}
