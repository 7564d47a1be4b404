package org.interviewpanel.session;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;

import org.interviewpanel.kernel.ProblemException;

/**
 * Who may see or change a session, decided on the session itself: a non-panelist interviewer learns nothing, not even
 * that it exists (404); only the lead changes its state (others on the panel, and managers, get 403).
 */
@ApplicationScoped
public class SessionAccess {

    @Inject
    EntityManager em;

    @Inject
    SessionPlans plans;

    /** The session if the viewer may see it. */
    public InterviewSession visible(UUID id, Viewer viewer) {
        InterviewSession session = InterviewSession.findById(id);
        if (session == null || (!viewer.seesAll() && !onPanel(id, viewer.username()))) {
            throw ProblemException.notFound("Session " + id);
        }
        return session;
    }

    /** Locks the session for a change by its lead. */
    InterviewSession lockForLead(UUID id, Viewer viewer) {
        InterviewSession session = em.find(InterviewSession.class, id, LockModeType.PESSIMISTIC_WRITE);
        SessionPlans.Seated seat = session == null ? null : plans.of(id).seat(viewer.username()).orElse(null);
        if (session == null || (seat == null && !viewer.seesAll())) {
            throw ProblemException.notFound("Session " + id);
        }
        if (seat == null || !seat.lead()) {
            throw ProblemException.forbidden("Only the session's lead interviewer may do this");
        }
        return session;
    }

    /** Locks the session for the hiring decision: hiring managers and admins only. */
    InterviewSession lockForDecision(UUID id, Viewer viewer) {
        if (!viewer.seesAll()) {
            throw ProblemException.forbidden("Only a hiring manager or an admin records the decision");
        }
        InterviewSession session = em.find(InterviewSession.class, id, LockModeType.PESSIMISTIC_WRITE);
        if (session == null) {
            throw ProblemException.notFound("Session " + id);
        }
        return session;
    }

    public boolean onPanel(UUID sessionId, String username) {
        return plans.of(sessionId).seat(username).isPresent();
    }
}
