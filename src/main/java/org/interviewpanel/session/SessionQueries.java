package org.interviewpanel.session;

import java.time.Instant;
import java.util.ArrayList;
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

import org.interviewpanel.events.Seat;
import org.interviewpanel.kernel.Page;
import org.interviewpanel.kernel.ProblemException;
import org.interviewpanel.questionbank.QuestionService;
import org.interviewpanel.questionbank.Rubric;
import org.interviewpanel.session.SessionDtos.CandidateView;
import org.interviewpanel.session.SessionDtos.CurrentItem;
import org.interviewpanel.session.SessionDtos.ItemView;
import org.interviewpanel.session.SessionDtos.PanelistView;
import org.interviewpanel.session.SessionDtos.SessionSummary;
import org.interviewpanel.session.SessionDtos.SessionView;

/**
 * Read models of a session for the people allowed to see it: the list and the detail for the console and the API, the
 * panel's live-room snapshot with each item's guide, and the context scoring decides on.
 */
@ApplicationScoped
public class SessionQueries {

    @Inject
    EntityManager em;

    @Inject
    SessionAccess access;

    @Inject
    QuestionService questions;

    @Inject
    CandidateLinks links;

    @Inject
    Submissions submissions;

    @Inject
    Invitations invitations;

    @Inject
    SessionPlans plans;

    public Page<SessionSummary> list(Viewer viewer, SessionDtos.SessionQuery q) {
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
            Panelist.<Panelist> list("sessionId in ?1 and shadow = false order by lead desc, username", ids)
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
        return new Page<>(items, total, q.page(), q.size());
    }

    /** The session's calendar entry as the panel sees it, for a viewer who may see the session (404 otherwise). */
    public String calendar(UUID id, Viewer viewer) {
        return invitations.panelCalendar(access.visible(id, viewer));
    }

