package org.interviewpanel.events;

import java.sql.PreparedStatement;
import java.time.OffsetDateTime;
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

    /** The table and columns of an event row, in the order of {@link EventRow}. */
    public static final String COLUMNS = "outbox_event (id, aggregate_id, aggregate_version, type, subject, occurred_at, "
            + "payload)";

    private static final String INSERT = "insert into " + COLUMNS + " values (?, ?, ?, ?, ?, ?, cast(? as jsonb))";

    /** An event's row as it is written: {@link #COLUMNS}, in that order. */
    public record EventRow(UUID id, UUID aggregateId, int aggregateVersion, String type, String subject,
            OffsetDateTime occurredAt, String payload) {
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public UUID record(SessionEvent event, int sessionVersion) {
        EventRow row = row(event, sessionVersion);
        // A plain JDBC insert on the transaction's connection. The entity machinery (identity key read back, validation,
        // action queue) cost more CPU than anything else a rating did in the app (JFR, write-path bench), and a native
        // query still went through Hibernate's parameter metadata, its auto-flush check and its bulk-operation clean-up
        // (most of an advance's outbox time, JFR of the session-events bench). Hibernate has nothing mapped that this
        // row would change; the session's own update still flushes at commit, where the event guard checks the pair.
        em.unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
                insert.setObject(1, row.id());
                insert.setObject(2, row.aggregateId());
                insert.setInt(3, row.aggregateVersion());
                insert.setString(4, row.type());
                insert.setString(5, row.subject());
                insert.setObject(6, row.occurredAt());
                insert.setString(7, row.payload());
                insert.executeUpdate();
            }
        });
        written();
        return row.id();
    }

    /**
     * The row of an event that the caller's own statement writes, together with the change it announces (one round trip
     * instead of two). The caller then calls {@link #written()} in the same transaction.
     */
    public EventRow row(SessionEvent event, int sessionVersion) {
        try {
            return new EventRow(EventIds.next(), event.sessionId(), sessionVersion, event.type().ceType(),
                    event.subject(), event.at().atOffset(ZoneOffset.UTC), json.writeValueAsString(event));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize " + event.type(), e);
        }
    }

    /**
     * The caller's own statement, run outside any transaction (autocommit: it is its own transaction), wrote an event
     * row and has returned, so it has committed: the relay learns of it now.
     */
    public void committedOutsideTransaction() {
        wake.committed();
    }

    /** The caller's transaction wrote an event row: once it commits, the relay learns of it. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void written() {
        wake.afterCommit();
    }
}
