package org.interviewpanel.session;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.interviewpanel.events.Outbox;
import org.interviewpanel.events.SessionEvent;
import org.interviewpanel.kernel.Problem;
import org.interviewpanel.kernel.ProblemException;
import org.interviewpanel.kernel.ProblemType;
import org.interviewpanel.questionbank.QuestionService;
import org.interviewpanel.questionset.QuestionSetDtos;
import org.interviewpanel.questionset.QuestionSetService;
import org.interviewpanel.security.Actor;
import org.interviewpanel.security.PeopleDirectory;
import org.interviewpanel.security.Roles;
import org.interviewpanel.session.SessionDtos.Schedule;

/**
 * Scheduling: checks the panel and the lead against the people directory and the question set, snapshots the set's
 * pinned questions into the session, and records {@code session.scheduled} in the same transaction.
 */
@ApplicationScoped
public class SessionScheduling {

    @Inject
    Outbox outbox;

    @Inject
    QuestionSetService sets;

    @Inject
    QuestionService questions;

    @Inject
    PeopleDirectory people;

    @Inject
    CandidateLinks links;

    @Inject
    Clock clock;

    @Inject
    Invitations invitations;

    /** Schedules a session; returns it with the candidate link's token (shown once, stored only as a hash). */
    @Transactional
    public Map.Entry<InterviewSession, String> schedule(Schedule input, Actor actor, boolean callerIsInterviewer) {
        Instant now = clock.instant();
        List<Problem.FieldError> invalid = new ArrayList<>();
        String meetingUrl = MeetingDetails.meetingUrl(input.meetingUrl(), invalid);
        String timeZone = MeetingDetails.timeZone(input.timeZone(), invalid);
        MeetingDetails.notPast(input.scheduledAt(), now, invalid);
        if (!invalid.isEmpty()) {
            throw new ProblemException(ProblemType.VALIDATION, invalid.get(0).field() + ": " + invalid.get(0).message(),
                    invalid);
        }
        List<Problem.FieldError> errors = new ArrayList<>();
        List<String> panel = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < input.panel().size(); i++) {
            String username = input.panel().get(i).strip();
            if (!seen.add(username)) {
                errors.add(new Problem.FieldError("panel[" + i + "]", "'" + username + "' is listed twice"));
            } else if (people.find(Roles.INTERVIEWER, username).isEmpty()) {
                errors.add(new Problem.FieldError("panel[" + i + "]", "'" + username + "' is not an interviewer"));
            } else {
                panel.add(username);
            }
        }
        String lead = input.lead() == null || input.lead().isBlank() ? null : input.lead().strip();
        if (lead == null) {
            if (!callerIsInterviewer) {
                errors.add(new Problem.FieldError("lead", "name the panelist who leads"));
            } else {
                lead = actor.username();
                if (!seen.contains(lead)) {
                    panel.add(0, lead);
                    seen.add(lead);
                }
            }
        } else if (!seen.contains(lead)) {
            errors.add(new Problem.FieldError("lead", "the lead must be one of the panel"));
        }
        if (panel.size() > 6) {
            errors.add(new Problem.FieldError("panel", "a panel has at most 6 interviewers, you included"));
        }
        List<String> shadows = new ArrayList<>();
        for (int i = 0; i < input.shadowsOrNone().size(); i++) {
            String username = input.shadowsOrNone().get(i).strip();
            if (seen.contains(username)) {
                errors.add(new Problem.FieldError("shadows[" + i + "]", "'" + username
                        + (panel.contains(username) ? "' is on the panel: a shadow sits beside it, not on it"
                                : "' is listed twice")));
            } else if (people.find(Roles.INTERVIEWER, username).isEmpty()) {
                errors.add(new Problem.FieldError("shadows[" + i + "]", "'" + username + "' is not an interviewer"));
            } else {
                seen.add(username);
                shadows.add(username);
            }
        }
        Optional<QuestionSetDtos.Snapshot> snapshot = errors.isEmpty() ? sets.snapshotForSession(input.questionSetId())
                : Optional.empty();
        if (errors.isEmpty() && snapshot.isEmpty()) {
            errors.add(new Problem.FieldError("questionSetId", "no such question set"));
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(ProblemType.UNPROCESSABLE,
                    errors.size() == 1 ? errors.get(0).field() + ": " + errors.get(0).message()
                            : "The session cannot be scheduled as asked",
                    errors);
        }

        InterviewSession session = new InterviewSession();
        session.id = UUID.randomUUID();
        session.position = input.position().strip();
        session.candidateName = input.candidate().name().strip();
        session.candidateEmail = input.candidate().email().strip();
        session.candidateRef = UUID.randomUUID();
        session.questionSetId = snapshot.get().setId();
        session.questionSetName = snapshot.get().name();
        session.status = SessionStatus.SCHEDULED;
        session.scheduledAt = input.scheduledAt();
        session.createdBy = actor.username();
        session.createdAt = now;
        session.version = 1;
        session.meetingUrl = meetingUrl;
        session.timeZone = timeZone;
        session.durationMinutes = input.durationMinutes() != null ? input.durationMinutes()
                : Math.max(5, Math.min(480, snapshot.get().items().stream().mapToInt(QuestionSetDtos.Item::minutes).sum()));
        session.calendarSequence = 0;
        session.persist();

        List<SessionEvent.SessionScheduled.Item> eventItems = new ArrayList<>();
        for (QuestionSetDtos.Item item : snapshot.get().items()) {
            SessionItem copy = new SessionItem();
            copy.sessionId = session.id;
            copy.position = item.position();
            copy.questionId = item.questionId();
            copy.questionKey = item.key();
            copy.questionVersion = item.questionVersion();
            copy.category = item.category();
            copy.text = item.text();
            copy.parts = questions.pinned(item.questionId(), item.questionVersion()).orElseThrow().parts();
            copy.minutes = item.minutes();
            copy.persist();
            eventItems.add(new SessionEvent.SessionScheduled.Item(copy.position, copy.questionKey, copy.questionVersion,
                    copy.text, copy.category, copy.minutes));
        }
        List<SessionEvent.SessionScheduled.Panelist> eventPanel = new ArrayList<>();
        for (String username : panel) {
            eventPanel.add(seat(session, username, username.equals(lead), false));
        }
        for (String username : shadows) {
            eventPanel.add(seat(session, username, false, true));
        }
        outbox.record(new SessionEvent.SessionScheduled(session.id, session.candidateRef, session.position,
                session.questionSetId, session.questionSetName, eventItems, eventPanel, session.scheduledAt, now),
                session.version);
        String token = links.issue(session.id, now);
        invitations.scheduled(session, token);
        return Map.entry(session, token);
    }

    private SessionEvent.SessionScheduled.Panelist seat(InterviewSession session, String username, boolean lead,
            boolean shadow) {
        Panelist p = new Panelist();
        p.sessionId = session.id;
        p.username = username;
        p.displayName = people.find(Roles.INTERVIEWER, username).map(PeopleDirectory.Person::displayName)
                .orElse(username);
        p.lead = lead;
        p.shadow = shadow;
        p.persist();
        return new SessionEvent.SessionScheduled.Panelist(username, lead, p.seat());
    }
}
