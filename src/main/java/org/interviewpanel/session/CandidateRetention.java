package org.interviewpanel.session;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;

/**
 * Erases candidate identity and free text automatically {@code panel.privacy.retention} after the decision or the
 * cancellation (180 days by default), through the same erasure as an admin's request, one candidate per transaction.
 * Sessions that ended without a decision are kept until they are decided. {@link #due()} is the dry run.
 */
@ApplicationScoped
public class CandidateRetention {

    private static final Logger LOG = Logger.getLogger(CandidateRetention.class);
    static final String ACTOR = "(retention)";

    @Schema(name = "RetentionDue", description = "A candidate record the retention job erases on its next run")
    public record Due(UUID candidateRef, UUID sessionId, SessionStatus status, Instant closedAt) {
    }

    @Schema(name = "RetentionDryRun")
    public record DryRun(String retention, Instant cutoff, List<Due> due) {
    }

    @Inject
    EntityManager em;

    @Inject
    CandidatePrivacy privacy;

    @Inject
    Clock clock;

    @ConfigProperty(name = "panel.privacy.retention", defaultValue = "180d")
    Duration retention;

    @ConfigProperty(name = "panel.privacy.retention-enabled", defaultValue = "true")
    boolean enabled;

    /** What the job would erase now (at most 1,000, the oldest first). */
    public DryRun dryRun() {
        Instant cutoff = clock.instant().minus(retention);
        return new DryRun(retention.toDays() + "d", cutoff, QuarkusTransaction.requiringNew().call(() -> due(cutoff)));
    }

    List<Due> due(Instant cutoff) {
        return em.createQuery("select s from InterviewSession s where s.erasedAt is null and "
                + "coalesce(s.decidedAt, s.cancelledAt) < :cutoff order by coalesce(s.decidedAt, s.cancelledAt)",
                InterviewSession.class).setParameter("cutoff", cutoff).setMaxResults(1000).getResultList().stream()
                .map(s -> new Due(s.candidateRef, s.id, s.status, s.decidedAt != null ? s.decidedAt : s.cancelledAt))
                .toList();
    }

    @Scheduled(every = "${panel.privacy.retention-interval:1h}", delayed = "30s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void run() {
        if (!enabled) {
            return;
        }
        try {
            for (Due d : dryRun().due()) {
                QuarkusTransaction.requiringNew().run(() -> privacy.erase(d.candidateRef(),
                        "retention: " + retention.toDays() + " days after the session closed", ACTOR));
            }
        } catch (RuntimeException e) {
            LOG.warnf("Candidate retention: pass failed (%s); the next one tries again", e.toString());
        }
    }
}
