package org.interviewpanel.audit;

import java.time.Clock;
import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;

/**
 * Keeps the audit trail for {@code panel.privacy.audit-retention} (two years by default), then deletes the older entries.
 * The database lets only this purge delete: it sets a transaction-local flag the append-only trigger checks.
 */
@ApplicationScoped
public class AuditPurge {

    private static final Logger LOG = Logger.getLogger(AuditPurge.class);

    @Inject
    EntityManager em;

    @Inject
    Clock clock;

    @ConfigProperty(name = "panel.privacy.audit-retention", defaultValue = "730d")
    Duration retention;

    @Scheduled(every = "${panel.privacy.audit-purge-interval:6h}", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void purge() {
        int deleted = QuarkusTransaction.requiringNew().call(() -> {
            em.createNativeQuery("select set_config('panel.audit_purge', 'on', true)").getSingleResult();
            return em.createNativeQuery("delete from audit_entry where at < ?1")
                    .setParameter(1, clock.instant().minus(retention)).executeUpdate();
        });
        if (deleted > 0) {
            LOG.infof("Audit trail: %d entries older than %s deleted", deleted, retention);
        }
    }
}
