package org.interviewpanel.events;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A session event as a consumer reads it back from Kafka: the CloudEvents id (the outbox row's id), its type, the
 * session it belongs to (the record key: for a calibration attempt, the attempt), when it happened and its data.
 */
public record ReceivedEvent(UUID id, EventType type, UUID sessionId, Instant time, JsonNode data) {
}
