package org.interviewpanel.session;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "panel.sessions")
public interface SessionConfig {

    /** The public base URL of the app for candidate links; by default the URL the request came to. */
    Optional<String> publicUrl();

    /** How long after the session ends the candidate link and page still work. */
    @WithDefault("15m")
    Duration linkGrace();

    /** Failed link redemptions allowed per client address within {@link #redemptionWindow()}. */
    @WithDefault("10")
    int maxFailedRedemptions();

    @WithDefault("15m")
    Duration redemptionWindow();

    /** Mark the candidate cookie Secure (on in production, behind HTTPS). */
    @WithDefault("false")
    boolean secureCookie();
}
