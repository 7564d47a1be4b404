package org.interviewpanel.session;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.interviewpanel.kernel.ProblemException;
import org.interviewpanel.kernel.ProblemType;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * An interview session and its state machine: {@code SCHEDULED → LIVE → ENDED → DECIDED}, and {@code CANCELLED} from
 * SCHEDULED or LIVE. Every transition bumps {@link #version}; the service records the transition's event with that
 * version, and the database refuses a commit where a version has no event.
 */
@Entity
@Table(name = "interview_session")
public class InterviewSession extends PanacheEntityBase {

    @Id
    public UUID id;
    public String position;
    public String candidateName;
    public String candidateEmail;
    public UUID candidateRef;
    public UUID questionSetId;
    public String questionSetName;
    @Enumerated(EnumType.STRING)
    public SessionStatus status;
    public Instant scheduledAt;
    public Instant startedAt;
    public Instant endedAt;
    public Instant cancelledAt;
    public Integer currentPosition;
    public Instant currentAskedAt;
    @org.hibernate.annotations.JdbcTypeCode(org.hibernate.type.SqlTypes.ARRAY)
    public Integer[] askedPositions = new Integer[0];
    public String createdBy;
    public Instant createdAt;
    @Enumerated(EnumType.STRING)
    public Decision decision;
    public String decisionRationale;
    public Instant decidedAt;
    public String decidedBy;
    public String decidedByName;
    public int version;
    public String meetingUrl;
    public Integer durationMinutes;
    public String timeZone;
    /** The calendar entry's revision (RFC 5545 SEQUENCE): 0 when scheduled, +1 per reschedule and on cancellation. */
    public int calendarSequence;
    public Instant erasedAt;

    /** What pages, APIs and mails show instead of an erased candidate's name. */
    public static final String ERASED_NAME = "Erased candidate";

    /**
     * Erases the candidate's identity and the decision's rationale (free text about them); the ratings, recommendations
     * and decision stay under the pseudonymous reference. A new version: the erasure is announced by its own event.
     */
    void eraseCandidate(Instant now) {
        candidateName = ERASED_NAME;
        candidateEmail = "";
        decisionRationale = null;
        erasedAt = now;
        version++;
    }

    /** When the interview is planned to end: the planned start plus its duration. */
    public Instant plannedEnd() {
        return scheduledAt.plus(Duration.ofMinutes(durationMinutes == null ? 60 : durationMinutes));
    }

    /** The lead moves the session (time, link, duration) before it starts; the calendar entry gets a new revision. */
    void reschedule(Instant when, String meetingUrl, Integer durationMinutes) {
        require(SessionStatus.SCHEDULED, "be rescheduled: only a scheduled session can be moved");
        scheduledAt = when;
        this.meetingUrl = meetingUrl;
        this.durationMinutes = durationMinutes;
        calendarSequence++;
        version++;
    }

    void start(Instant now) {
        require(SessionStatus.SCHEDULED, "start");
        status = SessionStatus.LIVE;
        startedAt = now;
        currentPosition = 1;
        currentAskedAt = now;
        markAsked(1);
        version++;
    }

    void ask(int position, int total, Instant now) {
        require(SessionStatus.LIVE, "move to another question");
        if (position < 1 || position > total) {
            throw new ProblemException(ProblemType.CONFLICT,
                    "There is no question " + position + " in this session (1–" + total + ")");
        }
        if (currentPosition != null && position == currentPosition) {
            throw new ProblemException(ProblemType.CONFLICT, "Question " + position + " is already the current one");
        }
        currentPosition = position;
        currentAskedAt = now;
        markAsked(position);
        version++;
    }

    private void markAsked(int position) {
        if (java.util.Arrays.stream(askedPositions).noneMatch(p -> p == position)) {
            Integer[] more = java.util.Arrays.copyOf(askedPositions, askedPositions.length + 1);
            more[askedPositions.length] = position;
            java.util.Arrays.sort(more);
            askedPositions = more;
        }
    }

    void end(Instant now) {
        require(SessionStatus.LIVE, "end");
        status = SessionStatus.ENDED;
        endedAt = now;
        version++;
    }

    String decidedByName() {
        return decidedByName != null ? decidedByName : decidedBy;
    }

    void decide(Decision outcome, String rationale, String by, String byName, Instant now) {
        if (!status.decidable()) {
            throw new ProblemException(ProblemType.CONFLICT, status == SessionStatus.DECIDED ? "This session is already decided"
                    : "A " + status + " session cannot be decided: the decision comes after the session has ended");
        }
        status = SessionStatus.DECIDED;
        decision = outcome;
        decisionRationale = rationale;
        decidedBy = by;
        decidedByName = byName;
        decidedAt = now;
        version++;
    }

    /** Whether the candidate's link (and page) still works at {@code now}. */
    public boolean linkOpen(Instant now, Duration grace) {
        return linkOpen(status, endedAt, now, grace);
    }

    /** Whether the link of a session in {@code status}, ended at {@code endedAt} (or not), still works at {@code now}. */
    static boolean linkOpen(SessionStatus status, Instant endedAt, Instant now, Duration grace) {
        return status.hasCandidateLink() || (status.over() && endedAt != null && endedAt.plus(grace).isAfter(now));
    }

    SessionStatus cancel(Instant now) {
        if (!status.cancellable()) {
            throw illegal("cancel");
        }
        SessionStatus previous = status;
        status = SessionStatus.CANCELLED;
        cancelledAt = now;
        calendarSequence++;
        version++;
        return previous;
    }

    private void require(SessionStatus expected, String action) {
        if (status != expected) {
            throw illegal(action);
        }
    }

    private ProblemException illegal(String action) {
        return new ProblemException(ProblemType.CONFLICT, "A " + status + " session cannot " + action);
    }
}
