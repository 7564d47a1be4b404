package org.interviewpanel.scoring;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.FlushModeType;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Status;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;

import org.hibernate.jpa.HibernateHints;
import org.hibernate.query.NativeQuery;
import org.interviewpanel.audit.AuditAction;
import org.interviewpanel.audit.AuditTrail;
import org.interviewpanel.events.Outbox;
import org.interviewpanel.events.Seat;
import org.interviewpanel.events.SessionEvent;
import org.interviewpanel.kernel.AfterCommit;
import org.interviewpanel.kernel.NumberedSql;
import org.interviewpanel.kernel.PlainTransaction;
import org.interviewpanel.kernel.Problem;
import org.interviewpanel.kernel.ProblemException;
import org.interviewpanel.kernel.ProblemType;
import org.interviewpanel.scoring.ScoringDtos.Debrief;
import org.interviewpanel.scoring.ScoringDtos.DebriefItem;
import org.interviewpanel.scoring.ScoringDtos.DebriefRating;
import org.interviewpanel.scoring.ScoringDtos.DebriefScorecard;
import org.interviewpanel.scoring.ScoringDtos.ItemProgress;
import org.interviewpanel.scoring.ScoringDtos.Progress;
import org.interviewpanel.scoring.ScoringDtos.RatingInput;
import org.interviewpanel.scoring.ScoringDtos.RatingView;
import org.interviewpanel.scoring.ScoringDtos.ScorecardView;
import org.interviewpanel.scoring.ScoringDtos.Submit;
import org.interviewpanel.session.SessionDtos.ItemView;
import org.interviewpanel.session.SessionDtos.PanelistView;
import org.interviewpanel.session.SessionQueries;
import org.interviewpanel.session.SessionQueries.RatingTarget;
import org.interviewpanel.session.SessionQueries.ScoringContext;
import org.interviewpanel.session.SessionStatus;
import org.interviewpanel.session.Submissions;
import org.interviewpanel.session.Viewer;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Ratings, scorecards and the debrief, with independent scoring enforced here: until a panelist has submitted, nothing
 * this service returns to them holds another panelist's rating, note or recommendation.
 * <p>
 * Concurrency: every change of a panelist's ratings, and their submission, first locks their scorecard row, so a rating
 * racing the submit lands before the lock or is refused with 409. Two tabs: the last write wins, each change leaves a
 * {@code rating.recorded} event; a client that sends the revision it saw gets 409 instead when another tab got there
 * first (the console always sends it).
 */
@ApplicationScoped
public class ScoringService implements Submissions, org.interviewpanel.session.CandidateData {

    static final int MAX_NOTE = 10_000;

    @Inject
    EntityManager em;

    @Inject
    SessionQueries sessions;

    @Inject
    Outbox outbox;

    @Inject
    Clock clock;

    @Inject
    AuditTrail audit;

    @Inject
    TransactionSynchronizationRegistry transactions;

    @Inject
    AgroalDataSource dataSource;

    private final Counter recorded;
    private final Counter recordedAlone;

    @Inject
    ScoringService(MeterRegistry registry) {
        // by how the change was written: in a transaction, or as one statement of its own (rateAlone)
        recorded = Counter.builder("panel.ratings.recorded").tag("written", "transaction")
                .description("Rating changes committed (each one a rating.recorded event)").register(registry);
        recordedAlone = Counter.builder("panel.ratings.recorded").tag("written", "one-statement")
                .description("Rating changes committed (each one a rating.recorded event)").register(registry);
    }

    @Override
    public Set<String> submitted(UUID sessionId) {
        // No flush first: only a submit changes what this reads, and a submit reads no session view after it; the lead's
        // commands read it after changing the session, and Hibernate's auto-flush dirty-checked every managed entity
        // only to find that nothing pending touches scorecards (a tenth of an advance's CPU in JFR).
        return new HashSet<>(em.createQuery(
                "select s.username from Scorecard s where s.sessionId = ?1 and s.submittedAt is not null", String.class)
                .setParameter(1, sessionId).setFlushMode(FlushModeType.COMMIT).getResultList());
    }

    /**
     * Sets or changes the caller's rating. A change after their first rating is one statement, its own transaction
     * ({@link #RATE_ALONE}); the rest (the first rating, a refusal, the same PUT again, a stale revision) takes the
     * transactional way, which tells them apart.
     */
    public RatingView rate(UUID id, int position, RatingInput input, Viewer viewer) {
        int value = ratingValue(input);
        String note = input.note() == null || input.note().isBlank() ? null : input.note().strip();
        RatingView written = rateAlone(id, position, value, note, input.revision(), viewer.username());
        if (written != null) {
            return written;
        }
        return QuarkusTransaction.joiningExisting().call(() -> rateLocked(id, position, value, note, input, viewer));
    }

