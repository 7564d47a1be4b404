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
import org.interviewpanel.kernel.PlainTransaction;
import org.interviewpanel.kernel.ProblemException;
import org.interviewpanel.kernel.ProblemType;
import org.interviewpanel.session.SessionDtos.ItemView;
import org.interviewpanel.session.SessionDtos.SessionView;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

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

    /**
     * The lead's moves, by how they were written: one statement from the known state, a plain JDBC transaction, or the
     * transactional way.
     */
    private final Counter movedOneStatement;
    private final Counter movedPlain;
    private final Counter movedInTransaction;

    /**
     * Each session's row as this instance's last plain move wrote it: the state the next move starts from, valid while
     * the stored version is the same (the move's statement checks it). As many as the plans kept.
     */
    private final Cache<UUID, InterviewSession> known;

    @Inject
    SessionLifecycle(MeterRegistry registry, SessionConfig config) {
        movedOneStatement = moves(registry, "one-statement");
        movedPlain = moves(registry, "plain");
        movedInTransaction = moves(registry, "transaction");
        known = Caffeine.newBuilder().maximumSize(config.plansKept()).build();
    }

    private static Counter moves(MeterRegistry registry, String written) {
        return Counter.builder("panel.session.advances").tag("written", written)
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
     * The lead moves to another question. The lead's move on a live session is one statement, or a plain JDBC
     * transaction of two ({@link #advanceAlone}); everything else, and every refusal but a move the state machine
     * refuses, takes the transactional way, which tells the refusals apart.
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
     * An advance outside JTA and Hibernate. When this instance knows the session's state from its last plain move
     * ({@link #known}), one statement in autocommit mode moves it at that version ({@link #MOVE}): the entity's own
     * state machine ({@link InterviewSession#ask}) runs on a copy of the known state, and the statement writes only if
     * the stored version is still the known one (every change of the state the move depends on bumps the version: the
     * database's version guard refuses one that does not), so a stale state writes nothing. Otherwise, or when that
     * statement writes nothing, a plain JDBC transaction of two: the first locks the session row for update and reads it
     * whole, the state machine moves it, {@link #MOVE} writes it. Either way the statement answers with the row as
     * written and whether the candidate link is active (what the view shows), and writes the {@code question.asked} row
     * with the version the move made. Who may move the session is decided first from its plan (the panel, as
     * {@link SessionAccess#lockForLead} reads it). Null, with nothing written, when the caller is not the session's lead
     * or there is no such session; a move the state machine refuses on the locked row rolls back and is refused (409) as
     * the transactional way refuses it.
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
            SessionView moved = advanceKnown(c, id, to, plan);
            if (moved != null) {
                return moved;
            }
            SessionView view;
            try {
                view = PlainTransaction.run(c, locked -> advanceLocked(locked, id, to, plan));
            } catch (SQLException | RuntimeException e) {
                known.invalidate(id); // what the failed move kept is not what was committed
                throw e;
            }
            if (view != null) {
                outbox.committedOutsideTransaction();
                movedPlain.increment();
            }
            return view;
        } catch (SQLException e) {
            throw new IllegalStateException("session " + id + " not moved to " + to, e);
        }
    }

    /** The move as one statement from the known state, or null when there is none or it is no longer the stored one. */
    private SessionView advanceKnown(Connection c, UUID id, String to, SessionPlans.Plan plan) throws SQLException {
        InterviewSession kept = known.getIfPresent(id);
        if (kept == null) {
            return null;
        }
        InterviewSession session = SessionRows.copy(kept);
        try {
            session.ask(target(session, to), plan.items().size(), clock.instant().truncatedTo(ChronoUnit.MICROS));
        } catch (ProblemException refused) {
            return null; // refused on what this instance knew: the locked row decides
        }
        c.setAutoCommit(true);
        SessionView view = move(c, kept.version, session, plan);
        if (view == null) {
            known.invalidate(id); // moved by someone else since
            return null;
        }
        outbox.committedOutsideTransaction();
        movedOneStatement.increment();
        return view;
    }

    private SessionView advanceLocked(Connection c, UUID id, String to, SessionPlans.Plan plan) throws SQLException {
        InterviewSession session;
        try (PreparedStatement lock = c.prepareStatement(LOCK_SESSION.jdbc())) {
            LOCK_SESSION.bind(lock, id);
            try (ResultSet rs = lock.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                session = SessionRows.read(rs);
            }
        }
        int before = session.version;
        session.ask(target(session, to), plan.items().size(), clock.instant().truncatedTo(ChronoUnit.MICROS));
        SessionView view = move(c, before, session, plan);
        if (view == null) {
            throw new IllegalStateException("session " + id + " locked but not moved");
        }
        return view;
    }

    /**
     * {@link #MOVE} of {@code session}, moved by its state machine from {@code before}: the view of the row as written,
     * which this instance then knows; null when the stored version was not {@code before}.
     */
    private SessionView move(Connection c, int before, InterviewSession session, SessionPlans.Plan plan)
            throws SQLException {
        Outbox.EventRow event = outbox.row(questionAsked(session, plan.items()), session.version);
        try (PreparedStatement move = c.prepareStatement(MOVE.jdbc())) {
            MOVE.bind(move, session.id, before, session.currentPosition,
                    session.currentAskedAt.atOffset(ZoneOffset.UTC), c.createArrayOf("integer", session.askedPositions),
                    session.version, event.id(), event.type(), event.subject(), event.payload());
            try (ResultSet rs = move.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                InterviewSession written = SessionRows.read(rs);
                boolean linkActive = rs.getBoolean(SessionRows.COUNT + 1);
                known.put(written.id, written);
                return queries.view(SessionRows.copy(written), plan, linkActive);
            }
        }
    }

    /** {@link #advanceLocked}'s first statement: the session, locked. */
    private static final NumberedSql LOCK_SESSION = NumberedSql.of("""
            select %s
            from interview_session s
            where s.id = ?1
            for update of s""".formatted(SessionRows.COLUMNS));

    /**
     * The move: the moved columns of the session if its version is still {@code ?2}, and the event row
     * ({@code ?7}–{@code ?10}) with the new version ({@code ?6}) and the time asked ({@code ?4}). Returns the row as
     * written and whether the candidate link is active, or no row when the version was not {@code ?2}.
     */
    private static final NumberedSql MOVE = NumberedSql.of("""
            with s as (
                update interview_session set current_position = ?3, current_asked_at = ?4, asked_positions = ?5,
                       version = ?6
                where id = ?1 and version = ?2
                returning *),
            event as (
                insert into %s
                select ?7, ?1, ?6, ?8, ?9, ?4, cast(?10 as jsonb) from s)
            select %s, exists (select 1 from candidate_link l where l.session_id = s.id and l.revoked_at is null)
            from s""".formatted(Outbox.COLUMNS, SessionRows.COLUMNS));

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
