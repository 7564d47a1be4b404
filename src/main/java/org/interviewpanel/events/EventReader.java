package org.interviewpanel.events;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.common.header.Header;
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
        Attributes event = Attributes.of(headers, value);
        Optional<EventType> type = EventType.ofCeType(event.type());
        if (type.isEmpty()) {
            if (event.type().startsWith(EventType.PREFIX)) {
                return Optional.empty();
            }
            throw new UnreadableEvent("unknown event type '" + event.type() + "'");
        }
        UUID id = uuid(event.id(), "ce_id");
        if (event.data() == null || event.data().length == 0) {
            throw new UnreadableEvent("empty value");
        }
        JsonNode data;
        try {
            data = json.readTree(event.data());
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
        return Optional.of(new ReceivedEvent(id, type.get(), session, event.time(), data));
    }

    /**
     * The CloudEvents attributes and data of a record. Binary mode as this application writes it ({@code ce_*} headers,
     * spec version 1.0, the data in the value) is read straight from the headers — a fifth of what it costs through the
     * SDK's generic reader, which stays for anything else (structured mode, other versions) and its error messages.
     */
    record Attributes(String id, String type, Instant time, byte[] data) {

        static Attributes of(Headers headers, byte[] value) throws UnreadableEvent {
            String version = header(headers, "ce_specversion");
            String id = header(headers, "ce_id");
            String type = header(headers, "ce_type");
            String source = header(headers, "ce_source");
            if ("1.0".equals(version) && id != null && !id.isEmpty() && type != null && !type.isEmpty()
                    && source != null && !source.isEmpty()) {
                String time = header(headers, "ce_time");
                try {
                    return new Attributes(id, type, time == null ? null : OffsetDateTime.parse(time).toInstant(), value);
                } catch (DateTimeParseException e) {
                    throw new UnreadableEvent("not a CloudEvent: ce_time is not a timestamp: '" + time + "'");
                }
            }
            CloudEvent event;
            try {
                event = KafkaMessageFactory.createReader(headers, value).toEvent();
            } catch (CloudEventRWException | IllegalStateException e) {
                throw new UnreadableEvent("not a CloudEvent: " + e.getMessage());
            }
            return new Attributes(event.getId(), event.getType(),
                    event.getTime() == null ? null : event.getTime().toInstant(),
                    event.getData() == null ? null : event.getData().toBytes());
        }

        private static String header(Headers headers, String name) {
            Header h = headers.lastHeader(name);
            return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
        }
    }

    private static UUID uuid(String text, String what) throws UnreadableEvent {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new UnreadableEvent(what + " is not a UUID: '" + text + "'");
        }
    }
}
