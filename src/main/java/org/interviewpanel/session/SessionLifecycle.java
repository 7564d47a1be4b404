package org.interviewpanel.session;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.interviewpanel.events.Outbox;
import org.interviewpanel.events.SessionEvent;
import org.interviewpanel.kernel.ProblemException;
import org.interviewpanel.kernel.ProblemType;
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

    @Transactional
    public SessionView start(UUID id, Viewer actor) {
        InterviewSession session = access.lockForLead(id, actor);
        Instant now = clock.instant();
        session.start(now);
        outbox.record(new SessionEvent.SessionStarted(session.id, session.candidateRef, actor.username(), now),
                session.version);
        askEvent(session, now);
        return queries.view(session);
    }

    @Transactional
    public SessionView advance(UUID id, String to, Viewer actor) {
        InterviewSession session = access.lockForLead(id, actor);
        int total = SessionItem.countOf(session.id);
        int current = session.currentPosition == null ? 0 : session.currentPosition;
        int target = switch (to) {
            case "next" -> current + 1;
            case "previous" -> current - 1;
            default -> Integer.parseInt(to);
        };
        session.ask(target, total, clock.instant());
        askEvent(session, session.currentAskedAt);
        return queries.view(session);
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
        return queries.view(session);
    }

    @Transactional
    public String rotateLink(UUID id, Viewer actor) {
        InterviewSession session = access.lockForLead(id, actor);
        if (!session.status.hasCandidateLink()) {
            throw new ProblemException(ProblemType.CONFLICT, "A " + session.status + " session has no candidate link");
        }
        return links.issue(session.id, clock.instant());
    }

    @Transactional
    public void revokeLink(UUID id, Viewer actor) {
        InterviewSession session = access.lockForLead(id, actor);
        links.revoke(session.id, clock.instant());
    }

    @Transactional
    public SessionView decide(UUID id, Decision decision, String rationale, Viewer viewer) {
        InterviewSession session = access.lockForDecision(id, viewer);
        Instant now = clock.instant();
        session.decide(decision, rationale.strip(), viewer.username(), viewer.displayName(), now);
        outbox.record(new SessionEvent.DecisionRecorded(session.id, session.candidateRef, decision.name(),
                viewer.username(), now), session.version);
        return queries.view(session);
    }

    private void askEvent(InterviewSession session, Instant at) {
        SessionItem item = SessionItem.find("sessionId = ?1 and position = ?2", session.id, session.currentPosition)
                .firstResult();
        outbox.record(
                new SessionEvent.QuestionAsked(session.id, session.candidateRef, item.position, SessionItem.countOf(session.id),
                        item.questionKey, item.questionVersion, at),
                session.version);
    }
}
