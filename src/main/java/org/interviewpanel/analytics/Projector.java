package org.interviewpanel.analytics;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

/**
 * Turns session events into the analytics tables. Every statement is an idempotent, order-independent upsert, and the
 * processed-event log is written in the same transaction as the change, so redelivered, replayed or interleaved events
 * (the live consumer and a rebuild at once) leave the same tables. Events for a session not seen yet simply create its
 * row. An event that cannot be read, or does not match its type's schema, is returned as a dead letter with the reason.
 */
@ApplicationScoped
public class Projector {

    static final String PREFIX = "interviewpanel.";

    /** One record as read from the topic. */
    public record Raw(String key, String value, String ceId, String ceType, int partition, long offset) {
    }

    /** A record that cannot be projected, and why. */
    public record DeadLetter(Raw raw, String reason) {
    }

    /** What a batch did. */
    public record Outcome(int applied, int duplicates, int ignored, List<DeadLetter> deadLetters) {
    }

    private record Event(UUID id, String type, UUID sessionId, JsonNode body) {
    }

    private static final Set<String> TYPES = Set.of("session.scheduled.v1", "session.started.v1",
            "participant.joined.v1", "participant.left.v1", "question.asked.v1", "rating.recorded.v1",
            "scorecard.submitted.v1", "session.ended.v1", "session.cancelled.v1", "decision.recorded.v1");

    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, JsonSchema> schemas = new LinkedHashMap<>();

    public Projector() {
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
        for (String type : TYPES) {
            try (InputStream in = Projector.class.getResourceAsStream("/events/" + type + ".schema.json")) {
                schemas.put(PREFIX + type, factory.getSchema(in));
            } catch (IOException e) {
                throw new IllegalStateException("cannot read the schema of " + type, e);
            }
        }
    }

    /** Applies a batch in the connection's current transaction; the caller commits. */
    public Outcome apply(Connection c, List<Raw> batch) throws SQLException {
        List<DeadLetter> dead = new ArrayList<>();
        List<Event> events = new ArrayList<>();
        int ignored = 0;
        for (Raw raw : batch) {
            try {
                Event e = parse(raw);
                if (e == null) {
                    ignored++;
                } else {
                    events.add(e);
                }
            } catch (Invalid e) {
                dead.add(new DeadLetter(raw, e.getMessage()));
            }
        }
        List<Event> fresh = new ArrayList<>();
        try (PreparedStatement log = c.prepareStatement(
                "insert into analytics.processed_event (event_id, type) values (?, ?) on conflict do nothing")) {
            for (Event e : events) {
                log.setObject(1, e.id());
                log.setString(2, e.type());
                log.addBatch();
            }
            int[] counts = events.isEmpty() ? new int[0] : log.executeBatch();
            for (int i = 0; i < counts.length; i++) {
                if (counts[i] > 0) {
                    fresh.add(events.get(i));
                }
            }
        }
        try (Statements s = new Statements(c)) {
            for (Event e : fresh) {
                project(s, e);
            }
            s.execute();
        }
        return new Outcome(fresh.size(), events.size() - fresh.size(), ignored, dead);
    }

    /** Empties every analytics table (a rebuild starts here). */
    public void truncate(Connection c) throws SQLException {
        try (var st = c.createStatement()) {
            st.execute("truncate analytics.processed_event, analytics.session_fact, analytics.item_fact, "
                    + "analytics.ask_fact, analytics.panelist_fact, analytics.rating_fact");
        }
    }

    // --- reading ---

    static final class Invalid extends Exception {
        private static final long serialVersionUID = 1L;

        Invalid(String message) {
            super(message, null, false, false);
        }
    }

