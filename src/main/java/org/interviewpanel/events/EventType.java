package org.interviewpanel.events;

import java.util.Arrays;
import java.util.Optional;

/**
 * The one place an event type is declared: its name and version, its record, its CloudEvents type and its JSON Schema.
 * The outbox, the relay, the catalogue, the analytics projection and the live fan-out all take the type from here.
 * A new version of a type is a new constant (and a new schema file); consumers keep reading the old one.
 */
public enum EventType {
    SESSION_SCHEDULED("session.scheduled", 1, SessionEvent.SessionScheduled.class),
    SESSION_RESCHEDULED("session.rescheduled", 1, SessionEvent.SessionRescheduled.class),
    SESSION_STARTED("session.started", 1, SessionEvent.SessionStarted.class),
    PARTICIPANT_JOINED("participant.joined", 1, SessionEvent.ParticipantJoined.class),
    PARTICIPANT_LEFT("participant.left", 1, SessionEvent.ParticipantLeft.class),
    QUESTION_ASKED("question.asked", 1, SessionEvent.QuestionAsked.class),
    RATING_RECORDED("rating.recorded", 1, SessionEvent.RatingRecorded.class),
    SCORECARD_SUBMITTED("scorecard.submitted", 1, SessionEvent.ScorecardSubmitted.class),
    SESSION_ENDED("session.ended", 1, SessionEvent.SessionEnded.class),
    SESSION_CANCELLED("session.cancelled", 1, SessionEvent.SessionCancelled.class),
    DECISION_RECORDED("decision.recorded", 1, SessionEvent.DecisionRecorded.class),
    CANDIDATE_ERASED("candidate.erased", 1, SessionEvent.CandidateErased.class),
    CALIBRATION_ATTEMPTED("calibration.attempted", 1, SessionEvent.CalibrationAttempted.class, "attemptId");

    /** Every CloudEvents type of this producer starts so; an unknown one with it is from a newer version. */
    public static final String PREFIX = "interviewpanel.";

    private final String name;
    private final int version;
    private final Class<? extends SessionEvent> record;
    private final String keyField;

    EventType(String name, int version, Class<? extends SessionEvent> record) {
        this(name, version, record, "sessionId");
    }

    EventType(String name, int version, Class<? extends SessionEvent> record, String keyField) {
        this.name = name;
        this.version = version;
        this.record = record;
        this.keyField = keyField;
    }

    /** The field of the data that is also the Kafka key: the session, or the aggregate of an event outside sessions. */
    public String keyField() {
        return keyField;
    }

    /** Whether the event belongs to an interview session (and carries its candidateRef). */
    public boolean ofSession() {
        return keyField.equals("sessionId");
    }

    /** e.g. {@code session.started.v1}: the name of its schema and of its entry in the catalogue. */
    public String id() {
        return name + ".v" + version;
    }

    /** The CloudEvents type, e.g. {@code interviewpanel.session.started.v1}. */
    public String ceType() {
        return PREFIX + id();
    }

    public Class<? extends SessionEvent> record() {
        return record;
    }

    /** The JSON Schema's resource on the classpath. */
    public String schemaResource() {
        return "/events/" + id() + ".schema.json";
    }

    public static Optional<EventType> ofCeType(String ceType) {
        return Arrays.stream(values()).filter(t -> t.ceType().equals(ceType)).findFirst();
    }

    public static Optional<EventType> ofId(String id) {
        return Arrays.stream(values()).filter(t -> t.id().equals(id)).findFirst();
    }
}
