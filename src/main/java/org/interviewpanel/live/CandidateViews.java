package org.interviewpanel.live;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.interviewpanel.session.CandidateSessionView;
import org.interviewpanel.session.SessionDtos.CandidateQuestion;
import org.interviewpanel.session.SessionDtos.CandidateSession;
import org.interviewpanel.session.SessionStatus;

/**
 * The candidate views of the sessions whose candidate is connected here, kept up to date from the events, so that a
 * question asked reaches the candidate without reading the session again. A view is read from the database (by the
 * same code as the REST view) the first time it is needed and again after any change the events do not describe
 * fully; a {@code question.asked} moves it to that question. Only the fan-out's session lane touches a session's entry,
 * so one session's updates never interleave.
 */
@ApplicationScoped
class CandidateViews {

    /** A session's candidate view and the text of each of its questions, by position. */
    private record Followed(CandidateSession view, Map<Integer, CandidateQuestion> questions) {
    }

    @Inject
    CandidateSessionView sessions;

    private final Map<UUID, Followed> followed = new ConcurrentHashMap<>();

    /** The view after a question was asked: the cached view moved to it, or a fresh read. */
    CandidateSession asked(UUID sessionId, int position, Instant askedAt) {
        Followed known = followed.get(sessionId);
        CandidateQuestion question = known == null ? null : known.questions().get(position);
        if (question == null || askedAt == null) {
            return current(sessionId);
        }
        CandidateSession was = known.view();
        CandidateSession now = new CandidateSession(was.position(), SessionStatus.LIVE, was.panel(),
                new CandidateQuestion(question.position(), question.total(), question.text(), question.parts(),
                        question.minutes(), askedAt),
                was.scheduledAt(), was.durationMinutes(), was.timeZone(), was.meetingUrl());
        followed.put(sessionId, new Followed(now, known.questions()));
        return now;
    }

    /** The view as the database has it now (after a change the events do not describe fully). */
    CandidateSession current(UUID sessionId) {
        CandidateSession view = sessions.candidateView(sessionId);
        Map<Integer, CandidateQuestion> questions = new HashMap<>();
        for (CandidateQuestion q : sessions.questions(sessionId)) {
            questions.put(q.position(), q);
        }
        followed.put(sessionId, new Followed(view, Map.copyOf(questions)));
        return view;
    }

    /** Something changed that the next frame must read afresh. */
    void forget(UUID sessionId) {
        followed.remove(sessionId);
    }

    /** Keeps only the sessions whose candidate is still connected here. */
    void retainOnly(Set<UUID> connected) {
        followed.keySet().retainAll(connected);
    }
}
