package org.interviewpanel.live;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "panel.live")
public interface LiveConfig {

    /** Sockets one participant (a panelist, or the candidate) may hold to one session's room on one instance. */
    @WithDefault("4")
    int maxConnectionsPerParticipant();

    /** Sockets one user may hold on one instance, over all sessions. */
    @WithDefault("16")
    int maxConnectionsPerUser();

    /**
     * How long a participant may be gone before "left" is recorded: a reload or a short network drop is no presence
     * change, and writes no event.
     */
    @WithDefault("5s")
    Duration presenceGrace();

    /**
     * Serial lanes the fan-out spreads sessions over: one session's frames go out in order on its lane, a lane waiting
     * on the database holds up only the sessions that share it.
     */
    @WithDefault("4")
    int fanOutLanes();
}
