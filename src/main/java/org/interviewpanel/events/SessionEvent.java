package org.interviewpanel.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The events of an interview session, published to {@code interview-panel.session-events} with the session id as
 * key. Each carries the pseudonymous candidate reference, never the candidate's name or email. The JSON Schemas under
 * {@code src/main/resources/events/} describe them for outside consumers.
 */
public sealed interface SessionEvent {

    String TYPE_PREFIX = "interviewpanel.";

    UUID sessionId();

    UUID candidateRef();

    /** The CloudEvents type, e.g. {@code interviewpanel.session.started.v1}. */
    @JsonIgnore
    String type();

    /** When it happened. */
    @JsonIgnore
    Instant at();

    record SessionScheduled(UUID sessionId, UUID candidateRef, String position, UUID questionSetId,
            String questionSetName, List<Item> items, List<Panelist> panel, Instant scheduledAt, Instant createdAt)
            implements
                SessionEvent {

        /** An item of the snapshot: the question's key, version and text (a bank question, nothing personal). */
        public record Item(int position, String questionKey, int questionVersion, String text, String category,
                int minutes) {
        }

        public record Panelist(String username, boolean lead) {
        }

        @Override
        public String type() {
            return TYPE_PREFIX + "session.scheduled.v1";
        }

        @Override
        public Instant at() {
            return createdAt;
        }
    }

    record SessionStarted(UUID sessionId, UUID candidateRef, String startedBy, Instant startedAt) implements SessionEvent {
        @Override
        public String type() {
            return TYPE_PREFIX + "session.started.v1";
        }

        @Override
        public Instant at() {
            return startedAt;
        }
    }

    record ParticipantJoined(UUID sessionId, UUID candidateRef, Role role, String username, Via via, Instant joinedAt)
            implements
                SessionEvent {

        public enum Role {
            CANDIDATE,
            PANELIST
        }

        /** LINK: the candidate redeemed the link; ROOM: someone opened the live room (and will leave it). */
        public enum Via {
            LINK,
            ROOM
        }

        @Override
        public String type() {
            return TYPE_PREFIX + "participant.joined.v1";
        }

        @Override
        public Instant at() {
            return joinedAt;
        }
    }

    record ParticipantLeft(UUID sessionId, UUID candidateRef, ParticipantJoined.Role role, String username,
            Instant leftAt) implements SessionEvent {
        @Override
        public String type() {
            return TYPE_PREFIX + "participant.left.v1";
        }

        @Override
        public Instant at() {
            return leftAt;
        }
    }

    record QuestionAsked(UUID sessionId, UUID candidateRef, int position, int total, String questionKey,
            int questionVersion, Instant askedAt) implements SessionEvent {
        @Override
        public String type() {
            return TYPE_PREFIX + "question.asked.v1";
        }

        @Override
        public Instant at() {
            return askedAt;
        }
    }

    record SessionEnded(UUID sessionId, UUID candidateRef, String endedBy, Instant endedAt) implements SessionEvent {
        @Override
        public String type() {
            return TYPE_PREFIX + "session.ended.v1";
        }

        @Override
        public Instant at() {
            return endedAt;
        }
    }

    record SessionCancelled(UUID sessionId, UUID candidateRef, String previousStatus, String cancelledBy,
            Instant cancelledAt) implements SessionEvent {
        @Override
        public String type() {
            return TYPE_PREFIX + "session.cancelled.v1";
        }

        @Override
        public Instant at() {
            return cancelledAt;
        }
    }

    /** A panelist set, changed or cleared ({@code rating} null) their rating of one item. Notes stay out of events. */
    record RatingRecorded(UUID sessionId, UUID candidateRef, String panelist, int position, String questionKey,
            int questionVersion, @JsonInclude(JsonInclude.Include.ALWAYS) Integer rating, boolean hasNote, int revision,
            Instant recordedAt)
            implements
                SessionEvent {
        @Override
        public String type() {
            return TYPE_PREFIX + "rating.recorded.v1";
        }

        @Override
        public Instant at() {
            return recordedAt;
        }
    }

    /** A panelist submitted their scorecard, which locks their ratings; carries the final ratings. */
    record ScorecardSubmitted(UUID sessionId, UUID candidateRef, String panelist, String recommendation,
            List<FinalRating> ratings, Instant submittedAt) implements SessionEvent {

        public record FinalRating(int position, String questionKey, int questionVersion, int rating) {
        }

        @Override
        public String type() {
            return TYPE_PREFIX + "scorecard.submitted.v1";
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
        public String type() {
            return TYPE_PREFIX + "decision.recorded.v1";
        }

        @Override
        public Instant at() {
            return decidedAt;
        }
    }
}
