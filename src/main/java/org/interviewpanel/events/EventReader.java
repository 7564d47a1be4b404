package org.interviewpanel.events;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.common.header.Headers;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.KafkaMessageFactory;
import io.cloudevents.rw.CloudEventRWException;

/**
 * Reads a record of the events topic back into a {@link ReceivedEvent} through the CloudEvents SDK's Kafka binding
 * (binary mode: attributes in {@code ce_*} headers, data in the value). Every consumer reads through here: the analytics
 * projection, its rebuild and the live fan-out.
 */
@ApplicationScoped
public class EventReader {

    @Inject
    EventSchemas schemas;

    private final ObjectMapper json = new ObjectMapper();

    /**
     * The event, or empty for a well-formed event of a type this version does not know yet (a newer producer: skipped,
     * not an error).
     *
     * @param validate whether the data must match its type's schema (analytics: yes; the live path trusts the topic)
     * @throws UnreadableEvent when the record is not a CloudEvent, not one of ours, or not what its type says
     */
    public Optional<ReceivedEvent> read(String key, Headers headers, byte[] value, boolean validate)
            throws UnreadableEvent {
        CloudEvent event;
        try {
            event = KafkaMessageFactory.createReader(headers, value).toEvent();
        } catch (CloudEventRWException | IllegalStateException e) {
            throw new UnreadableEvent("not a CloudEvent: " + e.getMessage());
        }
        Optional<EventType> type = EventType.ofCeType(event.getType());
        if (type.isEmpty()) {
            if (event.getType().startsWith(EventType.PREFIX)) {
                return Optional.empty();
            }
            throw new UnreadableEvent("unknown event type '" + event.getType() + "'");
        }
        UUID id = uuid(event.getId(), "ce_id");
        if (event.getData() == null || event.getData().toBytes().length == 0) {
            throw new UnreadableEvent("empty value");
        }
        JsonNode data;
        try {
            data = json.readTree(event.getData().toBytes());
        } catch (JsonProcessingException e) {
            throw new UnreadableEvent("value is not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UnreadableEvent("value is not JSON: " + e.getMessage());
        }
        if (data == null || !data.isObject()) {
            throw new UnreadableEvent("value is not a JSON object");
        }
        if (validate) {
            List<String> problems = schemas.problems(type.get(), data);
            if (!problems.isEmpty()) {
                throw new UnreadableEvent("does not match the " + type.get().ceType() + " schema: "
                        + String.join("; ", problems));
            }
        }
        String keyField = type.get().keyField();
        UUID session = uuid(data.path(keyField).asText(), keyField);
        if (key != null && !key.equals(session.toString())) {
            throw new UnreadableEvent("record key " + key + " is not the event's " + keyField + " " + session);
        }
        return Optional.of(new ReceivedEvent(id, type.get(), session,
                event.getTime() == null ? null : event.getTime().toInstant(), data));
    }

    private static UUID uuid(String text, String what) throws UnreadableEvent {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new UnreadableEvent(what + " is not a UUID: '" + text + "'");
        }
    }
}
