package org.interviewpanel.session;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import org.interviewpanel.events.JoinedVia;
import org.interviewpanel.events.Outbox;
import org.interviewpanel.events.ParticipantRole;
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
import org.interviewpanel.session.SessionDtos.CandidateView;
import org.interviewpanel.session.SessionDtos.CurrentItem;
import org.interviewpanel.session.SessionDtos.ItemView;
import org.interviewpanel.session.SessionDtos.PanelistView;
import org.interviewpanel.session.SessionDtos.Schedule;
import org.interviewpanel.session.SessionDtos.SessionSummary;
import org.interviewpanel.session.SessionDtos.SessionView;

/**
 * Sessions: scheduling and the lead's state machine. Every change records its event in the outbox in the same
 * transaction, with the session's new version.
 */
@ApplicationScoped
public class SessionService {

    /** Who may see a session: interviewers only on its panel; hiring managers and admins always. */
    public record Viewer(String username, String displayName, boolean interviewer, boolean seesAll) {

        /** The application itself (the live fan-out), which may read any session. */
        public static final Viewer SYSTEM = new Viewer("(system)", "(system)", false, true);

        public static Viewer of(org.interviewpanel.security.CurrentUser user) {
            return new Viewer(user.username(), user.displayName(), user.has(Roles.INTERVIEWER),
                    user.isAdmin() || user.has(Roles.HIRING_MANAGER));
        }
    }

    @Inject
    EntityManager em;

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
    Submissions submissions;

    Clock clock = Clock.systemUTC();