    public SessionView get(UUID id, Viewer viewer) {
        InterviewSession session = access.visible(id, viewer);
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
                view.askedPositions(), view.meetingUrl(), view.durationMinutes(), view.timeZone(), view.endsAt(),
                view.calendarSequence());
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
        SessionPlans.Plan plan = plans.of(session.id);
        boolean onPanel = plan.seat(viewer.username()).isPresent();
        if (!onPanel && !viewer.seesAll()) {
            throw ProblemException.notFound("Session " + id);
        }
        return new ScoringContext(session.id, session.candidateRef, session.status, session.endedAt, session.version,
                panelOf(plan, Set.of()), plan.items(), onPanel, decisionOf(session));
    }

    /**
     * What changing one rating needs, and nothing more: the session's status, version and candidate, whether the caller
     * sits on the panel, and the one item. One statement, which share-locks the session row until the caller's
     * transaction ends (as {@link #scoringContext} with {@code lock} does), so a rating cannot commit across a status
     * change it did not see.
     */
    public record RatingTarget(UUID sessionId, UUID candidateRef, SessionStatus status, int version, boolean onPanel,
            Optional<ItemView> item, Seat seat) {
    }

    private static final String RATING_TARGET_COLUMNS = "s.candidate_ref, s.status, s.version, p.shadow, i.question_id, "
            + "i.question_key, i.question_version, i.text, i.category, i.minutes";

    private static final String RATING_TARGET = """
            select %s
            from interview_session s
            left join session_panelist p on p.session_id = s.id and p.username = ?2
            left join session_item i on i.session_id = s.id and i.position = ?3
            where s.id = ?1
            for share of s""".formatted(RATING_TARGET_COLUMNS);

    /**
     * The statement of {@link #ratingTarget(UUID, int, Viewer)} for a caller who sits on the panel, joined with their row
     * of a table their own feature keeps by {@code (session_id, username)} (scoring: the scorecard), which it locks for
     * update in the same statement; the row's {@code expression} (over alias {@code x}) comes last. Parameters: the
     * session, the username, the position. No row when the caller has no seat, the seat no such row, or there is no such
     * session. Read the target with {@link #ratingTarget(UUID, int, Object[])}.
     */
    public static String ratingTargetLockingSeatRow(String table, String expression) {
        return """
                select %s, %s
                from interview_session s
                join session_panelist p on p.session_id = s.id and p.username = ?2
                join %s x on x.session_id = s.id and x.username = ?2
                left join session_item i on i.session_id = s.id and i.position = ?3
                where s.id = ?1
                for share of s for update of x""".formatted(RATING_TARGET_COLUMNS, expression, table);
    }

    /**
     * For a caller who sits on the panel: the session's candidate, status and version (the session row share-locked),
     * the caller's seat ({@code shadow}) and the number of items, with the caller's row of a table their feature keeps
     * by {@code (session_id, username)} ({@code x}, locked for update); then {@code columns} over {@code x}. Parameters:
     * the session, the username. No row when the caller has no seat or no such row, or there is no such session.
     * <p>
     * It reads nothing that another writer changes under the lock it waits for: a statement reads with the snapshot it
     * started with, even after waiting for a row lock, so rows the lock guards (the caller's ratings) are read by a
     * later statement ({@link #seatRows}), which sees every write committed before the lock was granted.
     */
    public static String seatLockingSeatRow(String table, String columns) {
        return """
                select s.candidate_ref, s.status, s.version, p.shadow,
                       (select count(*) from session_item n where n.session_id = s.id), %s
                from interview_session s
                join session_panelist p on p.session_id = s.id and p.username = ?2
                join %s x on x.session_id = s.id and x.username = ?2
                where s.id = ?1
                for share of s for update of x""".formatted(columns, table);
    }

    /**
     * The caller's rows of a table their feature keeps by {@code (session_id, username, position)} ({@code r}), each
     * with its item ({@code i}), in position order; {@code columns} over {@code r} and {@code i}. Parameters: the
     * session, the username.
     */
    public static String seatRows(String rows, String columns) {
        return """
                select %s
                from %s r
                join session_item i on i.session_id = r.session_id and i.position = r.position
                where r.session_id = ?1 and r.username = ?2
                order by r.position""".formatted(columns, rows);
    }

    /**
     * Creates the caller's row of a table their feature keeps by {@code (session_id, username)} when they sit on the
     * session's panel and the row is not there yet; nothing otherwise. Parameters: the session, the username.
     */
    public static String insertSeatRow(String table) {
        return "insert into " + table + " (session_id, username) select p.session_id, p.username from session_panelist p "
                + "where p.session_id = ?1 and p.username = ?2 on conflict do nothing";
    }

    public RatingTarget ratingTarget(UUID id, int position, Viewer viewer) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery(RATING_TARGET, Object[].class).setParameter(1, id)
                .setParameter(2, viewer.username()).setParameter(3, position).getResultList();
        if (rows.isEmpty()) {
            throw ProblemException.notFound("Session " + id);
        }
        Object[] row = rows.get(0);
        if (row[3] == null && !viewer.seesAll()) {
            throw ProblemException.notFound("Session " + id);
        }
        return ratingTarget(id, position, row);
    }

    /**
     * A rating target from a row of {@link #ratingTargetLockingSeatRow} (or this class's own statement): the session, the
     * caller's panel seat (null when they have none) and the item (null when there is no such item), in that order.
     */
    public static RatingTarget ratingTarget(UUID id, int position, Object[] row) {
        boolean onPanel = row[3] != null;
        Optional<ItemView> item = row[4] == null ? Optional.empty()
                : Optional.of(new ItemView(position, (UUID) row[4], (String) row[5], ((Number) row[6]).intValue(),
                        (String) row[7], (String) row[8], ((Number) row[9]).intValue()));
        return new RatingTarget(id, (UUID) row[0], SessionStatus.valueOf((String) row[1]), ((Number) row[2]).intValue(),
                onPanel, item, onPanel ? Seat.of((Boolean) row[3]) : null);
    }

    /** The rubric and follow-ups of one item, for the panel's room (never for the candidate). */
    public record ItemGuide(int position, List<String> parts, Rubric rubric,
            List<String> followUps) {
    }

    /** What the live room shows panelists: the session and each item's guide. */
    public record PanelSnapshot(SessionView session, List<ItemGuide> guides) {
    }

    public PanelSnapshot panelSnapshot(UUID id, Viewer viewer) {
        InterviewSession session = access.visible(id, viewer);
        List<ItemGuide> guides = SessionItem.<SessionItem> list("sessionId = ?1 order by position", id).stream()
                .map(i -> questions.guide(i.questionId, i.questionVersion)
                        .map(g -> new ItemGuide(i.position, g.parts(), g.rubric(), g.followUps()))
                        .orElse(new ItemGuide(i.position, i.parts, null, List.of())))
                .toList();
        return new PanelSnapshot(forViewer(view(session), viewer), guides);
    }

    SessionView view(InterviewSession s) {
        return view(s, plans.of(s.id));
    }

    /** The view, with the session's plan already at hand. */
    SessionView view(InterviewSession s, SessionPlans.Plan plan) {
        return view(s, plan, links.isActive(s.id));
    }

    /** The view, with the session's plan and whether its candidate link is active already at hand. */
    SessionView view(InterviewSession s, SessionPlans.Plan plan, boolean linkActive) {
        List<ItemView> items = plan.items();
        // Scorecards are submitted only once the session has ended, so before that nobody has: the lead's commands on a
        // live session and the live room's reads of it skip the scorecards.
        List<PanelistView> panel = panelOf(plan, s.status.over() ? submissions.submitted(s.id) : Set.of());
        CurrentItem current = s.currentPosition == null ? null : new CurrentItem(s.currentPosition, s.currentAskedAt);
        int total = items.stream().mapToInt(ItemView::minutes).sum();
        int duration = s.durationMinutes != null ? s.durationMinutes : total;
        return new SessionView(s.id, s.position, s.status, s.scheduledAt, s.startedAt, s.endedAt, s.cancelledAt, current,
                items, panel, new CandidateView(s.candidateName, s.candidateEmail), s.candidateRef, s.questionSetId,
                s.questionSetName, total, linkActive, s.version, decisionOf(s), List.of(s.askedPositions),
                s.meetingUrl, duration, s.timeZone, s.scheduledAt.plusSeconds(60L * duration), s.calendarSequence);
    }

    private static List<PanelistView> panelOf(SessionPlans.Plan plan, Set<String> submitted) {
        return plan.panel().stream()
                .map(p -> new PanelistView(p.username(), p.displayName(), p.lead(), submitted.contains(p.username()),
                        p.seat()))
                .toList();
    }

    private SessionDtos.DecisionView decisionOf(InterviewSession s) {
        return s.decision == null ? null
                : new SessionDtos.DecisionView(s.decision, s.decisionRationale, s.decidedBy, s.decidedByName(),
                        s.decidedAt);
    }
}
