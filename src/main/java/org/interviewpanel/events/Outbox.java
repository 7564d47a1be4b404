package org.interviewpanel.events;

import java.sql.PreparedStatement;
import java.time.ZoneOffset;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.hibernate.Session;

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

    private static final String INSERT = "insert into outbox_event (id, aggregate_id, aggregate_version, type, subject, "
            + "occurred_at, payload) values (?, ?, ?, ?, ?, ?, cast(? as jsonb))";

    @Transactional(Transactional.TxType.MANDATORY)
    public UUID record(SessionEvent event, int sessionVersion) {
        UUID id = UUID.randomUUID();
        String payload;
        try {
            payload = json.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize " + event.type(), e);
        }
        // A plain JDBC insert on the transaction's connection. The entity machinery (identity key read back, validation,
        // action queue) cost more CPU than anything else a rating did in the app (JFR, write-path bench), and a native
        // query still went through Hibernate's parameter metadata, its auto-flush check and its bulk-operation clean-up
        // (most of an advance's outbox time, JFR of the session-events bench). Hibernate has nothing mapped that this
        // row would change; the session's own update still flushes at commit, where the event guard checks the pair.
        em.unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
                insert.setObject(1, id);
                insert.setObject(2, event.sessionId());
                insert.setInt(3, sessionVersion);
                insert.setString(4, event.type().ceType());
                insert.setString(5, event.subject());
                insert.setObject(6, event.at().atOffset(ZoneOffset.UTC));
                insert.setString(7, payload);
                insert.executeUpdate();
            }
        });
        wake.afterCommit();
        return id;
    }
}
