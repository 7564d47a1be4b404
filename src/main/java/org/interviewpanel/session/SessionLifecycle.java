package org.interviewpanel.session;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;

import org.interviewpanel.audit.AuditAction;
import org.interviewpanel.audit.AuditTrail;
import org.interviewpanel.events.Outbox;
import org.interviewpanel.events.SessionEvent;
import org.interviewpanel.kernel.AfterCommit;
import org.interviewpanel.kernel.NumberedSql;
import org.interviewpanel.kernel.ProblemException;
import org.interviewpanel.kernel.ProblemType;
import org.interviewpanel.session.SessionDtos.ItemView;
import org.interviewpanel.session.SessionDtos.SessionView;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * The lead's state machine (start, move between questions, end, cancel, the candidate link) and the hiring decision.
 * Each change locks the session row, checks who may make it, and records its event in the outbox in the same
 * transaction with the session's new version.
 */
@ApplicationScoped
public class SessionLifecycle {

    @Inject
    SessionAccess access;

    @Inject
    SessionQueries queries;

    @Inject
    Outbox outbox;

    @Inject
    CandidateLinks links;

    @Inject
    Clock clock;

    @Inject
    Invitations invitations;

    @Inject
    AuditTrail audit;

    @Inject
    SessionPlans plans;

    @Inject
    TransactionSynchronizationRegistry transactions;

    @Inject
    AgroalDataSource dataSource;

    /** The lead's moves, by how they were written: a plain JDBC transaction, or the transactional way. */
    private final Counter movedPlain;
    private final Counter movedInTransaction;

    @Inject
    SessionLifecycle(MeterRegistry registry) {
        movedPlain = Counter.builder("panel.session.advances").tag("written", "plain")
                .description("The lead's moves to another question, committed").register(registry);
        movedInTransaction = Counter.builder("panel.session.advances").tag("written", "transaction")
                .description("The lead's moves to another question, committed").register(registry);
    }

    @Transactional
    public SessionView start(UUID id, Viewer actor) {
        InterviewSession session = access.lockForLead(id, actor);
        Instant now = clock.instant();
        session.start(now);
        outbox.record(new SessionEvent.SessionStarted(session.id, session.candidateRef, actor.username(), now),
                session.version);
        SessionPlans.Plan plan = plans.of(session.id);
        askEvent(session, plan.items());
        return queries.view(session, plan);
    }

    /**
     * The lead moves to another question. The lead's move on a live session is a plain JDBC transaction of two
     * statements ({@link #advanceAlone}); everything else, and every refusal but a move the state machine refuses, takes
     * the transactional way, which tells the refusals apart.
     */
    public SessionView advance(UUID id, String to, Viewer actor) {
        SessionView moved = advanceAlone(id, to, actor);
        if (moved != null) {
            return moved;
        }
        return QuarkusTransaction.joiningExisting().call(() -> advanceLocked(id, to, actor));
    }

    private SessionView advanceLocked(UUID id, String to, Viewer actor) {
        InterviewSession session = access.lockForLead(id, actor);
        SessionPlans.Plan plan = plans.of(session.id); // the total, the question asked, the view
        session.ask(target(session, to), plan.items().size(), clock.instant());
        askEvent(session, plan.items());
        AfterCommit.run(transactions, movedInTransaction::increment);
        return queries.view(session, plan);
    }