    /** The event, or null for a well-formed event of a type analytics does not use (a newer producer). */
    private Event parse(Raw raw) throws Invalid {
        if (raw.ceType() == null || raw.ceType().isBlank()) {
            throw new Invalid("missing ce_type header");
        }
        if (raw.ceId() == null) {
            throw new Invalid("missing ce_id header");
        }
        UUID id = uuid(raw.ceId(), "ce_id");
        if (raw.value() == null) {
            throw new Invalid("empty value");
        }
        JsonNode body;
        try {
            body = json.readTree(raw.value());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new Invalid("value is not JSON: " + e.getOriginalMessage());
        }
        if (body == null || !body.isObject()) {
            throw new Invalid("value is not a JSON object");
        }
        JsonSchema schema = schemas.get(raw.ceType());
        if (schema == null) {
            if (raw.ceType().startsWith(PREFIX)) {
                return null;
            }
            throw new Invalid("unknown event type '" + raw.ceType() + "'");
        }
        Set<ValidationMessage> errors = schema.validate(body);
        if (!errors.isEmpty()) {
            throw new Invalid("does not match the " + raw.ceType() + " schema: " + errors.stream()
                    .map(ValidationMessage::getMessage).sorted().limit(5).collect(Collectors.joining("; ")));
        }
        UUID session = uuid(body.path("sessionId").asText(), "sessionId");
        if (raw.key() != null && !raw.key().equals(session.toString())) {
            throw new Invalid("record key " + raw.key() + " is not the event's sessionId " + session);
        }
        return new Event(id, raw.ceType().substring(PREFIX.length()), session, body);
    }

