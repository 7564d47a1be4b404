package org.interviewpanel.session;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * What waits for someone: their interviews of the next days, the scorecards they owe (and how late), and for hiring
 * managers and admins the sessions waiting for a decision. The home page and {@code GET /api/me/todo} show it.
 */
@ApplicationScoped
public class MyWork {

    static final Duration AHEAD = Duration.ofDays(7);

    @Schema(name = "TodoInterview", description = "A session the caller sits on, live now or scheduled in the next 7 days")
    public record Interview(UUID sessionId, String position, String candidate, Instant scheduledAt,
            SessionStatus status, boolean lead) {
    }

    @Schema(name = "TodoScorecard", description = "A session that has ended where the caller's scorecard is missing")
    public record ScorecardDue(UUID sessionId, String position, String candidate, Instant endedAt, long overdueHours) {
    }

    @Schema(name = "TodoDecision", description = "An ended session waiting for the hiring decision")
    public record DecisionWaiting(UUID sessionId, String position, String candidate, Instant endedAt, int submitted,
            int panelSize) {
    }

    @Schema(name = "Todo")
    public record Todo(List<Interview> interviews, List<ScorecardDue> scorecardsDue,
            List<DecisionWaiting> decisionsWaiting) {
    }

    @Inject
    EntityManager em;

    @Inject
    Submissions submissions;

    @Inject

    Clock clock;

    public Todo of(Viewer viewer) {
        Instant now = clock.instant();
        List<Interview> interviews = new ArrayList<>();
        for (Object[] row : em.createQuery("select s, p.lead from InterviewSession s, Panelist p where p.sessionId = s.id "
                + "and p.username = :me and (s.status = 'LIVE' or (s.status = 'SCHEDULED' and s.scheduledAt < :until)) "
                + "order by case s.status when 'LIVE' then 0 else 1 end, s.scheduledAt", Object[].class)
                .setParameter("me", viewer.username()).setParameter("until", now.plus(AHEAD)).setMaxResults(50)
                .getResultList()) {
            InterviewSession s = (InterviewSession) row[0];
            interviews.add(new Interview(s.id, s.position, s.candidateName, s.scheduledAt, s.status, (Boolean) row[1]));
        }
        List<ScorecardDue> due = new ArrayList<>();
        for (InterviewSession s : em.createQuery("select s from InterviewSession s, Panelist p where p.sessionId = s.id "
                + "and p.username = :me and s.status = 'ENDED' order by s.endedAt", InterviewSession.class)
                .setParameter("me", viewer.username()).setMaxResults(200).getResultList()) {
            if (!submissions.submitted(s.id).contains(viewer.username())) {
                due.add(new ScorecardDue(s.id, s.position, s.candidateName, s.endedAt,
                        Duration.between(s.endedAt, now).toHours()));
            }
        }
        List<DecisionWaiting> decisions = new ArrayList<>();
        if (viewer.seesAll()) {
            for (InterviewSession s : em.createQuery("select s from InterviewSession s where s.status = 'ENDED' "
                    + "order by s.endedAt", InterviewSession.class).setMaxResults(50).getResultList()) {
                // The panel's seats only: a shadow's scorecard neither counts nor holds up the decision.
                Set<String> submitted = submissions.submitted(s.id);
                List<Panelist> panel = Panelist.list("sessionId = ?1 and shadow = false", s.id);
                decisions.add(new DecisionWaiting(s.id, s.position, s.candidateName, s.endedAt,
                        (int) panel.stream().filter(p -> submitted.contains(p.username)).count(), panel.size()));
            }
        }
        return new Todo(interviews, due, decisions);
    }
}
