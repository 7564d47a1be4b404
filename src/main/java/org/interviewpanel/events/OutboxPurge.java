package org.interviewpanel.events;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.OffsetDateTime;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.agroal.api.AgroalDataSource;
import io.quarkus.scheduler.Scheduled;

/** Deletes relayed rows once they are older than {@code panel.events.relay.purge-after}; the relay leader does it. */
@ApplicationScoped
public class OutboxPurge {

    private static final Logger LOG = Logger.getLogger(OutboxPurge.class);

    @Inject
    EventsConfig config;

    @Inject
    OutboxMetrics metrics;

    @Inject
    AgroalDataSource dataSource;

    @Scheduled(every = "${panel.events.relay.purge-interval:60s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void purge() throws SQLException {
        if (!metrics.isLeader()) {
            return;
        }
        try (Connection c = dataSource.getConnection();
                PreparedStatement delete = c.prepareStatement(
                        "delete from outbox_event where sent_at is not null and sent_at < ?")) {
            delete.setObject(1, OffsetDateTime.now().minus(config.relay().purgeAfter()));
            int purged = delete.executeUpdate();
            if (purged > 0) {
                LOG.infof("Purged %d relayed events older than %s", purged, config.relay().purgeAfter());
            }
        }
    }
}
