package org.interviewpanel.session;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** When a missing scorecard is chased: hours after the session ended. */
@ConfigMapping(prefix = "panel.reminders")
public interface ReminderConfig {

    @WithDefault("true")
    boolean enabled();

    /** The panelist's first reminder. */
    @WithDefault("4h")
    Duration first();

    /** The panelist's second reminder. */
    @WithDefault("24h")
    Duration second();

    /** The hiring managers are told who has not submitted. */
    @WithDefault("48h")
    Duration escalation();

    /** Sessions that ended longer ago than this are no longer chased. */
    @WithDefault("30d")
    Duration horizon();

    /** How often the job looks for overdue scorecards. */
    @WithDefault("1m")
    Duration interval();

    /** The PostgreSQL advisory lock that makes one instance at a time run the job. */
    @WithDefault("7411002")
    long lockKey();
}
