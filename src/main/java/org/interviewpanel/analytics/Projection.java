package org.interviewpanel.analytics;

import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.interviewpanel.events.ReceivedEvent;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What each event type changes in the analytics tables. Every statement is an idempotent, order-independent upsert:
 * events of one session may arrive in any order, twice, or before the session's scheduling event (which then only fills
 * in the rest of the row). Each row names its statement's conflict target and a rank for {@link JdbcBatch#fold}: what
 * the upsert compares (a revision, a reschedule's sequence), the position in the batch where the later one wins, 0 where
 * the first one stays ("do nothing").
 */
final class Projection {

    private static final String SESSION_SEEN = "insert into analytics.session_fact (session_id, candidate_ref) "
            + "values (?, ?) on conflict do nothing";

    private static final String PANELIST_SEEN = "insert into analytics.panelist_fact (session_id, username) "
            + "values (?, ?) on conflict do nothing";

    private static final String SCHEDULED = "insert into analytics.session_fact (session_id, candidate_ref, position, "
            + "question_set_id, question_set_name, panel_size, item_count, scheduled_at, schedule_sequence) "
            + "values (?, ?, ?, ?, ?, ?, ?, ?, 0) "
            + "on conflict (session_id) do update set candidate_ref = case when session_fact.candidate_erased "
            + "then null else excluded.candidate_ref end, "
            + "position = excluded.position, question_set_id = excluded.question_set_id, "
            + "question_set_name = excluded.question_set_name, panel_size = excluded.panel_size, "
            + "item_count = excluded.item_count, "
            // a reschedule seen first (a redelivery, a rebuild out of order) keeps its later time
            + "scheduled_at = case when session_fact.schedule_sequence is null then excluded.scheduled_at "
            + "else session_fact.scheduled_at end, "
            + "schedule_sequence = coalesce(session_fact.schedule_sequence, 0)";

    private static final String RESCHEDULED = "insert into analytics.session_fact (session_id, candidate_ref, "
            + "scheduled_at, schedule_sequence) values (?, ?, ?, ?) on conflict (session_id) do update set "
            + "scheduled_at = excluded.scheduled_at, schedule_sequence = excluded.schedule_sequence "
            + "where session_fact.schedule_sequence is null "
            + "or session_fact.schedule_sequence < excluded.schedule_sequence";

    private static final String DECISION = "insert into analytics.session_fact (session_id, candidate_ref, decided_at, "
            + "decision) values (?, ?, ?, ?) on conflict (session_id) do update set decided_at = "
            + "excluded.decided_at, decision = excluded.decision";

    /** An unconditional upsert of one of the session's times, by column. */
    private static final Map<String, String> TIMESTAMPS = Stream.of("started_at", "ended_at", "cancelled_at")
            .collect(Collectors.toUnmodifiableMap(column -> column, column -> "insert into analytics.session_fact "
                    + "(session_id, candidate_ref, " + column + ") values (?, ?, ?) on conflict (session_id) do update "
                    + "set " + column + " = excluded." + column));

    private static final String PANEL_MEMBER = "insert into analytics.panelist_fact (session_id, username, lead, shadow) "
            + "values (?, ?, ?, ?) on conflict (session_id, username) do update set lead = excluded.lead, "
            + "shadow = excluded.shadow";

    private static final String SUBMITTED = "insert into analytics.panelist_fact (session_id, username, submitted_at, "
            + "recommendation, shadow) values (?, ?, ?, ?, ?) on conflict (session_id, username) do update "
            + "set submitted_at = excluded.submitted_at, recommendation = excluded.recommendation, "
            + "shadow = excluded.shadow";

    private static final String RATING_RECORDED = "insert into analytics.rating_fact (session_id, username, position, "
            + "rating, revision, shadow) values (?, ?, ?, ?, ?, ?) on conflict (session_id, username, position) "
            + "do update set rating = excluded.rating, revision = excluded.revision, shadow = excluded.shadow "
            + "where not rating_fact.final and excluded.revision > rating_fact.revision";

    private static final String RATING_FINAL = "insert into analytics.rating_fact (session_id, username, position, "
            + "rating, revision, final, shadow) values (?, ?, ?, ?, 2147483647, true, ?) "
            + "on conflict (session_id, username, position) do update set rating = excluded.rating, "
            + "revision = excluded.revision, final = true, shadow = excluded.shadow";

    private Projection() {
    }

    /**
     * The rows a batch need not send ({@link JdbcBatch#supersede}): a provisional rating where the batch has the final
     * one (the final overwrites it and it cannot overwrite the final); the inserts that only make sure a session or a
     * panelist exists where the batch upserts that row with the same columns anyway. A rebuild, whose batches hold whole
     * sessions, writes each rating once instead of twice.
     */
    static void supersessions(JdbcBatch s) {
        s.supersede(RATING_RECORDED, List.of(RATING_FINAL));
        List<String> sessionRows = new ArrayList<>(List.of(SCHEDULED, RESCHEDULED, DECISION));
        sessionRows.addAll(TIMESTAMPS.values());
        s.supersede(SESSION_SEEN, sessionRows);
        s.supersede(PANELIST_SEEN, List.of(PANEL_MEMBER, SUBMITTED));
    }

    static void project(JdbcBatch s, ReceivedEvent e) throws SQLException {
        JsonNode b = e.data();
        if (!e.type().ofSession()) {
            attempted(s, b);
            return;
        }
        UUID session = e.sessionId();
        UUID candidate = UUID.fromString(b.path("candidateRef").asText());
        switch (e.type()) {
            case SESSION_SCHEDULED -> scheduled(s, session, candidate, b);
            case SESSION_RESCHEDULED -> s.fold(RESCHEDULED, session, b.path("sequence").asInt(), session, candidate,
                    time(b, "scheduledAt"), b.path("sequence").asInt());
            case CANDIDATE_ERASED -> s.fold("insert into analytics.session_fact (session_id, candidate_erased) "
                    + "values (?, true) on conflict (session_id) do update set candidate_ref = null, "
                    + "candidate_erased = true", session, 0, session);
            case SESSION_STARTED -> timestamp(s, session, candidate, "started_at", time(b, "startedAt"));
            case SESSION_ENDED -> timestamp(s, session, candidate, "ended_at", time(b, "endedAt"));
            case SESSION_CANCELLED -> timestamp(s, session, candidate, "cancelled_at", time(b, "cancelledAt"));
            case DECISION_RECORDED -> s.fold(DECISION, session, s.sequence(), session, candidate,
                    time(b, "decidedAt"), b.path("decision").asText());
            case QUESTION_ASKED -> {
                seen(s, session, candidate);
                int position = b.path("position").asInt();
                Timestamp at = time(b, "askedAt");
                s.fold("insert into analytics.ask_fact (session_id, position, asked_at) values (?, ?, ?) "
                        + "on conflict do nothing", List.of(session, position, at), 0, session, position, at);
            }
            case RATING_RECORDED -> {
                seen(s, session, candidate);
                String panelist = b.path("panelist").asText();
                s.fold(PANELIST_SEEN, List.of(session, panelist), 0, session, panelist);
                JsonNode rating = b.path("rating");
                int position = b.path("position").asInt();
                int revision = b.path("revision").asInt();
                s.fold(RATING_RECORDED, List.of(session, panelist, position), revision, session, panelist, position,
                        rating.isNull() ? null : rating.asInt(), revision, shadow(b));
            }
            case SCORECARD_SUBMITTED -> submitted(s, session, candidate, b);
            case CALIBRATION_ATTEMPTED -> throw new IllegalStateException("not a session event");
            case PARTICIPANT_JOINED, PARTICIPANT_LEFT -> {
                // presence is not analysed; the event is logged as processed all the same
            }
        }
    }

    private static void scheduled(JdbcBatch s, UUID session, UUID candidate, JsonNode b) throws SQLException {
        s.fold(SCHEDULED, session, s.sequence(), session, candidate, b.path("position").asText(),
                UUID.fromString(b.path("questionSetId").asText()), text(b, "questionSetName"),
                panelSeats(b.path("panel")), b.path("items").size(), time(b, "scheduledAt"));
        for (JsonNode item : b.path("items")) {
            int position = item.path("position").asInt();
            s.fold("insert into analytics.item_fact (session_id, position, question_key, question_version, "
                    + "question_text, category, minutes) values (?, ?, ?, ?, ?, ?, ?) on conflict do nothing",
                    List.of(session, position), 0, session, position, item.path("questionKey").asText(),
                    item.path("questionVersion").asInt(), text(item, "text"), item.path("category").asText(),
                    item.path("minutes").asInt());
        }
        for (JsonNode p : b.path("panel")) {
            String username = p.path("username").asText();
            s.fold(PANEL_MEMBER, List.of(session, username), s.sequence(), session, username, p.path("lead").asBoolean(),
                    shadow(p));
        }
    }

    private static void submitted(JdbcBatch s, UUID session, UUID candidate, JsonNode b) throws SQLException {
        seen(s, session, candidate);
        String panelist = b.path("panelist").asText();
        s.fold(SUBMITTED, List.of(session, panelist), s.sequence(),
                session, panelist, time(b, "submittedAt"), b.path("recommendation").asText(), shadow(b));
        for (JsonNode r : b.path("ratings")) {
            int position = r.path("position").asInt();
            s.fold(RATING_FINAL, List.of(session, panelist, position), s.sequence(),
                    session, panelist, position, r.path("rating").asInt(), shadow(b));
        }
    }

    /** A calibration attempt: one row per reference answer rated, beside the experts' rating. */
    private static void attempted(JdbcBatch s, JsonNode b) throws SQLException {
        UUID attempt = UUID.fromString(b.path("attemptId").asText());
        for (JsonNode r : b.path("ratings")) {
            String answer = r.path("answerKey").asText();
            s.fold("insert into analytics.calibration_rating (attempt_id, interviewer, category, question_key, "
                    + "answer_key, rating, expert, attempted_at) values (?, ?, ?, ?, ?, ?, ?, ?) on conflict do nothing",
                    List.of(attempt, answer), 0, attempt, b.path("interviewer").asText(), b.path("category").asText(),
                    b.path("questionKey").asText(), answer, r.path("rating").asInt(),
                    r.path("expert").asInt(), time(b, "attemptedAt"));
        }
    }

    private static int panelSeats(JsonNode panel) {
        int n = 0;
        for (JsonNode p : panel) {
            n += shadow(p) ? 0 : 1;
        }
        return n;
    }

    /** The seat of a rating, a scorecard or a panel entry; events from before shadow seats have none: the panel. */
    private static boolean shadow(JsonNode node) {
        return "SHADOW".equals(node.path("seat").asText());
    }

    private static void timestamp(JdbcBatch s, UUID session, UUID candidate, String column, Timestamp at) {
        s.fold(TIMESTAMPS.get(column), session, s.sequence(), session, candidate, at);
    }

    /** The session exists (its first event may come before its scheduling). */
    private static void seen(JdbcBatch s, UUID session, UUID candidate) {
        s.fold(SESSION_SEEN, session, 0, session, candidate);
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
}