    private RatingView rateLocked(UUID id, int position, int value, String note, RatingInput input, Viewer viewer) {
        Locked locked = lockForChange(id, position, viewer);
        // The caller's scorecard lock is held from here: their rating writes to this session run one at a time. One
        // statement in the common case: the first rating goes in, a different one replaces it if the revision the
        // client saw (when it sent one) is current, and its event row goes into the outbox with the revision the
        // upsert made (the event is serialized with revision 0; the statement writes the real one into the payload).
        // No row back: the same PUT again, a stale revision, or a first rating sent with a revision — read the row to
        // tell which (the entity way cost two statements and a flush; the event as a statement of its own, one more).
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Outbox.EventRow eventRow = outbox.row(event(locked, viewer.username(), position, value, note != null, 0, now),
                locked.target().version());
        List<?> changed = em.createNativeQuery(RATE).unwrap(NativeQuery.class).addSynchronizedQuerySpace("rating")
                .addSynchronizedQuerySpace("outbox_event")
                .setParameter(1, id).setParameter(2, viewer.username()).setParameter(3, position)
                .setParameter(4, value).setParameter(5, note).setParameter(6, now)
                .setParameter(7, input.revision()).setParameter(8, eventRow.id())
                .setParameter(9, eventRow.aggregateVersion()).setParameter(10, eventRow.type())
                .setParameter(11, eventRow.subject()).setParameter(12, eventRow.payload()).getResultList();
        if (changed.isEmpty()) {
            Rating row = Rating.findById(Rating.key(id, viewer.username(), position));
            if (row != null && Objects.equals(row.rating, value) && Objects.equals(row.note, note)) {
                return view(row); // the same PUT again: nothing changes, no event
            }
            requireFresh(input.revision(), row);
            throw new IllegalStateException("rating " + position + " of " + viewer.username() + " in " + id
                    + " neither written, unchanged nor stale");
        }
        int revision = ((Number) changed.get(0)).intValue();
        outbox.written();
        AfterCommit.run(transactions, recorded::increment);
        return new RatingView(position, value, note, revision, now);
    }

    /**
     * The rating upsert's rule, the same both ways ({@link #RATE}, {@link #RATE_ALONE}; ?1–?3 the rating's key, ?7 the
     * revision the client sent): a first rating goes in unless the client sent a revision other than 0; a different
     * one replaces the row when the client sent no revision or the current one. Returns the new revision.
     */
    private static final String UPSERT_RULE = """
            (cast(?7 as integer) is null or cast(?7 as integer) = 0
                 or exists (select 1 from rating x where x.session_id = ?1 and x.username = ?2 and x.position = ?3))
            on conflict (session_id, username, position) do update
               set rating = excluded.rating, note = excluded.note, revision = r.revision + 1,
                   updated_at = excluded.updated_at
               where (r.rating, r.note) is distinct from (excluded.rating, excluded.note)
                 and (cast(?7 as integer) is null or r.revision = cast(?7 as integer))
            returning r.revision""";

    /**
     * The rating upsert and its {@code rating.recorded} row in one statement ({@code ?1}–{@code ?7} the rating,
     * {@code ?8}–{@code ?12} the event's id, session version, type, subject and payload; the event's session and time
     * are the rating's {@code ?1} and {@code ?6}). Returns the new revision, or no row when nothing was written.
     */
    private static final String RATE = """
            with changed as (
                insert into rating as r (session_id, username, position, rating, note, revision, updated_at)
                select ?1, ?2, ?3, ?4, ?5, 1, ?6
                where %s)
            insert into %s
            select ?8, ?1, ?9, ?10, ?11, ?6, jsonb_set(cast(?12 as jsonb), '{revision}', to_jsonb(changed.revision))
            from changed
            returning cast(payload ->> 'revision' as integer)""".formatted(UPSERT_RULE, Outbox.COLUMNS);

