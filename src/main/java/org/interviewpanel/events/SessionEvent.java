package org.interviewpanel.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The events of an interview session, published to {@code interview-panel.session-events} with the session id as
 * key (and a calibration attempt's, keyed by the attempt). Each carries the pseudonymous candidate reference, never the
 * candidate's name or email. The JSON Schemas under
 * {@code src/main/resources/events/} describe them for outside consumers.
 */
public sealed interface SessionEvent {

    UUID sessionId();

    UUID candidateRef();

    /** Its type: the CloudEvents type, the schema and the version (see {@link EventType}). */
    @JsonIgnore
    EventType type();

    /** When it happened. */
    @JsonIgnore
    Instant at();

    /** The CloudEvents subject: the session the event belongs to. */
    @JsonIgnore
    default String subject() {
        return "sessions/" + sessionId();
    }

    record SessionScheduled(UUID sessionId, UUID candidateRef, String position, UUID questionSetId,
            String questionSetName, List<Item> items, List<Panelist> panel, Instant scheduledAt, Instant createdAt)
            implements
                SessionEvent {

        /** An item of the snapshot: the question's key, version and text (a bank question, nothing personal). */
        public record Item(int position, String questionKey, int questionVersion, String text, String category,
                int minutes) {
        }

        public record Panelist(String username, boolean lead, Seat seat) {
        }

        @Override
        public EventType type() {
            return EventType.SESSION_SCHEDULED;
        }

        @Override
        public Instant at() {
            return createdAt;
        }
    }

    record SessionStarted(UUID sessionId, UUID candidateRef, String startedBy, Instant startedAt) implements SessionEvent {
        @Override
        public EventType type() {
            return EventType.SESSION_STARTED;
        }

        @Override
        public Instant at() {
            return startedAt;
        }
    }

    record ParticipantJoined(UUID sessionId, UUID candidateRef, ParticipantRole role, String username, JoinedVia via,
            Instant joinedAt)
            implements
                SessionEvent {

        @Override
        public EventType type() {
            return EventType.PARTICIPANT_JOINED;
        }

        @Override
        public Instant at() {
            return joinedAt;
        }
    }

    record ParticipantLeft(UUID sessionId, UUID candidateRef, ParticipantRole role, String username,
            Instant leftAt) implements SessionEvent {
        @Override
        public EventType type() {
            return EventType.PARTICIPANT_LEFT;
        }

        @Override
        public Instant at() {
            return leftAt;
        }
    }

    record QuestionAsked(UUID sessionId, UUID candidateRef, int position, int total, String questionKey,
            int questionVersion, Instant askedAt) implements SessionEvent {
        @Override
        public EventType type() {
            return EventType.QUESTION_ASKED;
        }

        @Override
        public Instant at() {
            return askedAt;
        }
    }

    record SessionEnded(UUID sessionId, UUID candidateRef, String endedBy, Instant endedAt) implements SessionEvent {
        @Override
        public EventType type() {
            return EventType.SESSION_ENDED;
        }

        @Override
        public Instant at() {
            return endedAt;
        }
    }

    /**
     * The lead moved a scheduled session. sequence is the calendar entry's revision (1 for the first move); a consumer
     * keeps the time of the highest sequence it has seen. The meeting link stays in the operational database.
     */
    record SessionRescheduled(UUID sessionId, UUID candidateRef, Instant scheduledAt, Instant previousScheduledAt,
            int durationMinutes, int sequence, String rescheduledBy, Instant rescheduledAt) implements SessionEvent {
        @Override
        public EventType type() {
            return EventType.SESSION_RESCHEDULED;
        }

        @Override
        public Instant at() {
            return rescheduledAt;
        }
    }

    /**
     * The candidate's identity and the free text about them were erased from the operational database. Consumers erase
     * whatever they hold that could identify the person; the ratings, recommendations and decision stay, under the
     * pseudonymous reference. by: an admin's username, or {@code (retention)} for the scheduled job.
     */
    record CandidateErased(UUID sessionId, UUID candidateRef, String erasedBy, Instant erasedAt) implements SessionEvent {
        @Override
        public EventType type() {
            return EventType.CANDIDATE_ERASED;
        }

        @Override
        public Instant at() {
            return erasedAt;
        }
    }

    record SessionCancelled(UUID sessionId, UUID candidateRef, String previousStatus, String cancelledBy,
            Instant cancelledAt) implements SessionEvent {
        @Override
        public EventType type() {
            return EventType.SESSION_CANCELLED;
        }

        @Override
        public Instant at() {
            return cancelledAt;
        }
    }

    /** A panelist set, changed or cleared ({@code rating} null) their rating of one item. Notes stay out of events. */
    record RatingRecorded(UUID sessionId, UUID candidateRef, String panelist, Seat seat, int position, String questionKey,
            int questionVersion, @JsonInclude(JsonInclude.Include.ALWAYS) Integer rating, boolean hasNote, int revision,
            Instant recordedAt)
            implements
                SessionEvent {
        @Override
        public EventType type() {
            return EventType.RATING_RECORDED;
        }

        @Override
        public Instant at() {
            return recordedAt;
        }
    }

    /** A panelist submitted their scorecard, which locks their ratings; carries the final ratings. */
    record ScorecardSubmitted(UUID sessionId, UUID candidateRef, String panelist, Seat seat, String recommendation,
            List<FinalRating> ratings, Instant submittedAt) implements SessionEvent {

        public record FinalRating(int position, String questionKey, int questionVersion, int rating) {
        }

        @Override
        public EventType type() {
            return EventType.SCORECARD_SUBMITTED;
        }

        @Override
        public Instant at() {
            return submittedAt;
        }
    }

    /** A hiring manager (or admin) decided; the rationale is free text and stays in the operational database. */
    record DecisionRecorded(UUID sessionId, UUID candidateRef, String decision, String decidedBy, Instant decidedAt)
            implements
                SessionEvent {
        @Override
        public EventType type() {
            return EventType.DECISION_RECORDED;
        }

        @Override
        public Instant at() {
            return decidedAt;
        }
    }

    /**
     * An interviewer rated a calibration exercise's reference answers blind. Its own aggregate (key = attemptId, one
     * event per attempt), on the same topic so analytics reads one stream; it belongs to no session and names no
     * candidate. Carries the experts' ratings as they stood, so agreement is computed from the events alone.
     */
    record CalibrationAttempted(UUID attemptId, String interviewer, UUID exerciseId, String questionKey,
            String category, List<AnswerRating> ratings, Instant attemptedAt) implements SessionEvent {

        public record AnswerRating(String answerKey, int rating, int expert) {
        }

        @Override
        @JsonIgnore
        public UUID sessionId() {
            return attemptId;
        }

        @Override
        @JsonIgnore
        public UUID candidateRef() {
            return null;
        }

        @Override
        public String subject() {
            return "calibration/attempts/" + attemptId;
        }

        @Override
        public EventType type() {
            return EventType.CALIBRATION_ATTEMPTED;
        }

        @Override
        public Instant at() {
            return attemptedAt;
        }
    }
}
