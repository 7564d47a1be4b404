package org.interviewpanel.session;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "panel.sessions")
public interface SessionConfig {

    /** The public base URL of the app, on which candidate links are built (required; https in production). */
    Optional<String> publicUrl();

    /** How long after the session ends the candidate link and page still work. */
    @WithDefault("15m")
    Duration linkGrace();

    /** Failed link redemptions allowed per client address within {@link #redemptionWindow()}. */
    @WithDefault("10")
    int maxFailedRedemptions();

    @WithDefault("15m")
    Duration redemptionWindow();

    /** How many client addresses the failure counter remembers at most (the least recently seen go first). */
    @WithDefault("10000")
    int maxTrackedClients();

    /** A link redeemed again within this interval records no new participant.joined event. */
    @WithDefault("60s")
    Duration joinEventInterval();

    /**
     * How many sessions' plans (questions and panel, which never change after scheduling) each instance keeps in
     * memory, the least recently used going first; a few KB each.
     */
    @WithDefault("2000")
    int plansKept();

    /** Mark the candidate cookie Secure (on in production, behind HTTPS). */
    @WithDefault("false")
    boolean secureCookie();
}
