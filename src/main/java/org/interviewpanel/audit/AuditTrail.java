package org.interviewpanel.audit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

/**
 * The audit trail: who read or changed what about a candidate, appended in the caller's transaction (so a change and
 * its entry commit together) or, for refused attempts, in a transaction of its own. Reads of the same subject by the
 * same person within {@value #READ_WINDOW_MINUTES} minutes make one entry (a debrief reloaded is one reading).
 */
@ApplicationScoped
public class AuditTrail {

    static final int READ_WINDOW_MINUTES = 10;

    @Inject
    EntityManager em;

    @Inject
    Clock clock;

    /** Appends an entry in the caller's transaction. subject: what it is about, e.g. {@code sessions/<id>}. */
    @Transactional(Transactional.TxType.REQUIRED)
    public void record(String actor, AuditAction action, String subject, UUID candidateRef, String detail) {
        AuditEntry entry = new AuditEntry();
        entry.at = clock.instant();
        entry.actor = actor;
        entry.action = action.name();
        entry.subject = subject;
        entry.candidateRef = candidateRef;
        entry.detail = detail == null || detail.length() <= 2000 ? detail : detail.substring(0, 2000);
        entry.persist();
    }

    /** Appends an entry even though the caller's transaction is about to roll back (a refused attempt). */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void attempt(String actor, AuditAction action, String subject, UUID candidateRef, String detail) {
        record(actor, action, subject, candidateRef, detail);
    }

    /** Records a reading, once per reader and subject within the read window. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void read(String actor, AuditAction action, String subject, UUID candidateRef) {
        Instant since = clock.instant().minus(Duration.ofMinutes(READ_WINDOW_MINUTES));
        long recent = em.createQuery("select count(e) from AuditEntry e where e.actor = ?1 and e.action = ?2 "
                + "and e.subject = ?3 and e.at > ?4", Long.class).setParameter(1, actor).setParameter(2, action.name())
                .setParameter(3, subject).setParameter(4, since).getSingleResult();
        if (recent == 0) {
            record(actor, action, subject, candidateRef, null);
        }
    }
}
