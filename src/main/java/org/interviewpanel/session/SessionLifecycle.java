package org.interviewpanel.session;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.interviewpanel.audit.AuditAction;
import org.interviewpanel.audit.AuditTrail;
import org.interviewpanel.events.Outbox;
import org.interviewpanel.events.SessionEvent;
import org.interviewpanel.kernel.ProblemException;
import org.interviewpanel.kernel.ProblemType;
import org.interviewpanel.session.SessionDtos.ItemView;
import org.interviewpanel.session.SessionDtos.SessionView;

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

    @Transactional
    public SessionView start(UUID id, Viewer actor) {
        InterviewSession session = access.lockForLead(id, actor);
        Instant now = clock.instant();
        session.start(now);
        outbox.record(new SessionEvent.SessionStarted(session.id, session.candidateRef, actor.username(), now),
                session.version);
        SessionPlans.Plan plan = plans.of(session.id);
        askEvent(session, now, plan.items());
        return queries.view(session, plan);
    }

    @Transactional
    public SessionView advance(UUID id, String to, Viewer actor) {
        InterviewSession session = access.lockForLead(id, actor);
        SessionPlans.Plan plan = plans.of(session.id); // the total, the question asked, the view
        int total = plan.items().size();
        int current = session.currentPosition == null ? 0 : session.currentPosition;
        int target = switch (to) {
            case "next" -> current + 1;
            case "previous" -> current - 1;
            default -> Integer.parseInt(to);
        };
        session.ask(target, total, clock.instant());
        askEvent(session, session.currentAskedAt, plan.items());
        return queries.view(session, plan);
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

    private void askEvent(InterviewSession session, Instant at, List<ItemView> items) {
        ItemView item = items.stream().filter(i -> i.position() == session.currentPosition).findFirst().orElseThrow();
        outbox.record(new SessionEvent.QuestionAsked(session.id, session.candidateRef, item.position(), items.size(),
                item.key(), item.questionVersion(), at), session.version);
    }
}
