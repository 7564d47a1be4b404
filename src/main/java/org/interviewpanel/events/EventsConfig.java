package org.interviewpanel.events;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "panel.events")
public interface EventsConfig {

    /** The session events topic. */
    @WithDefault("interview-panel.session-events")
    String topic();

    /** Where consumers put events they cannot process, with the reason (kept forever, like the events). */
    @WithDefault("interview-panel.session-events.dlq")
    String deadLetterTopic();

    @WithDefault("6")
    int partitions();

    /** 1 on a single local broker; 3 in production. */
    @WithDefault("1")
    short replicationFactor();

    /** Set with a replication factor of 3 (2 in production) so acks=all survives one broker. */
    Optional<Integer> minInsyncReplicas();

    /** The CloudEvents source attribute. */
    @WithDefault("/interview-panel")
    String source();

    Relay relay();

    interface Relay {
        /** Whether this instance competes to relay the outbox (exactly one relays at a time). */
        @WithDefault("true")
        boolean enabled();

        /** Fallback polling when no commit notification arrives. */
        @WithDefault("1s")
        Duration pollInterval();

        /** How often a standby instance tries to take over. */
        @WithDefault("2s")
        Duration takeoverInterval();

        @WithDefault("500")
        int batchSize();

        /**
         * A safety bound on waiting for a batch's acknowledgements. The producer's own delivery.timeout.ms ends every
         * send first (with success or failure); the relay never re-sends while an earlier send may still land, so a
         * broker outage causes no duplicates.
         */
        @WithDefault("5m")
        Duration sendTimeout();

        /** Relayed rows are deleted after this long. */
        @WithDefault("7d")
        Duration purgeAfter();

        /** The {@code events} health group goes DOWN when the oldest unsent event is older than this. */
        @WithDefault("60s")
        Duration readinessMaxAge();

        /**
         * A direct connection for the relay's advisory lock and LISTEN (set it when the datasource goes through a
         * pooler in transaction mode); by default the datasource's URL.
         */
        Optional<String> jdbcUrl();

        /** The PostgreSQL advisory lock that elects the relay. */
        @WithDefault("7245901")
        long lockKey();
    }
}
