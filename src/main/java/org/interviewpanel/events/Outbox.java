package org.interviewpanel.events;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

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
    OutboxWake wake;

    @Transactional(Transactional.TxType.MANDATORY)
    public UUID record(SessionEvent event, int sessionVersion) {
        OutboxEvent row = new OutboxEvent();
        row.id = UUID.randomUUID();
        row.aggregateId = event.sessionId();
        row.aggregateVersion = sessionVersion;
        row.type = event.type().ceType();
        row.subject = event.subject();
        row.occurredAt = event.at();
        try {
            row.payload = json.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize " + event.type(), e);
        }
        row.persist();
        wake.afterCommit();
        return row.id;
    }
}
