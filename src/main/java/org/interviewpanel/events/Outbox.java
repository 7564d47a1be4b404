package org.interviewpanel.events;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.hibernate.query.NativeQuery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Records an event in the caller's transaction: it commits with the change it announces, or not at all. The relay
 * publishes it after commit ({@link OutboxWake} tells it). A database trigger refuses a session change whose version has no
 * event.
 */
@ApplicationScoped
public class Outbox {

    @Inject
    ObjectMapper json;

    @Inject
    EntityManager em;

    @Inject
    OutboxWake wake;

    @Transactional(Transactional.TxType.MANDATORY)
    public UUID record(SessionEvent event, int sessionVersion) {
        UUID id = UUID.randomUUID();
        String payload;
        try {
            payload = json.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize " + event.type(), e);
        }
        // A plain insert: the entity machinery (identity key read back, validation, action queue) cost more CPU than
        // anything else a rating does in the app (JFR, write-path bench). The synchronized space keeps Hibernate from
        // flushing the whole session first; the rest flushes at commit as before.
        em.createNativeQuery("insert into outbox_event (id, aggregate_id, aggregate_version, type, subject, occurred_at, "
                + "payload) values (?1, ?2, ?3, ?4, ?5, ?6, cast(?7 as jsonb))")
                .unwrap(NativeQuery.class).addSynchronizedQuerySpace("outbox_event")
                .setParameter(1, id).setParameter(2, event.sessionId()).setParameter(3, sessionVersion)
                .setParameter(4, event.type().ceType()).setParameter(5, event.subject())
                .setParameter(6, event.at()).setParameter(7, payload).executeUpdate();
        wake.afterCommit();
        return id;
    }
}