    private static UUID uuid(String text, String what) throws Invalid {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw new Invalid(what + " is not a UUID: '" + text + "'");
        }
    }

    // --- projecting ---

    private static final String SESSION_SEEN = "insert into analytics.session_fact (session_id, candidate_ref) "
            + "values (?, ?) on conflict do nothing";

    private void project(Statements s, Event e) throws SQLException {
        JsonNode b = e.body();
        UUID session = e.sessionId();
        UUID candidate = UUID.fromString(b.path("candidateRef").asText());
        switch (e.type()) {
            case "session.scheduled.v1" -> {
                s.add("insert into analytics.session_fact (session_id, candidate_ref, position, question_set_id, "
                        + "question_set_name, panel_size, item_count, scheduled_at) values (?, ?, ?, ?, ?, ?, ?, ?) "
                        + "on conflict (session_id) do update set candidate_ref = excluded.candidate_ref, "
                        + "position = excluded.position, question_set_id = excluded.question_set_id, "
                        + "question_set_name = excluded.question_set_name, panel_size = excluded.panel_size, "
                        + "item_count = excluded.item_count, scheduled_at = excluded.scheduled_at",
                        session, candidate, b.path("position").asText(),
                        UUID.fromString(b.path("questionSetId").asText()), text(b, "questionSetName"),
                        b.path("panel").size(), b.path("items").size(), time(b, "scheduledAt"));
                for (JsonNode item : b.path("items")) {
                    s.add("insert into analytics.item_fact (session_id, position, question_key, question_version, "
                            + "question_text, category, minutes) values (?, ?, ?, ?, ?, ?, ?) on conflict do nothing",
                            session, item.path("position").asInt(), item.path("questionKey").asText(),
                            item.path("questionVersion").asInt(), text(item, "text"), item.path("category").asText(),
                            item.path("minutes").asInt());
                }
                for (JsonNode p : b.path("panel")) {
                    s.add("insert into analytics.panelist_fact (session_id, username, lead) values (?, ?, ?) "
                            + "on conflict (session_id, username) do update set lead = excluded.lead", session,
                            p.path("username").asText(), p.path("lead").asBoolean());
                }
            }
            case "session.started.v1" -> timestamp(s, session, candidate, "started_at", time(b, "startedAt"));
            case "session.ended.v1" -> timestamp(s, session, candidate, "ended_at", time(b, "endedAt"));
            case "session.cancelled.v1" -> timestamp(s, session, candidate, "cancelled_at", time(b, "cancelledAt"));
            case "decision.recorded.v1" -> {
                s.add("insert into analytics.session_fact (session_id, candidate_ref, decided_at, decision) "
                        + "values (?, ?, ?, ?) on conflict (session_id) do update set decided_at = excluded.decided_at, "
                        + "decision = excluded.decision", session, candidate, time(b, "decidedAt"),
                        b.path("decision").asText());
            }
            case "question.asked.v1" -> {
                s.add(SESSION_SEEN, session, candidate);
                s.add("insert into analytics.ask_fact (session_id, position, asked_at) values (?, ?, ?) "
                        + "on conflict do nothing", session, b.path("position").asInt(), time(b, "askedAt"));
            }
            case "rating.recorded.v1" -> {
                s.add(SESSION_SEEN, session, candidate);
                s.add(PANELIST_SEEN, session, b.path("panelist").asText());
                JsonNode rating = b.path("rating");
                s.add("insert into analytics.rating_fact (session_id, username, position, rating, revision) "
                        + "values (?, ?, ?, ?, ?) on conflict (session_id, username, position) do update "
                        + "set rating = excluded.rating, revision = excluded.revision "
                        + "where not rating_fact.final and excluded.revision > rating_fact.revision",
                        session, b.path("panelist").asText(), b.path("position").asInt(),
                        rating.isNull() ? null : rating.asInt(), b.path("revision").asInt());
            }
            case "scorecard.submitted.v1" -> {
                s.add(SESSION_SEEN, session, candidate);
                String panelist = b.path("panelist").asText();
                s.add("insert into analytics.panelist_fact (session_id, username, submitted_at, recommendation) "
                        + "values (?, ?, ?, ?) on conflict (session_id, username) do update "
                        + "set submitted_at = excluded.submitted_at, recommendation = excluded.recommendation",
                        session, panelist, time(b, "submittedAt"), b.path("recommendation").asText());
                for (JsonNode r : b.path("ratings")) {
                    s.add("insert into analytics.rating_fact (session_id, username, position, rating, revision, final) "
                            + "values (?, ?, ?, ?, 2147483647, true) on conflict (session_id, username, position) "
                            + "do update set rating = excluded.rating, revision = excluded.revision, final = true",
                            session, panelist, r.path("position").asInt(), r.path("rating").asInt());
                }
            }
            default -> {
                // participant.joined / participant.left: presence is not analysed; logged as processed all the same
            }
        }
    }

    private static final String PANELIST_SEEN = "insert into analytics.panelist_fact (session_id, username) "
            + "values (?, ?) on conflict do nothing";

    private static void timestamp(Statements s, UUID session, UUID candidate, String column, Timestamp at)
            throws SQLException {
        s.add("insert into analytics.session_fact (session_id, candidate_ref, " + column + ") values (?, ?, ?) "
                + "on conflict (session_id) do update set " + column + " = excluded." + column, session, candidate, at);
    }

    private static String text(JsonNode body, String field) {
        return body.hasNonNull(field) ? body.get(field).asText() : null;
    }

    private static Timestamp time(JsonNode body, String field) throws SQLException {
        try {
            return Timestamp.from(Instant.parse(body.path(field).asText()));
        } catch (DateTimeParseException e) {
            throw new SQLException("bad timestamp in " + field, "22007", e);
        }
    }

    /** Batches statements by SQL text; every statement is order-independent, so batches run in any order. */
    private static final class Statements implements AutoCloseable {
        private final Connection c;
        private final Map<String, PreparedStatement> batches = new LinkedHashMap<>();

        Statements(Connection c) {
            this.c = c;
        }

        void add(String sql, Object... values) throws SQLException {
            PreparedStatement ps = batches.get(sql);
            if (ps == null) {
                ps = c.prepareStatement(sql);
                batches.put(sql, ps);
            }
            for (int i = 0; i < values.length; i++) {
                Object v = values[i];
                if (v == null) {
                    ps.setNull(i + 1, Types.NULL); // the server infers the column's type
                } else {
                    ps.setObject(i + 1, v);
                }
            }
            ps.addBatch();
        }

        void execute() throws SQLException {
            for (PreparedStatement ps : batches.values()) {
                ps.executeBatch();
            }
        }

        @Override
        public void close() throws SQLException {
            for (PreparedStatement ps : batches.values()) {
                ps.close();
            }
        }
    }

    static String header(org.apache.kafka.common.header.Headers headers, String name) {
        var h = headers.lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