    /** Schedules a session; returns it with the candidate link's token (shown once, stored only as a hash). */
    @Transactional
    public Map.Entry<InterviewSession, String> schedule(Schedule input, Actor actor, boolean callerIsInterviewer) {
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

        Instant now = clock.instant();
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
            Panelist p = new Panelist();
            p.sessionId = session.id;
            p.username = username;
            p.displayName = people.find(Roles.INTERVIEWER, username).map(PeopleDirectory.Person::displayName)
                    .orElse(username);
            p.lead = username.equals(lead);
            p.persist();
            eventPanel.add(new SessionEvent.SessionScheduled.Panelist(username, p.lead));
        }
        outbox.record(new SessionEvent.SessionScheduled(session.id, session.candidateRef, session.position,
                session.questionSetId, session.questionSetName, eventItems, eventPanel, session.scheduledAt, now),
                session.version);
        String token = links.issue(session.id, now);
        return Map.entry(session, token);
    }

    public org.interviewpanel.kernel.Page<SessionSummary> list(Viewer viewer, SessionDtos.SessionQuery q) {
        StringBuilder where = new StringBuilder(" from InterviewSession s where 1 = 1");
        Map<String, Object> params = new LinkedHashMap<>();
        if (!viewer.seesAll() || q.mineOnly()) {
            where.append(" and exists (select 1 from Panelist p where p.sessionId = s.id and p.username = :me)");
            params.put("me", viewer.username());
        }
        if (!q.statuses().isEmpty()) {
            where.append(" and s.status in :statuses");
            params.put("statuses", q.statuses());
        }
        if (q.q() != null && !q.q().isBlank()) {
            where.append(" and (lower(s.candidateName) like :q or lower(s.position) like :q or lower(s.questionSetName) "
                    + "like :q or exists (select 1 from Panelist p2 where p2.sessionId = s.id and (lower(p2.username) "
                    + "like :q or lower(p2.displayName) like :q)))");
            params.put("q", "%" + q.q().strip().toLowerCase(java.util.Locale.ROOT).replace("\\", "\\\\")
                    .replace("%", "\\%").replace("_", "\\_") + "%");
        }
        var count = em.createQuery("select count(s)" + where, Long.class);
        params.forEach(count::setParameter);
        long total = count.getSingleResult();
        // Live first, then the next ones to come, then the most recent.
        var typed = em.createQuery("select s" + where + " order by case s.status when 'LIVE' then 0 when 'SCHEDULED' "
                + "then 1 when 'ENDED' then 2 else 3 end, case when s.status = 'SCHEDULED' then s.scheduledAt end asc, "
                + "s.scheduledAt desc", InterviewSession.class)
                .setFirstResult((q.page() - 1) * q.size()).setMaxResults(q.size());
        params.forEach(typed::setParameter);
        List<InterviewSession> sessions = typed.getResultList();
        Map<UUID, List<Panelist>> panels = new LinkedHashMap<>();
        Map<UUID, Long> counts = new LinkedHashMap<>();
        if (!sessions.isEmpty()) {
            List<UUID> ids = sessions.stream().map(s -> s.id).toList();
            Panelist.<Panelist> list("sessionId in ?1 order by lead desc, username", ids)
                    .forEach(p -> panels.computeIfAbsent(p.sessionId, k -> new ArrayList<>()).add(p));
            em.createQuery("select i.sessionId, count(i) from SessionItem i where i.sessionId in ?1 group by i.sessionId",
                    Object[].class).setParameter(1, ids).getResultList()
                    .forEach(r -> counts.put((UUID) r[0], (Long) r[1]));
        }
        List<SessionSummary> items = sessions.stream().map(s -> {
            List<Panelist> panel = panels.getOrDefault(s.id, List.of());
            Panelist lead = panel.stream().filter(p -> p.lead).findFirst().orElse(null);
            return new SessionSummary(s.id, s.position, s.status, s.scheduledAt, s.startedAt, s.endedAt,
                    s.questionSetName, lead == null ? null : lead.username, panel.stream().map(p -> p.username).toList(),
                    new CandidateView(s.candidateName, s.candidateEmail), counts.getOrDefault(s.id, 0L).intValue(),
                    lead == null ? null : lead.displayName);
        }).toList();
        return new org.interviewpanel.kernel.Page<>(items, total, q.page(), q.size());
    }

    public SessionView get(UUID id, Viewer viewer) {
        InterviewSession session = visible(id, viewer);
        return forViewer(view(session), viewer);
    }

    /**
     * The decision's rationale usually sums up the panel's scores: panelists read it in the debrief (once they have
     * submitted), hiring managers and admins everywhere.
     */
    private static SessionView forViewer(SessionView view, Viewer viewer) {
        if (view.decision() == null || viewer.seesAll()) {
            return view;
        }
        SessionDtos.DecisionView d = view.decision();
        return new SessionView(view.id(), view.position(), view.status(), view.scheduledAt(), view.startedAt(),
                view.endedAt(), view.cancelledAt(), view.currentItem(), view.items(), view.panel(), view.candidate(),
                view.candidateRef(), view.questionSetId(), view.questionSetName(), view.totalMinutes(),
                view.linkActive(), view.version(), new SessionDtos.DecisionView(d.decision(), null, d.decidedBy(),
                        d.decidedByName(), d.decidedAt()),
                view.askedPositions());
    }

    @Transactional
    public SessionView start(UUID id, Viewer actor) {
        InterviewSession session = lockForLead(id, actor);
        Instant now = clock.instant();
        session.start(now);
        outbox.record(new SessionEvent.SessionStarted(session.id, session.candidateRef, actor.username(), now),
                session.version);
        askEvent(session, now);
        return view(session);
    }

    @Transactional
    public SessionView advance(UUID id, String to, Viewer actor) {
        InterviewSession session = lockForLead(id, actor);
        int total = total(session.id);
        int current = session.currentPosition == null ? 0 : session.currentPosition;
        int target = switch (to) {
            case "next" -> current + 1;
            case "previous" -> current - 1;
            default -> Integer.parseInt(to);
        };
        session.ask(target, total, clock.instant());
        askEvent(session, session.currentAskedAt);
        return view(session);
    }

    @Transactional
    public SessionView end(UUID id, Viewer actor) {
        InterviewSession session = lockForLead(id, actor);
        Instant now = clock.instant();
        session.end(now);
        outbox.record(new SessionEvent.SessionEnded(session.id, session.candidateRef, actor.username(), now),
                session.version);
        return view(session);
    }

    @Transactional
    public SessionView cancel(UUID id, Viewer actor) {
        InterviewSession session = lockForLead(id, actor);
        Instant now = clock.instant();
        SessionStatus previous = session.cancel(now);
        outbox.record(new SessionEvent.SessionCancelled(session.id, session.candidateRef, previous.name(),
                actor.username(), now), session.version);
        links.revoke(session.id, now);
        return view(session);
    }

    @Transactional
    public String rotateLink(UUID id, Viewer actor) {
        InterviewSession session = lockForLead(id, actor);
        if (session.status != SessionStatus.SCHEDULED && session.status != SessionStatus.LIVE) {
            throw new ProblemException(ProblemType.CONFLICT, "A " + session.status + " session has no candidate link");
        }
        return links.issue(session.id, clock.instant());
    }

    @Transactional
    public void revokeLink(UUID id, Viewer actor) {
        InterviewSession session = lockForLead(id, actor);
        links.revoke(session.id, clock.instant());
    }

    @Transactional
    public SessionView decide(UUID id, Decision decision, String rationale, Viewer viewer) {
        if (!viewer.seesAll()) {
            throw ProblemException.forbidden("Only a hiring manager or an admin records the decision");
        }
        InterviewSession session = em.find(InterviewSession.class, id, LockModeType.PESSIMISTIC_WRITE);
        if (session == null) {
            throw ProblemException.notFound("Session " + id);
        }
        Instant now = clock.instant();
        session.decide(decision, rationale.strip(), viewer.username(), viewer.displayName(), now);
        outbox.record(new SessionEvent.DecisionRecorded(session.id, session.candidateRef, decision.name(),
                viewer.username(), now), session.version);
        return view(session);
    }

    /**
     * What scoring needs to know about a session, for a viewer who may see it (404 otherwise). With {@code lock}, the
     * session row is share-locked until the caller's transaction ends, so a rating cannot commit across a status change
     * (the lead's end, the decision) that it did not see.
     */
    public record ScoringContext(UUID sessionId, UUID candidateRef, SessionStatus status, Instant endedAt,
            int version, List<PanelistView> panel, List<ItemView> items, boolean onPanel, SessionDtos.DecisionView decision) {

        public Optional<ItemView> item(int position) {
            return items.stream().filter(i -> i.position() == position).findFirst();
        }
    }

    public ScoringContext scoringContext(UUID id, Viewer viewer, boolean lock) {
        InterviewSession session = lock ? em.find(InterviewSession.class, id, LockModeType.PESSIMISTIC_READ)
                : InterviewSession.findById(id);
        if (session == null) {
            throw ProblemException.notFound("Session " + id);
        }
        boolean onPanel = Panelist.findById(key(id, viewer.username())) != null;
        if (!onPanel && !viewer.seesAll()) {
            throw ProblemException.notFound("Session " + id);
        }
        return new ScoringContext(session.id, session.candidateRef, session.status, session.endedAt, session.version,
                panelOf(session.id, Set.of()), itemsOf(session.id), onPanel, decisionOf(session));
    }

    /** The rubric and follow-ups of one item, for the panel's room (never for the candidate). */
    public record ItemGuide(int position, List<String> parts, org.interviewpanel.questionbank.Rubric rubric,
            List<String> followUps) {
    }

    /** What the live room shows panelists: the session and each item's guide. */
    public record PanelSnapshot(SessionView session, List<ItemGuide> guides) {
    }

    public PanelSnapshot panelSnapshot(UUID id, Viewer viewer) {
        InterviewSession session = visible(id, viewer);
        List<ItemGuide> guides = SessionItem.<SessionItem> list("sessionId = ?1 order by position", id).stream()
                .map(i -> questions.pinned(i.questionId, i.questionVersion)
                        .map(q -> new ItemGuide(i.position, q.parts(), q.rubric(), q.followUps()))
                        .orElse(new ItemGuide(i.position, i.parts, null, List.of())))
                .toList();
        return new PanelSnapshot(forViewer(view(session), viewer), guides);
    }

    /** Records that someone opened or left the live room (no change of the session's state). */
    @Transactional
    public void participant(UUID sessionId, ParticipantRole role, String username, boolean joined) {
        InterviewSession session = InterviewSession.findById(sessionId);
        if (session == null) {
            return;
        }
        Instant now = clock.instant();
        outbox.record(joined
                ? new SessionEvent.ParticipantJoined(session.id, session.candidateRef, role, username,
                        JoinedVia.ROOM, now)
                : new SessionEvent.ParticipantLeft(session.id, session.candidateRef, role, username, now),
                session.version);
    }

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
            question = new SessionDtos.CandidateQuestion(item.position, total(s.id), item.text, item.parts, item.minutes,
                    s.currentAskedAt);
        }
        return new SessionDtos.CandidateSession(s.position, s.status, panel, question);
    }

    // --- internals ---

    private void askEvent(InterviewSession session, Instant at) {
        SessionItem item = SessionItem.find("sessionId = ?1 and position = ?2", session.id, session.currentPosition)
                .firstResult();
        outbox.record(new SessionEvent.QuestionAsked(session.id, session.candidateRef, item.position, total(session.id),
                item.questionKey, item.questionVersion, at), session.version);
    }

    private int total(UUID sessionId) {
        return (int) SessionItem.count("sessionId", sessionId);
    }

    /** The session if the viewer may see it; a non-panelist interviewer learns nothing, not even that it exists. */
    InterviewSession visible(UUID id, Viewer viewer) {
        InterviewSession session = InterviewSession.findById(id);
        if (session == null || (!viewer.seesAll() && Panelist.findById(key(id, viewer.username())) == null)) {
            throw ProblemException.notFound("Session " + id);
        }
        return session;
    }

    /** Locks the session for a change by its lead: others on the panel (and managers) get 403, outsiders 404. */
    private InterviewSession lockForLead(UUID id, Viewer viewer) {
        InterviewSession session = em.find(InterviewSession.class, id, LockModeType.PESSIMISTIC_WRITE);
        Panelist panelist = session == null ? null : Panelist.findById(key(id, viewer.username()));
        if (session == null || (panelist == null && !viewer.seesAll())) {
            throw ProblemException.notFound("Session " + id);
        }
        if (panelist == null || !panelist.lead) {
            throw ProblemException.forbidden("Only the session's lead interviewer may do this");
        }
        return session;
    }

    private static Panelist.Key key(UUID sessionId, String username) {
        Panelist.Key key = new Panelist.Key();
        key.sessionId = sessionId;
        key.username = username;
        return key;
    }

    SessionView view(InterviewSession s) {
        List<ItemView> items = itemsOf(s.id);
        List<PanelistView> panel = panelOf(s.id, submissions.submitted(s.id));
        CurrentItem current = s.currentPosition == null ? null : new CurrentItem(s.currentPosition, s.currentAskedAt);
        return new SessionView(s.id, s.position, s.status, s.scheduledAt, s.startedAt, s.endedAt, s.cancelledAt, current,
                items, panel, new CandidateView(s.candidateName, s.candidateEmail), s.candidateRef, s.questionSetId,
                s.questionSetName, items.stream().mapToInt(ItemView::minutes).sum(), links.isActive(s.id), s.version,
                decisionOf(s), List.of(s.askedPositions));
    }

    private static List<ItemView> itemsOf(UUID sessionId) {
        return SessionItem.<SessionItem> list("sessionId = ?1 order by position", sessionId).stream()
                .map(i -> new ItemView(i.position, i.questionId, i.questionKey, i.questionVersion, i.text, i.category,
                        i.minutes))
                .toList();
    }

    private static List<PanelistView> panelOf(UUID sessionId, Set<String> submitted) {
        return Panelist.<Panelist> list("sessionId = ?1 order by lead desc, username", sessionId).stream()
                .map(p -> new PanelistView(p.username, p.displayName, p.lead, submitted.contains(p.username))).toList();
    }

    private SessionDtos.DecisionView decisionOf(InterviewSession s) {
        return s.decision == null ? null
                : new SessionDtos.DecisionView(s.decision, s.decisionRationale, s.decidedBy, s.decidedByName(),
                        s.decidedAt);
    }
}
