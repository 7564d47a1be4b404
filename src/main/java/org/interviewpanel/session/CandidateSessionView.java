package org.interviewpanel.session;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

/** What the candidate sees of a session: position, status, the panel's names and the current question's text only. */
@ApplicationScoped
public class CandidateSessionView {

    /** The candidate's view of a session by id (for the live channel). */
    public SessionDtos.CandidateSession candidateView(UUID sessionId) {
        return candidateView((InterviewSession) InterviewSession.findById(sessionId));
    }

    /** The candidate's view: position, status, the panel's names and the current question's text only. */
    public SessionDtos.CandidateSession candidateView(InterviewSession s) {
        List<String> panel = Panelist.<Panelist> list("sessionId = ?1 order by lead desc, displayName", s.id).stream()
                .map(p -> p.displayName).toList();
        SessionDtos.CandidateQuestion question = null;
        if (s.status == SessionStatus.LIVE && s.currentPosition != null) {
            SessionItem item = SessionItem.find("sessionId = ?1 and position = ?2", s.id, s.currentPosition).firstResult();
            question = new SessionDtos.CandidateQuestion(item.position, SessionItem.countOf(s.id), item.text, item.parts,
                    item.minutes,
                    s.currentAskedAt);
        }
        int duration = s.durationMinutes != null ? s.durationMinutes
                : SessionItem.<SessionItem> list("sessionId", s.id).stream().mapToInt(i -> i.minutes).sum();
        return new SessionDtos.CandidateSession(s.position, s.status, panel, question, s.scheduledAt, duration,
                s.timeZone, s.meetingUrl);
    }

    /**
     * Every question of the session as the candidate sees it once asked (without the time asked), in order: what a
     * live channel needs to follow {@code question.asked} events without reading the session again.
     */
    public List<SessionDtos.CandidateQuestion> questions(UUID sessionId) {
        List<SessionItem> items = SessionItem.list("sessionId = ?1 order by position", sessionId);
        return items.stream().map(i -> new SessionDtos.CandidateQuestion(i.position, items.size(), i.text, i.parts,
                i.minutes, null)).toList();
    }
}
