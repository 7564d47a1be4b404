package org.interviewpanel.analytics;

import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.UUID;

import org.interviewpanel.events.ReceivedEvent;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What each event type changes in the analytics tables. Every statement is an idempotent, order-independent upsert:
 * events of one session may arrive in any order, twice, or before the session's scheduling event (which then only fills
 * in the rest of the row).
 */
final class Projection {

    private static final String SESSION_SEEN = "insert into analytics.session_fact (session_id, candidate_ref) "
            + "values (?, ?) on conflict do nothing";

    private static final String PANELIST_SEEN = "insert into analytics.panelist_fact (session_id, username) "
            + "values (?, ?) on conflict do nothing";

    private Projection() {
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
            case SESSION_RESCHEDULED -> s.add("insert into analytics.session_fact (session_id, candidate_ref, "
                    + "scheduled_at, schedule_sequence) values (?, ?, ?, ?) on conflict (session_id) do update set "
                    + "scheduled_at = excluded.scheduled_at, schedule_sequence = excluded.schedule_sequence "
                    + "where session_fact.schedule_sequence is null "
                    + "or session_fact.schedule_sequence < excluded.schedule_sequence",
                    session, candidate, time(b, "scheduledAt"), b.path("sequence").asInt());
            case CANDIDATE_ERASED -> s.add("insert into analytics.session_fact (session_id, candidate_erased) "
                    + "values (?, true) on conflict (session_id) do update set candidate_ref = null, "
                    + "candidate_erased = true", session);
            case SESSION_STARTED -> timestamp(s, session, candidate, "started_at", time(b, "startedAt"));
            case SESSION_ENDED -> timestamp(s, session, candidate, "ended_at", time(b, "endedAt"));
            case SESSION_CANCELLED -> timestamp(s, session, candidate, "cancelled_at", time(b, "cancelledAt"));
            case DECISION_RECORDED -> s.add("insert into analytics.session_fact (session_id, candidate_ref, decided_at, "
                    + "decision) values (?, ?, ?, ?) on conflict (session_id) do update set decided_at = "
                    + "excluded.decided_at, decision = excluded.decision", session, candidate, time(b, "decidedAt"),
                    b.path("decision").asText());
            case QUESTION_ASKED -> {
                s.add(SESSION_SEEN, session, candidate);
                s.add("insert into analytics.ask_fact (session_id, position, asked_at) values (?, ?, ?) "
                        + "on conflict do nothing", session, b.path("position").asInt(), time(b, "askedAt"));
            }
            case RATING_RECORDED -> {
                s.add(SESSION_SEEN, session, candidate);
                s.add(PANELIST_SEEN, session, b.path("panelist").asText());
                JsonNode rating = b.path("rating");
                s.add("insert into analytics.rating_fact (session_id, username, position, rating, revision, shadow) "
                        + "values (?, ?, ?, ?, ?, ?) on conflict (session_id, username, position) do update "
                        + "set rating = excluded.rating, revision = excluded.revision, shadow = excluded.shadow "
                        + "where not rating_fact.final and excluded.revision > rating_fact.revision",
                        session, b.path("panelist").asText(), b.path("position").asInt(),
                        rating.isNull() ? null : rating.asInt(), b.path("revision").asInt(), shadow(b));
            }
            case SCORECARD_SUBMITTED -> submitted(s, session, candidate, b);
            case CALIBRATION_ATTEMPTED -> throw new IllegalStateException("not a session event");
            case PARTICIPANT_JOINED, PARTICIPANT_LEFT -> {
                // presence is not analysed; the event is logged as processed all the same
            }
        }
    }

    private static void scheduled(JdbcBatch s, UUID session, UUID candidate, JsonNode b) throws SQLException {
        s.add("insert into analytics.session_fact (session_id, candidate_ref, position, question_set_id, "
                + "question_set_name, panel_size, item_count, scheduled_at, schedule_sequence) "
                + "values (?, ?, ?, ?, ?, ?, ?, ?, 0) "
                + "on conflict (session_id) do update set candidate_ref = case when session_fact.candidate_erased "
                + "then null else excluded.candidate_ref end, "
                + "position = excluded.position, question_set_id = excluded.question_set_id, "
                + "question_set_name = excluded.question_set_name, panel_size = excluded.panel_size, "
                + "item_count = excluded.item_count, "
                // a reschedule seen first (a redelivery, a rebuild out of order) keeps its later time
                + "scheduled_at = case when session_fact.schedule_sequence is null then excluded.scheduled_at "
                + "else session_fact.scheduled_at end, "
                + "schedule_sequence = coalesce(session_fact.schedule_sequence, 0)",
                session, candidate, b.path("position").asText(), UUID.fromString(b.path("questionSetId").asText()),
                text(b, "questionSetName"), panelSeats(b.path("panel")), b.path("items").size(),
                time(b, "scheduledAt"));
        for (JsonNode item : b.path("items")) {
            s.add("insert into analytics.item_fact (session_id, position, question_key, question_version, "
                    + "question_text, category, minutes) values (?, ?, ?, ?, ?, ?, ?) on conflict do nothing",
                    session, item.path("position").asInt(), item.path("questionKey").asText(),
                    item.path("questionVersion").asInt(), text(item, "text"), item.path("category").asText(),
                    item.path("minutes").asInt());
        }
        for (JsonNode p : b.path("panel")) {
            s.add("insert into analytics.panelist_fact (session_id, username, lead, shadow) values (?, ?, ?, ?) "
                    + "on conflict (session_id, username) do update set lead = excluded.lead, shadow = excluded.shadow",
                    session, p.path("username").asText(), p.path("lead").asBoolean(), shadow(p));
        }
    }

    private static void submitted(JdbcBatch s, UUID session, UUID candidate, JsonNode b) throws SQLException {
        s.add(SESSION_SEEN, session, candidate);
        String panelist = b.path("panelist").asText();
        s.add("insert into analytics.panelist_fact (session_id, username, submitted_at, recommendation, shadow) "
                + "values (?, ?, ?, ?, ?) on conflict (session_id, username) do update "
                + "set submitted_at = excluded.submitted_at, recommendation = excluded.recommendation, "
                + "shadow = excluded.shadow",
                session, panelist, time(b, "submittedAt"), b.path("recommendation").asText(), shadow(b));
        for (JsonNode r : b.path("ratings")) {
            s.add("insert into analytics.rating_fact (session_id, username, position, rating, revision, final, shadow) "
                    + "values (?, ?, ?, ?, 2147483647, true, ?) on conflict (session_id, username, position) "
                    + "do update set rating = excluded.rating, revision = excluded.revision, final = true, "
                    + "shadow = excluded.shadow",
                    session, panelist, r.path("position").asInt(), r.path("rating").asInt(), shadow(b));
        }
    }

    /** A calibration attempt: one row per reference answer rated, beside the experts' rating. */
    private static void attempted(JdbcBatch s, JsonNode b) throws SQLException {
        UUID attempt = UUID.fromString(b.path("attemptId").asText());
        for (JsonNode r : b.path("ratings")) {
            s.add("insert into analytics.calibration_rating (attempt_id, interviewer, category, question_key, "
                    + "answer_key, rating, expert, attempted_at) values (?, ?, ?, ?, ?, ?, ?, ?) on conflict do nothing",
                    attempt, b.path("interviewer").asText(), b.path("category").asText(),
                    b.path("questionKey").asText(), r.path("answerKey").asText(), r.path("rating").asInt(),
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

    private static void timestamp(JdbcBatch s, UUID session, UUID candidate, String column, Timestamp at)
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
}
