package org.interviewpanel.mail;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "panel.mail")
public interface MailConfig {

    /** Send queued mail at all (off: mail stays queued, e.g. on an instance that only serves analytics). */
    @WithDefault("true")
    boolean enabled();

    /** How often the sender looks for due mail when nothing woke it. */
    @WithDefault("5s")
    Duration pollInterval();

    /** The first retry's delay after a failed attempt; doubled per attempt up to {@link #maxRetryDelay()}. */
    @WithDefault("10s")
    Duration retryDelay();

    @WithDefault("1h")
    Duration maxRetryDelay();

    /** How many due mails one pass sends at most. */
    @WithDefault("50")
    int batchSize();

    /** The domain part of Message-IDs. */
    @WithDefault("interview-panel.local")
    String messageIdDomain();
}