    /**
     * An advance in a plain JDBC transaction, outside JTA and Hibernate: the first statement locks the session row for
     * update and reads it whole with whether its candidate link is active (what the view shows); the entity's own state
     * machine ({@link InterviewSession#ask}) moves it, detached; the second statement writes the moved columns and the
     * {@code question.asked} row, with the version the move made. Who may move it is decided first from the session's
     * plan (the panel, as {@link SessionAccess#lockForLead} reads it). Null, with nothing written, when the caller is
     * not the session's lead or there is no such session; a move the state machine refuses rolls back and is refused
     * (409) as the transactional way refuses it.
     */
    private SessionView advanceAlone(UUID id, String to, Viewer actor) {
        if (transactions.getTransactionStatus() != Status.STATUS_NO_TRANSACTION) {
            return null; // in a caller's transaction: its commit, not this one, decides
        }
        SessionPlans.Plan plan = plans.of(id);
        if (plan.seat(actor.username()).filter(SessionPlans.Seated::lead).isEmpty()) {
            return null; // not the lead, or no such session: the transactional way says which
        }
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                SessionView view = advanceAlone(c, id, to, plan);
                if (view == null) {
                    c.rollback();
                    return null;
                }
                c.commit();
                outbox.committedOutsideTransaction();
                movedPlain.increment();
                return view;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("session " + id + " not moved to " + to, e);
        }
    }

    private SessionView advanceAlone(Connection c, UUID id, String to, SessionPlans.Plan plan) throws SQLException {
        InterviewSession session;
        boolean linkActive;
        try (PreparedStatement lock = c.prepareStatement(LOCK_SESSION.jdbc())) {
            LOCK_SESSION.bind(lock, id);
            try (ResultSet rs = lock.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                session = SessionRows.read(rs);
                linkActive = rs.getBoolean(SessionRows.COUNT + 1);
            }
        }
        int before = session.version;
        session.ask(target(session, to), plan.items().size(), clock.instant().truncatedTo(ChronoUnit.MICROS));
        Outbox.EventRow event = outbox.row(questionAsked(session, plan.items()), session.version);
        try (PreparedStatement move = c.prepareStatement(MOVE.jdbc())) {
            MOVE.bind(move, id, before, session.currentPosition, session.currentAskedAt.atOffset(ZoneOffset.UTC),
                    c.createArrayOf("integer", session.askedPositions), session.version, event.id(), event.type(),
                    event.subject(), event.payload());
            if (move.executeUpdate() != 1) {
                throw new IllegalStateException("session " + id + " locked but not moved");
            }
        }
        return queries.view(session, plan, linkActive);
    }

    /** {@link #advanceAlone}'s first statement: the session, locked, and whether its candidate link is active. */
    private static final NumberedSql LOCK_SESSION = NumberedSql.of("""
            select %s, exists (select 1 from candidate_link l where l.session_id = s.id and l.revoked_at is null)
            from interview_session s
            where s.id = ?1
            for update of s""".formatted(SessionRows.COLUMNS));

    /**
     * {@link #advanceAlone}'s write: the moved columns of the session at the version it read ({@code ?2}), and the
     * event row ({@code ?7}–{@code ?10}) with the new version ({@code ?6}) and the time asked ({@code ?4}).
     */
    private static final NumberedSql MOVE = NumberedSql.of("""
            with moved as (
                update interview_session set current_position = ?3, current_asked_at = ?4, asked_positions = ?5,
                       version = ?6
                where id = ?1 and version = ?2
                returning id)
            insert into %s
            select ?7, ?1, ?6, ?8, ?9, ?4, cast(?10 as jsonb) from moved""".formatted(Outbox.COLUMNS));

    /** The position a move names: the next, the previous, or a number. */
    private static int target(InterviewSession session, String to) {
        int current = session.currentPosition == null ? 0 : session.currentPosition;
        return switch (to) {
            case "next" -> current + 1;
            case "previous" -> current - 1;
            default -> Integer.parseInt(to);
        };
    }

    @Transactional
    public SessionView end(UUID id, Viewer actor) {
        InterviewSession session = access.lockForLead(id, actor);
        Instant now = clock.instant();
        session.end(now);
        outbox.record(new SessionEvent.SessionEnded(session.id, session.candidateRef, actor.username(), now),
                session.version);
        return queries.view(session);
    }

    @Transactional
    public SessionView cancel(UUID id, Viewer actor) {
        InterviewSession session = access.lockForLead(id, actor);
        Instant now = clock.instant();
        SessionStatus previous = session.cancel(now);
        outbox.record(new SessionEvent.SessionCancelled(session.id, session.candidateRef, previous.name(),
                actor.username(), now), session.version);
        links.revoke(session.id, now);
        audit.record(actor.username(), AuditAction.LINK_REVOKED, CandidatePrivacy.subject(session),
                session.candidateRef, "session cancelled");
        invitations.cancelled(session);
        return queries.view(session);
    }

    /**
     * The lead moves a scheduled session: a new time, meeting link or duration. Records {@code session.rescheduled} and
     * queues the updated invitations in the same transaction; nothing is written when the input is refused.
     */
    @Transactional
    public SessionView reschedule(UUID id, SessionDtos.Reschedule change, Viewer actor) {
        if (change.scheduledAt() == null && change.meetingUrl() == null && change.durationMinutes() == null) {
            throw new ProblemException(ProblemType.VALIDATION, "Say what changes: scheduledAt, meetingUrl or "
                    + "durationMinutes");
        }
        InterviewSession session = access.lockForLead(id, actor);
        if (session.status != SessionStatus.SCHEDULED) {
            throw new ProblemException(ProblemType.CONFLICT, "A " + session.status + " session cannot be rescheduled: "
                    + "only a scheduled session can be moved");
        }
        Instant now = clock.instant();
        java.util.List<org.interviewpanel.kernel.Problem.FieldError> errors = new java.util.ArrayList<>();
        MeetingDetails.notPast(change.scheduledAt(), now, errors);
        String meetingUrl = change.meetingUrl() == null ? session.meetingUrl
                : MeetingDetails.meetingUrl(change.meetingUrl(), errors);
        if (!errors.isEmpty()) {
            throw new ProblemException(ProblemType.VALIDATION, errors.get(0).field() + ": " + errors.get(0).message(),
                    errors);
        }
        Instant previous = session.scheduledAt;
        Integer duration = change.durationMinutes() != null ? change.durationMinutes() : session.durationMinutes;
        session.reschedule(change.scheduledAt() != null ? change.scheduledAt() : previous, meetingUrl, duration);
        SessionView view = queries.view(session);
        outbox.record(new SessionEvent.SessionRescheduled(session.id, session.candidateRef, session.scheduledAt,
                previous, view.durationMinutes(), session.calendarSequence, actor.username(), now), session.version);
        invitations.rescheduled(session);
        return view;
    }

    @Transactional
    public String rotateLink(UUID id, Viewer actor) {
        InterviewSession session = access.lockForLead(id, actor);
        if (!session.status.hasCandidateLink()) {
            throw new ProblemException(ProblemType.CONFLICT, "A " + session.status + " session has no candidate link");
        }
        audit.record(actor.username(), AuditAction.LINK_ROTATED, CandidatePrivacy.subject(session),
                session.candidateRef, null);
        return links.issue(session.id, clock.instant());
    }

    @Transactional
    public void revokeLink(UUID id, Viewer actor) {
        InterviewSession session = access.lockForLead(id, actor);
        links.revoke(session.id, clock.instant());
        audit.record(actor.username(), AuditAction.LINK_REVOKED, CandidatePrivacy.subject(session),
                session.candidateRef, null);
    }

    @Transactional
    public SessionView decide(UUID id, Decision decision, String rationale, Viewer viewer) {
        InterviewSession session = access.lockForDecision(id, viewer);
        Instant now = clock.instant();
        session.decide(decision, rationale.strip(), viewer.username(), viewer.displayName(), now);
        outbox.record(new SessionEvent.DecisionRecorded(session.id, session.candidateRef, decision.name(),
                viewer.username(), now), session.version);
        audit.record(viewer.username(), AuditAction.DECISION, CandidatePrivacy.subject(session), session.candidateRef,
                decision.name());
        return queries.view(session);
    }

    private void askEvent(InterviewSession session, List<ItemView> items) {
        outbox.record(questionAsked(session, items), session.version);
    }

    /** The {@code question.asked} event of the session's current question, asked at {@code currentAskedAt}. */
    private static SessionEvent.QuestionAsked questionAsked(InterviewSession session, List<ItemView> items) {
        ItemView item = items.stream().filter(i -> i.position() == session.currentPosition).findFirst().orElseThrow();
        return new SessionEvent.QuestionAsked(session.id, session.candidateRef, item.position(), items.size(),
                item.key(), item.questionVersion(), session.currentAskedAt);
    }
}
