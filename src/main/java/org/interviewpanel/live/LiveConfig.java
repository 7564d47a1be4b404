package org.interviewpanel.live;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "panel.live")
public interface LiveConfig {

    /**
     * Whether this instance serves live rooms: reads every session event for its sockets and accepts room sockets. The
     * web tier does; the analytics tier, which serves no users, does not (deploy/kubernetes), so its CPU goes to the
     * projection rather than to reading the whole topic a second time for rooms nobody can join there.
     */
    @WithDefault("true")
    boolean enabled();

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
