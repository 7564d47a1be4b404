package org.interviewpanel.audit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;

/** Reading the audit trail: by subject (a session or a candidate reference), actor and period, newest first. */
@ApplicationScoped
public class AuditQueries {

    static final int LIMIT = 1000;

    @Inject
    EntityManager em;

    public List<AuditView> find(String subject, String actor, Instant from, Instant to) {
        StringBuilder jpql = new StringBuilder("select e from AuditEntry e where 1 = 1");
        List<Object> params = new ArrayList<>();
        if (subject != null) {
            UUID ref = asUuid(subject);
            params.add(subject);
            jpql.append(" and (e.subject = ?").append(params.size());
            if (ref != null) {
                params.add(ref);
                jpql.append(" or e.candidateRef = ?").append(params.size());
                params.add("sessions/" + ref);
                jpql.append(" or e.subject = ?").append(params.size());
            }
            jpql.append(")");
        }
        if (actor != null) {
            params.add(actor);
            jpql.append(" and e.actor = ?").append(params.size());
        }
        if (from != null) {
            params.add(from);
            jpql.append(" and e.at >= ?").append(params.size());
        }
        if (to != null) {
            params.add(to);
            jpql.append(" and e.at < ?").append(params.size());
        }
        jpql.append(" order by e.at desc, e.id desc");
        TypedQuery<AuditEntry> query = em.createQuery(jpql.toString(), AuditEntry.class).setMaxResults(LIMIT);
        for (int i = 0; i < params.size(); i++) {
            query.setParameter(i + 1, params.get(i));
        }
        return query.getResultList().stream().map(AuditView::of).toList();
    }

    /** Every entry about a candidate, oldest first (for the export). */
    public List<AuditView> about(UUID candidateRef, UUID sessionId) {
        return em.createQuery("select e from AuditEntry e where e.candidateRef = ?1 or e.subject = ?2 "
                + "order by e.at, e.id", AuditEntry.class).setParameter(1, candidateRef)
                .setParameter(2, "sessions/" + sessionId).getResultList().stream().map(AuditView::of).toList();
    }

    private static UUID asUuid(String text) {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