    /**
     * A change of the caller's rating after their first, in one statement outside any transaction (autocommit: its own
     * transaction, one round trip): it reads the session, the caller's seat, scorecard and item and takes the same locks
     * as {@link #lockForChange} (the session shared, the scorecard for update, so it queues behind a submission as the
     * transactional way does and then sees it), writes the rating when the session takes ratings, the scorecard is
     * not submitted, the item exists and the revision allows, and writes its event row, whose session fields (candidate,
     * seat, question) come from the rows it read. Null when it wrote nothing: nothing changed, so the transactional way
     * starts from the same state.
     */
    private RatingView rateAlone(UUID id, int position, int value, String note, Integer revision, String username) {
        try {
            if (transactions.getTransactionStatus() != Status.STATUS_NO_TRANSACTION) {
                return null; // in a caller's transaction, a statement of its own would not be its own transaction
            }
            Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
            // the event without what the statement reads (candidate, seat, question) and writes (revision)
            Outbox.EventRow eventRow = outbox.row(new SessionEvent.RatingRecorded(id, null, username, null, position,
                    null, 0, value, note != null, 0, now), 0);
            try (Connection c = dataSource.getConnection()) {
                c.setAutoCommit(true);
                try (PreparedStatement statement = c.prepareStatement(RATE_ALONE.jdbc())) {
                    RATE_ALONE.bind(statement, id, username, position, value, note, now.atOffset(ZoneOffset.UTC),
                            revision, eventRow.id(), eventRow.type(), eventRow.subject(), eventRow.payload(),
                            c.createArrayOf("text", RATED_WHILE), Seat.SHADOW.name(), Seat.PANEL.name());
                    try (ResultSet rs = statement.executeQuery()) {
                        if (!rs.next()) {
                            return null;
                        }
                        int written = rs.getInt(1);
                        outbox.committedOutsideTransaction();
                        recordedAlone.increment();
                        return new RatingView(position, value, note, written, now);
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("rating " + position + " of " + username + " in " + id + " not written", e);
        }
    }

    /** The statuses in which a session takes ratings ({@link SessionStatus#acceptsRatings()}). */
    private static final String[] RATED_WHILE = Arrays.stream(SessionStatus.values())
            .filter(SessionStatus::acceptsRatings).map(Enum::name).toArray(String[]::new);

    /**
     * {@link #rateAlone}'s statement: the session, seat, scorecard and item, locked ({@code t}); the rating upsert as in
     * {@link #RATE} when the rules allow; its event row, the template {@code ?11} completed from {@code t} and the
     * revision. Returns the new revision, or no row. ?1–?7 as in {@link #RATE}; ?8–?11 the event's id, type, subject
     * and payload; ?12 the statuses that take ratings; ?13, ?14 the seat of a shadow and of a panelist.
     */
    private static final NumberedSql RATE_ALONE = NumberedSql.of("""
            with t as (%s),
            changed as (
                insert into rating as r (session_id, username, position, rating, note, revision, updated_at)
                select ?1, ?2, ?3, ?4, ?5, 1, ?6 from t
                where t.status = any(?12) and not t.submitted and t.question_id is not null and %s)
            insert into %s
            select ?8, ?1, t.version, ?9, ?10, ?6, cast(?11 as jsonb) || jsonb_build_object('candidateRef',
                   t.candidate_ref, 'seat', case when t.shadow then ?13 else ?14 end, 'questionKey', t.question_key,
                   'questionVersion', t.question_version, 'revision', changed.revision)
            from changed, t
            returning cast(payload ->> 'revision' as integer)""".formatted(
            SessionQueries.ratingTargetLockingSeatRow("scorecard", "x.submitted_at is not null as submitted"),
            UPSERT_RULE, Outbox.COLUMNS));

    @Transactional
    public void clear(UUID id, int position, Integer revision, Viewer viewer) {
        Locked locked = lockForChange(id, position, viewer);
        Rating row = Rating.findById(Rating.key(id, viewer.username(), position));
        if (row == null || row.rating == null) {
            return; // nothing to clear: harmless, no event
        }
        requireFresh(revision, row);
        row.rating = null;
        row.note = null;
        record(locked, row);
    }

    public ScorecardView scorecard(UUID id, Viewer viewer) {
        ScoringContext context = sessions.scoringContext(id, viewer, false);
        requirePanelist(context);
        return scorecard(context, viewer, Scorecard.findById(Scorecard.key(id, viewer.username())),
                ownRatings(id, viewer));
    }

    private static ScorecardView scorecard(ScoringContext context, Viewer viewer, Scorecard card, List<Rating> own) {
        List<RatingView> ratings = own.stream().map(ScoringService::view).toList();
        int rated = (int) ratings.stream().filter(r -> r.rating() != null).count();
        return new ScorecardView(context.sessionId(), viewer.username(), card != null && card.submitted(),
                card == null ? null : card.submittedAt, card == null ? null : card.recommendation,
                card == null ? null : card.summary, ratings, context.items().size(), rated);
    }

    /** Read only: nothing here changes them, so the flush has no snapshot of them to compare. */
    private static List<Rating> ownRatings(UUID id, Viewer viewer) {
        return Rating.<Rating> find("sessionId = ?1 and username = ?2 order by position", id, viewer.username())
                .withHint(HibernateHints.HINT_READ_ONLY, true).list();
    }

    /**
     * Submits the caller's scorecard, which locks their ratings. A seated panelist's submission on an ended session is a
     * plain JDBC transaction of two statements, three when they never rated ({@link #submitAlone}); the rest takes the
     * transactional way, which tells the refusals apart.
     */
    public ScorecardView submit(UUID id, Submit input, Viewer viewer) {
        ScorecardView submitted = submitAlone(id, input, viewer.username());
        if (submitted != null) {
            return submitted;
        }
        return QuarkusTransaction.joiningExisting().call(() -> submitLocked(id, input, viewer));
    }

    /**
     * A submission in a plain JDBC transaction, outside JTA and Hibernate: the first statement reads the session and the
     * caller's seat and locks the session (shared) and the scorecard (for update), as {@link #submitLocked} does (a
     * panelist who never rated has no scorecard row yet: it is created first); the second ({@link #SUBMIT}) writes the
     * scorecard and its event row and reads their ratings. Null, with nothing written, when the session takes no
     * scorecards, the scorecard is submitted, the caller has no seat, or there is no such session.
     */
    private ScorecardView submitAlone(UUID id, Submit input, String username) {
        if (transactions.getTransactionStatus() != Status.STATUS_NO_TRANSACTION) {
            return null; // in a caller's transaction: its commit, not this one, decides
        }
        try (Connection c = dataSource.getConnection()) {
            ScorecardView view = PlainTransaction.run(c, locked -> submitAlone(locked, id, input, username));
            if (view != null) {
                outbox.committedOutsideTransaction();
            }
            return view;
        } catch (SQLException e) {
            throw new IllegalStateException("scorecard of " + username + " in " + id + " not submitted", e);
        }
    }

    /** What a submission reads first, under its locks. */
    private record SubmitTarget(UUID candidateRef, SessionStatus status, int version, boolean shadow, int items,
            boolean submitted) {
    }

    private ScorecardView submitAlone(Connection c, UUID id, Submit input, String username) throws SQLException {
        SubmitTarget target = submitTarget(c, id, username);
        if (target == null) {
            // a panelist who never rated has no scorecard row yet: create it (locked until this transaction ends)
            try (PreparedStatement statement = c.prepareStatement(CREATE_SCORECARD.jdbc())) {
                CREATE_SCORECARD.bind(statement, id, username);
                if (statement.executeUpdate() == 0) {
                    return null; // no seat, or no such session
                }
            }
            target = submitTarget(c, id, username);
        }
        if (target == null || !target.status().acceptsScorecards() || target.submitted()) {
            return null;
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        String summary = input.summary().strip();
        // The event as Java writes it but for its final ratings, which SUBMIT sets from the rows it reads.
        Outbox.EventRow eventRow = outbox.row(new SessionEvent.ScorecardSubmitted(id, target.candidateRef(), username,
                Seat.of(target.shadow()), input.recommendation().name(), List.of(), now), target.version());
        List<RatingView> ratings = new ArrayList<>();
        long written = 0;
        try (PreparedStatement statement = c.prepareStatement(SUBMIT.jdbc())) {
            SUBMIT.bind(statement, id, username, input.recommendation().name(), summary, now.atOffset(ZoneOffset.UTC),
                    eventRow.id(), eventRow.aggregateVersion(), eventRow.type(), eventRow.subject(), eventRow.payload());
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    written = rs.getLong(1);
                    if (rs.getObject(2) != null) {
                        OffsetDateTime updated = rs.getObject(6, OffsetDateTime.class);
                        ratings.add(new RatingView(rs.getInt(2), rs.getObject(3, Integer.class), rs.getString(4),
                                rs.getInt(5), updated == null ? null : updated.toInstant()));
                    }
                }
            }
        }
        if (written != 1) {
            throw new IllegalStateException("scorecard of " + username + " in " + id + " locked but not written");
        }
        int rated = (int) ratings.stream().filter(r -> r.rating() != null).count();
        return new ScorecardView(id, username, true, now, input.recommendation(), summary, ratings, target.items(),
                rated);
    }

    /** The submission's first read, or null when it finds no row: {@link #SUBMIT_LOCK} takes the locks. */
    private static SubmitTarget submitTarget(Connection c, UUID id, String username) throws SQLException {
        try (PreparedStatement statement = c.prepareStatement(SUBMIT_LOCK.jdbc())) {
            SUBMIT_LOCK.bind(statement, id, username);
            try (ResultSet rs = statement.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                return new SubmitTarget(rs.getObject(1, UUID.class), SessionStatus.valueOf(rs.getString(2)),
                        rs.getInt(3), rs.getBoolean(4), rs.getInt(5), rs.getBoolean(6));
            }
        }
    }

    /** A seated panelist's scorecard row, created when missing. */
    private static final NumberedSql CREATE_SCORECARD = NumberedSql.of(SessionQueries.insertSeatRow("scorecard"));

    /** {@link #submitAlone}'s first read: the session, seat and item count, the scorecard locked. */
    private static final NumberedSql SUBMIT_LOCK = NumberedSql.of(
            SessionQueries.seatLockingSeatRow("scorecard", "x.submitted_at is not null"));

    /**
     * {@link #submitAlone}'s write, a statement after the one that took the locks: in READ COMMITTED a statement reads
     * with the snapshot it started with, so this one sees a rating committed while the lock was awaited (stop 37 read the
     * ratings in the locking statement, and a rating committed meanwhile was missing from the event). It submits the
     * scorecard, writes the event row ({@code ?6}–{@code ?10}) with the rated items as its final ratings (the fields of
     * {@link SessionEvent.ScorecardSubmitted.FinalRating}, in position order, as the transactional way writes them), and
     * answers with the number of event rows written (1) on every row, with the caller's ratings, if any, in position
     * order.
     */
    private static final NumberedSql SUBMIT = NumberedSql.of("""
            with submitted as (
                update scorecard set recommendation = ?3, summary = ?4, submitted_at = ?5
                where session_id = ?1 and username = ?2 and submitted_at is null
                returning 1),
            own as (%s),
            event as (
                insert into %s
                select ?6, ?1, ?7, ?8, ?9, ?5, jsonb_set(cast(?10 as jsonb), '{ratings}', coalesce((
                    select jsonb_agg(jsonb_build_object('position', o.position, 'questionKey', o.question_key,
                                                        'questionVersion', o.question_version, 'rating', o.rating)
                                     order by o.position)
                    from own o where o.rating is not null), '[]'))
                from submitted
                returning 1)
            select (select count(*) from event), o.position, o.rating, o.note, o.revision, o.updated_at
            from (select 1) one left join own o on true
            order by o.position""".formatted(SessionQueries.seatRows("rating",
            "r.position, r.rating, r.note, r.revision, r.updated_at, i.question_key, i.question_version"),
            Outbox.COLUMNS));

    private ScorecardView submitLocked(UUID id, Submit input, Viewer viewer) {
        ScoringContext context = sessions.scoringContext(id, viewer, true);
        requirePanelist(context);
        if (!context.status().acceptsScorecards()) {
            throw new ProblemException(ProblemType.CONFLICT, context.status() == SessionStatus.LIVE
                    ? "Scorecards are submitted once the lead has ended the session"
                    : "A " + context.status() + " session takes no scorecards");
        }
        Scorecard card = lockScorecard(id, viewer.username());
        if (card.submitted()) {
            throw new ProblemException(ProblemType.CONFLICT, "Your scorecard was already submitted");
        }
        Instant now = clock.instant();
        card.recommendation = input.recommendation();
        card.summary = input.summary().strip();
        card.submittedAt = now;
        Map<Integer, ItemView> items = new LinkedHashMap<>();
        context.items().forEach(i -> items.put(i.position(), i));
        // The caller's ratings, read once: the event carries the rated ones, the answer all of them.
        List<Rating> own = ownRatings(id, viewer);
        List<SessionEvent.ScorecardSubmitted.FinalRating> finals = own.stream().filter(r -> r.rating != null)
                .map(r -> new SessionEvent.ScorecardSubmitted.FinalRating(r.position, items.get(r.position).key(),
                        items.get(r.position).questionVersion(), r.rating))
                .toList();
        Seat seat = context.panel().stream().filter(p -> p.username().equals(viewer.username())).findFirst()
                .map(PanelistView::seat).orElse(Seat.PANEL);
        outbox.record(new SessionEvent.ScorecardSubmitted(id, context.candidateRef(), viewer.username(), seat,
                card.recommendation.name(), finals, now), context.version());
        return scorecard(context, viewer, card, own);
    }

    /**
     * Progress counts for the live room: how many of the panel rated each item, who of the panel submitted, and which
     * shadows did (so the lead sees a trainee is done). Never a value.
     */
    public Progress progress(UUID id) {
        ScoringContext context = sessions.scoringContext(id, Viewer.SYSTEM, false);
        Set<String> panelSeats = new HashSet<>();
        context.panel().stream().filter(p -> !p.shadow()).forEach(p -> panelSeats.add(p.username()));
        Map<Integer, Integer> rated = new LinkedHashMap<>();
        em.createQuery("select r.position, r.username from Rating r where r.sessionId = ?1 and r.rating is not null",
                Object[].class).setParameter(1, id).getResultList().stream()
                .filter(row -> panelSeats.contains((String) row[1]))
                .forEach(row -> rated.merge((Integer) row[0], 1, Integer::sum));
        List<ItemProgress> items = context.items().stream()
                .map(i -> new ItemProgress(i.position(), rated.getOrDefault(i.position(), 0))).toList();
        Set<String> submitted = submitted(id);
        return new Progress(panelSeats.size(), items,
                context.panel().stream().map(PanelistView::username).filter(panelSeats::contains)
                        .filter(submitted::contains).toList(),
                context.panel().stream().filter(PanelistView::shadow).map(PanelistView::username)
                        .filter(submitted::contains).toList());
    }

    public Debrief debrief(UUID id, Viewer viewer) {
        ScoringContext context = sessions.scoringContext(id, viewer, false);
        Map<String, Scorecard> cards = new LinkedHashMap<>();
        Scorecard.<Scorecard> list("sessionId", id).forEach(c -> cards.put(c.username, c));
        // A panelist scores independently whatever other roles they hold: until they have submitted, no debrief.
        Scorecard own = cards.get(viewer.username());
        boolean ownSubmitted = own != null && own.submitted();
        if (context.onPanel() ? !ownSubmitted : !viewer.seesAll()) {
            throw ProblemException.forbidden("The debrief opens to you once you have submitted your scorecard");
        }
        audit.read(viewer.username(), AuditAction.DEBRIEF_READ, "sessions/" + id, context.candidateRef());
        // A panelist sees the submitted scorecards; hiring managers and admins also see drafts, flagged as such.
        Set<String> shown = new HashSet<>();
        Map<String, PanelistView> panel = new LinkedHashMap<>();
        for (PanelistView p : context.panel()) {
            panel.put(p.username(), p);
            Scorecard card = cards.get(p.username());
            if (viewer.seesAll() || (card != null && card.submitted())) {
                shown.add(p.username());
            }
        }
        // Shadows' ratings are shown apart and never enter the panel's mean, spread or disagreement flag.
        Map<Integer, List<DebriefRating>> byItem = new LinkedHashMap<>();
        Map<Integer, List<DebriefRating>> shadowsByItem = new LinkedHashMap<>();
        for (Rating r : Rating.<Rating> list("sessionId = ?1 and rating is not null order by position, username", id)) {
            if (shown.contains(r.username) && panel.containsKey(r.username)) {
                Scorecard card = cards.get(r.username);
                PanelistView seat = panel.get(r.username);
                (seat.shadow() ? shadowsByItem : byItem).computeIfAbsent(r.position, k -> new ArrayList<>())
                        .add(new DebriefRating(r.username, seat.displayName(), r.rating, r.note,
                                card != null && card.submitted()));
            }
        }
        List<DebriefItem> items = context.items().stream().map(i -> {
            List<DebriefRating> ratings = byItem.getOrDefault(i.position(), List.of());
            List<DebriefRating> shadowRatings = shadowsByItem.getOrDefault(i.position(), List.of());
            if (ratings.isEmpty()) {
                return new DebriefItem(i.position(), i.key(), i.text(), i.category(), ratings, null, null, false,
                        shadowRatings);
            }
            int min = ratings.stream().mapToInt(DebriefRating::rating).min().orElseThrow();
            int max = ratings.stream().mapToInt(DebriefRating::rating).max().orElseThrow();
            double mean = ratings.stream().mapToInt(DebriefRating::rating).average().orElseThrow();
            return new DebriefItem(i.position(), i.key(), i.text(), i.category(), ratings,
                    Math.round(mean * 100) / 100.0, max - min, max - min >= 2, shadowRatings);
        }).toList();
        Instant now = clock.instant();
        List<DebriefScorecard> scorecards = context.panel().stream().map(p -> {
            Scorecard card = cards.get(p.username());
            boolean submitted = card != null && card.submitted();
            boolean visible = submitted && shown.contains(p.username());
            Long pending = submitted || context.endedAt() == null ? null
                    : Duration.between(context.endedAt(), now).toMinutes();
            return new DebriefScorecard(p.username(), p.displayName(), p.lead(), submitted,
                    submitted ? card.submittedAt : null, visible ? card.recommendation : null,
                    visible ? card.summary : null, pending, p.seat());
        }).toList();
        int submittedCount = (int) scorecards.stream().filter(c -> c.submitted() && c.seat() == Seat.PANEL).count();
        int panelSize = (int) context.panel().stream().filter(p -> !p.shadow()).count();
        return new Debrief(id, context.status(), context.endedAt(), panelSize, submittedCount, items,
                scorecards, context.decision(), viewer.seesAll() && context.status().decidable());
    }

    // --- internals ---

    private record Locked(RatingTarget target, ItemView item) {
    }

    /**
     * Checks the caller may change this rating now, and takes their scorecard's lock for the rest of the transaction.
     * The hot path of scoring: once the caller's scorecard exists (every change after their first), one statement
     * reads the session's state, their seat and the item and takes both locks; not the whole session.
     */
    private Locked lockForChange(UUID id, int position, Viewer viewer) {
        // No row when the scorecard is not there yet, the caller has no seat or there is no such session: the
        // two-statement way below tells which, and creates the scorecard.
        List<?> rows = em.createNativeQuery(LOCK_TARGET_AND_SCORECARD).setParameter(1, id)
                .setParameter(2, viewer.username()).setParameter(3, position).getResultList();
        if (!rows.isEmpty()) {
            Object[] row = (Object[]) rows.get(0);
            RatingTarget target = SessionQueries.ratingTarget(id, position, row);
            ItemView item = requireOpen(target, position);
            requireNotSubmitted((Boolean) row[row.length - 1], target, position, viewer);
            return new Locked(target, item);
        }
        RatingTarget target = sessions.ratingTarget(id, position, viewer);
        if (!target.onPanel()) {
            throw notPanelist();
        }
        ItemView item = requireOpen(target, position);
        requireNotSubmitted(lockScorecardSubmitted(id, viewer.username()), target, position, viewer);
        return new Locked(target, item);
    }

    /** The session, the caller's seat and the item, and their scorecard: locks the session (share) and the scorecard. */
    private static final String LOCK_TARGET_AND_SCORECARD = SessionQueries.ratingTargetLockingSeatRow("scorecard",
            "x.submitted_at is not null");

    /** The item, when it exists and the session takes ratings; else the 404 or the 409. */
    private static ItemView requireOpen(RatingTarget target, int position) {
        ItemView item = target.item()
                .orElseThrow(() -> ProblemException.notFound("Question " + position + " of this session"));
        if (!target.status().acceptsRatings()) {
            throw new ProblemException(ProblemType.CONFLICT, target.status() == SessionStatus.SCHEDULED
                    ? "Rating opens when the session starts"
                    : "A " + target.status() + " session takes no more ratings");
        }
        return item;
    }

    private void requireNotSubmitted(boolean submitted, RatingTarget target, int position, Viewer viewer) {
        if (submitted) {
            audit.attempt(viewer.username(), AuditAction.RATING_CHANGE_AFTER_SUBMIT, "sessions/" + target.sessionId(),
                    target.candidateRef(), "question " + position);
            throw new ProblemException(ProblemType.CONFLICT,
                    "Your scorecard is submitted, which locked your ratings");
        }
    }

    /**
     * Locks the panelist's scorecard row (creating the draft on first use) and says whether it is submitted. One
     * statement once the draft exists.
     */
    private boolean lockScorecardSubmitted(UUID id, String username) {
        for (int attempt = 0; attempt < 2; attempt++) {
            // Untyped on purpose: with a result class, Hibernate 7 keys each execution's plan under a new result-set
            // mapping that hashes alike but never compares equal, so its plan cache fills with copies of this query
            // and every lookup walks them (a fifth of a rating's samples under load, measured with JFR).
            List<?> rows = em.createNativeQuery("select submitted_at is not null from scorecard "
                    + "where session_id = ?1 and username = ?2 for update")
                    .setParameter(1, id).setParameter(2, username).getResultList();
            if (!rows.isEmpty()) {
                return (Boolean) rows.get(0);
            }
            em.createNativeQuery("insert into scorecard (session_id, username) values (?1, ?2) on conflict do nothing")
                    .setParameter(1, id).setParameter(2, username).executeUpdate();
        }
        throw new IllegalStateException("scorecard row of " + username + " in " + id + " neither found nor created");
    }

    /** The panelist's scorecard, locked: one statement when it exists (from their first rating), else it is created. */
    private Scorecard lockScorecard(UUID id, String username) {
        Scorecard card = em.find(Scorecard.class, Scorecard.key(id, username), LockModeType.PESSIMISTIC_WRITE);
        if (card != null) {
            return card;
        }
        em.createNativeQuery("insert into scorecard (session_id, username) values (?1, ?2) on conflict do nothing")
                .setParameter(1, id).setParameter(2, username).executeUpdate();
        return em.find(Scorecard.class, Scorecard.key(id, username), LockModeType.PESSIMISTIC_WRITE);
    }

    private void record(Locked locked, Rating row) {
        Instant now = clock.instant();
        row.revision++;
        row.updatedAt = now;
        publish(locked, row.username, row.position, row.rating, row.note != null, row.revision, now);
    }

    private void publish(Locked locked, String username, int position, Integer rating, boolean noted, int revision,
            Instant at) {
        outbox.record(event(locked, username, position, rating, noted, revision, at), locked.target().version());
        AfterCommit.run(transactions, recorded::increment);
    }

    private static SessionEvent.RatingRecorded event(Locked locked, String username, int position, Integer rating,
            boolean noted, int revision, Instant at) {
        ItemView item = locked.item();
        return new SessionEvent.RatingRecorded(locked.target().sessionId(), locked.target().candidateRef(), username,
                locked.target().seat(), position, item.key(), item.questionVersion(), rating, noted, revision, at);
    }

    private static void requireFresh(Integer seen, Rating row) {
        int current = row == null ? 0 : row.revision;
        if (seen != null && seen != current) {
            throw new ProblemException(ProblemType.STALE_VERSION, "This rating was changed elsewhere (another tab?) "
                    + "since you loaded it: revision " + current + ", you had " + seen + ". Reload to see it.");
        }
    }

    private static void requirePanelist(ScoringContext context) {
        if (!context.onPanel()) {
            throw notPanelist();
        }
    }

    private static ProblemException notPanelist() {
        return ProblemException.forbidden("Only the session's panelists rate and submit scorecards");
    }

    private static int ratingValue(RatingInput input) {
        List<Problem.FieldError> errors = new ArrayList<>();
        BigDecimal rating = input.rating();
        if (rating == null) {
            errors.add(new Problem.FieldError("rating", "a rating 1–5 is required (DELETE clears it)"));
        } else if (rating.stripTrailingZeros().scale() > 0 || rating.compareTo(BigDecimal.ONE) < 0
                || rating.compareTo(BigDecimal.valueOf(5)) > 0) {
            errors.add(new Problem.FieldError("rating", "must be a whole number from 1 to 5"));
        }
        if (input.note() != null && input.note().length() > MAX_NOTE) {
            errors.add(new Problem.FieldError("note", "at most " + MAX_NOTE + " characters"));
        }
        if (input.revision() != null && input.revision() < 0) {
            errors.add(new Problem.FieldError("revision", "must be 0 or more"));
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(ProblemType.UNPROCESSABLE,
                    errors.stream().map(e -> e.field() + ": " + e.message()).reduce((a, b) -> a + "; " + b).orElse(""),
                    errors);
        }
        return rating.intValueExact();
    }

    private static RatingView view(Rating r) {
        return new RatingView(r.position, r.rating, r.note, r.revision, r.updatedAt);
    }

    @Override
    public List<RatingRecord> ratings(UUID sessionId) {
        return Rating.<Rating> list("sessionId = ?1 order by username, position", sessionId).stream()
                .map(r -> new RatingRecord(r.username, r.position, r.rating, r.note, r.updatedAt)).toList();
    }

    @Override
    public List<ScorecardRecord> scorecards(UUID sessionId) {
        return Scorecard.<Scorecard> list("sessionId = ?1 order by username", sessionId).stream()
                .map(c -> new ScorecardRecord(c.username, c.recommendation == null ? null : c.recommendation.name(),
                        c.summary, c.submittedAt))
                .toList();
    }

    @Override
    @Transactional(Transactional.TxType.MANDATORY)
    public void eraseFreeText(UUID sessionId) {
        Rating.update("note = null where sessionId = ?1 and note is not null", sessionId);
        Scorecard.update("summary = null where sessionId = ?1 and summary is not null", sessionId);
    }
}
