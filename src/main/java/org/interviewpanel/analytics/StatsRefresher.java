package org.interviewpanel.analytics;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Computes the statistics of the sessions the projection marked ({@link SessionStats}), in the background, a batch of
 * sessions per transaction: one pass over many sessions costs a fraction of one per projected batch; then the weekly
 * rollups of the cells those sessions left or joined ({@link Rollups}). Every instance runs one; one at a time works (a
 * transaction-level advisory lock), the others find it taken and wait for the next round.
 * <p>
 * A report first catches up ({@link #catchUp}): it computes what is still marked, waiting (at most a few seconds) for a
 * pass under way, so a reader sees every event the projection has committed.
 */
@ApplicationScoped
public class StatsRefresher {

    private static final Logger LOG = Logger.getLogger(StatsRefresher.class);

    @Inject
    AnalyticsStore store;

    /** The advisory lock key of the refresher ("stats"). */
    static final long LOCK = 0x7374617473L;

    /** How long a report's catch-up waits for the refresher's lock or a row lock. */
    private static final String CATCH_UP_LOCK_TIMEOUT = "3s";

    /** Takes the refresher's lock for the transaction, waiting for a pass that holds it (one row, no value). */
    static final String WAIT_FOR_LOCK = "select 1 from (select pg_advisory_xact_lock(" + LOCK + ")) as locked";

    @ConfigProperty(name = "panel.analytics.stats.batch", defaultValue = "500")
    int batch;

    /** A report computes at most this many sessions itself; a longer backlog (a rebuild, an upgrade) is left. */
    @ConfigProperty(name = "panel.analytics.stats.catch-up", defaultValue = "500")
    int catchUpLimit;

    /**
     * While sessions keep coming (live traffic, a bulk load, a rebuild), the weekly rollups of the cells their passes
     * touched are computed again at most this often (and less often when they take long); once the projection is quiet
     * ({@code quiet-after}), pass after pass until none is marked.
     */
    @ConfigProperty(name = "panel.analytics.stats.cells-every", defaultValue = "10s")
    Duration cellsEvery;

    /**
     * The projection is quiet once no session has been marked (by any instance's projection) for this long: only then
     * do the rollups left go pass after pass. Before, any pass that found no marked session computed rollups, and
     * between two batches of a busy projection many did: the same cells again and again, each time from all their
     * statistics rows.
     */
    @ConfigProperty(name = "panel.analytics.stats.quiet-after", defaultValue = "1s")
    Duration quietAfter;

    /** When this instance last saw a session marked: a pass found marks, or the marks' sequence had moved. */
    private volatile long markedAt = System.nanoTime();
    /** The marks' sequence as this instance last read it. */
    private long lastMark = -1;

    /**
     * After a pass that found fewer sessions than a batch, the background waits this long before the next: the sessions
     * marked meanwhile then go in one pass, which pays a pass's fixed cost once (a report's catch-up computes what it
     * needs itself, so the reports do not wait for it).
     */
    @ConfigProperty(name = "panel.analytics.stats.pause", defaultValue = "250ms")
    Duration pause;

    @ConfigProperty(name = "panel.analytics.stats.analyze-after", defaultValue = "20000")
    long analyzeAfter;

    /**
     * An analytics table is analyzed again once the rows inserted, updated or deleted since its last {@code ANALYZE}
     * exceed this many plus {@code reanalyze-share} times the rows it had then (autovacuum's rule, with a larger share:
     * a table that grows is analyzed each time it has doubled); and vacuumed (and analyzed) once its dead rows exceed
     * the same.
     */
    @ConfigProperty(name = "panel.analytics.stats.reanalyze-rows", defaultValue = "1000")
    long reanalyzeRows;

    @ConfigProperty(name = "panel.analytics.stats.reanalyze-share", defaultValue = "1.0")
    double reanalyzeShare;

    private long changedCheckedAt = System.nanoTime();

    /** Sessions this instance's refresher computed since it last analyzed the tables. */
    private volatile long sinceAnalyze;

    /**
     * A pass over at least this many sessions computes half of them on a second connection at the same time
     * ({@link #sessionsAlongside}): one PostgreSQL backend computes a pass, so a long pass (a rebuild's backlog, a
     * bulk load) used one core of the database's. Above {@code panel.analytics.stats.batch}: never.
     */
    @ConfigProperty(name = "panel.analytics.stats.split-from", defaultValue = "2")
    int splitFrom;

    /** Passes split in two, and halves computed alongside that failed (their sessions stayed marked). */
    private final AtomicLong passesSplit = new AtomicLong();
    private final AtomicLong halvesFailed = new AtomicLong();
    /** Cells whose rollups were computed. */
    private final AtomicLong cellsRolledUp = new AtomicLong();

    /** Cells per rollup pass: a pass holds the refresher's lock, so it is kept short. */
    @ConfigProperty(name = "panel.analytics.stats.cells-batch", defaultValue = "16")
    int cellsBatch;

    /** The last rollup pass may have left marked cells: the next pass comes without a pause. */
    private volatile boolean cellsLeft;
    private volatile long cellsAt = System.nanoTime();
    /** How long the last rollup pass took: while behind, at most a fifth of the refresher's time goes to them. */
    private volatile long cellsCost;
    private volatile boolean running;
    private volatile boolean behind;
    private Thread worker;
    /**
     * Computes sessions ({@link #sessionsAlongside}) or rollups ({@link #cellsAlongside}) on a second connection while
     * the refresher's pass computes others; only while a pass holds the lock, so one thread is never waited for.
     */
    private final ExecutorService helper = daemonThread("analytics-alongside");

    /** Vacuums the tables with many dead rows ({@link #analyzeWhatChanged}) off the refresher's thread. */
    private final ExecutorService maintenance = daemonThread("analytics-vacuum");
    private final AtomicBoolean vacuuming = new AtomicBoolean();

    /** One daemon thread of this name, running what it is given in order. */
    private static ExecutorService daemonThread(String name) {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    void start(@Observes StartupEvent event) {
        running = true;
        worker = new Thread(this::loop, "analytics-stats");
        worker.setDaemon(true);
        worker.start();
    }

    void stop(@Observes ShutdownEvent event) {
        running = false;
        helper.shutdown();
        maintenance.shutdown();
        if (worker != null) {
            LockSupport.unpark(worker);
        }
    }

    /** More sessions wait than one pass takes: the reports may not yet count the latest events. */
    boolean behind() {
        return behind;
    }

    /**
     * Computes the sessions still marked, waiting for a pass under way; when more are marked than a report should
     * compute (a bulk load, a rebuild, an upgrade), leaves them to the background and says it is behind.
     */
    void catchUp() {
        try {
            long waiting = marked();
            if (waiting > catchUpLimit) {
                behind = true;
                return;
            }
            // None marked: nothing to compute and no pass to wait for (a pass removes the marks it computed only as it
            // commits, so until then they are counted here).
            if (waiting > 0) {
                refresh(catchUpLimit, Lock.WAIT_BRIEFLY);
            }
        } catch (SQLException | RuntimeException e) {
            // The report still answers from the statistics as they are; the background pass retries.
            LOG.debugf("statistics catch-up failed: %s", e.toString());
        }
    }

    /**
     * A rebuild's replay ended: every session is marked as backlog ({@link SessionStats#markBacklog}), holding the
     * refresher's lock. A pass under way may have read a session's mark before the replay wrote the rest of its facts,
     * which marked nothing; the mark would still be there for the backlog to skip, and the pass would then remove it.
     * Waiting for the pass to commit first leaves the session unmarked, so the backlog marks it. (The lock also keeps
     * the refresher's deletes, taken in no order, out of the way of this insert's row locks.) Returns the sessions
     * it marked.
     */
    int markBacklog() throws SQLException {
        int marked = inTransactionOfItsOwn(c -> {
            try (Statement st = c.createStatement()) {
                st.execute(WAIT_FOR_LOCK);
            }
            return SessionStats.markBacklog(c);
        });
        LOG.debugf("rebuild: %d sessions marked for their statistics", marked);
        return marked;
    }

    /** Work on a connection, in a transaction its caller commits. */
    @FunctionalInterface
    private interface Work {
        int run(Connection c) throws SQLException;
    }

    /** Runs {@code work} on a connection of its own and commits it; rolls it back and rethrows when it fails. */
    private int inTransactionOfItsOwn(Work work) throws SQLException {
        try (Connection c = store.connection()) {
            c.setAutoCommit(false);
            try {
                int done = work.run(c);
                c.commit();
                return done;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** Computes every marked session and cell now (the end of a rebuild). */
    void drain() throws SQLException {
        long start = System.nanoTime();
        long sessionsDone = 0;
        long sessions = 0;
        int taken;
        do {
            taken = refresh(batch, Lock.WAIT);
            sessions += taken;
            if (taken == 0 && sessionsDone == 0) {
                sessionsDone = System.nanoTime();
            }
        } while (taken > 0 || cellsLeft);
        long rollupsDone = System.nanoTime();
        tidyTables(); // a rebuild rewrote every table, the rollups many times
        LOG.infof("Statistics drained: %d sessions in %.1f s, then the rollups left in %.1f s, "
                + "then vacuum and analyze in %.1f s", sessions, seconds(sessionsDone - start),
                seconds(rollupsDone - sessionsDone), seconds(System.nanoTime() - rollupsDone));
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    /**
     * After a bulk change (a rebuild, a backlog of many sessions) the planner's statistics of the analytics tables are
     * out of date until autovacuum comes round (or forever, where it is off), and the reports' plans with them; and the
     * rollup rows, computed again every few seconds while sessions kept coming, have left more dead rows than live ones
     * (at 1,000,000 ratings: 870,000 dead to 813,000 live), which every report reads past. Once the refresher has caught
     * up after computing at least {@code panel.analytics.stats.analyze-after} sessions, it vacuums the tables it rewrites
     * and analyzes them all itself.
     */
    private void tidyAfterBulk() {
        if (sinceAnalyze >= analyzeAfter) {
            tidyTables();
        }
    }

    /** Vacuums the tables the refresher rewrites and analyzes every analytics table. */
    private void tidyTables() {
        try (Connection c = store.connection(); Statement st = c.createStatement()) {
            c.setAutoCommit(true); // VACUUM runs outside a transaction
            st.execute("vacuum (analyze) analytics.session_stat, analytics.item_stat, analytics.panelist_stat, "
                    + Rollups.tables() + ", analytics.cell_dirty, analytics.stats_dirty");
            st.execute("analyze analytics.session_fact, analytics.item_fact, analytics.ask_fact, analytics.panelist_fact, "
                    + "analytics.rating_fact");
            sinceAnalyze = 0;
        } catch (SQLException | RuntimeException e) {
            LOG.debugf("analytics tables not vacuumed and analyzed: %s", e.toString());
        }
    }

    /**
     * Analyzes the analytics tables that changed much since their last {@code ANALYZE}, and vacuums those with many dead
     * rows, at most once a second. Without a column's statistics the planner takes {@code session_id = any(?)} over 500
     * sessions to match nine rows in ten (half a percent a value), so the statistics passes joined whole tables by
     * hash: at 1,000,000 ratings a pass over 500 sessions took up to 1.2 s. A rebuild empties the tables and fills them
     * again, a bulk load grows them many times over, and autovacuum comes at most once a minute (never where it is
     * off). The rollups are computed again every few seconds while sessions keep coming, each time leaving the cells'
     * old rows dead: at 1,000,000 ratings, with the last vacuum of a bulk load 20,000 sessions back, the reports read
     * past 570,000–920,000 dead rollup rows (844,000 live); with this vacuum 230,000–310,000 (stop 42; the pipeline
     * report's ratio to its bare aggregate did not move with them). A vacuum runs on a thread of its own, one at a time:
     * vacuuming a large table takes seconds, which on the refresher's thread would hold back every report's freshness.
     * Tables another session is analyzing or vacuuming are skipped this time.
     */
    private void analyzeWhatChanged() {
        if (System.nanoTime() - changedCheckedAt < TimeUnit.SECONDS.toNanos(1)) {
            return;
        }
        changedCheckedAt = System.nanoTime();
        try (Connection c = store.connection(); Statement st = c.createStatement()) {
            c.setAutoCommit(true); // ANALYZE of several tables runs outside a transaction, one table at a time
            String threshold = reanalyzeRows + " + " + reanalyzeShare + " * greatest(t.reltuples, 0)";
            List<String> changed = new ArrayList<>();
            List<String> dead = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("select 'analytics.' || quote_ident(s.relname), s.n_dead_tup > "
                    + threshold + " from pg_stat_user_tables s join pg_class t on t.oid = s.relid "
                    + "where s.schemaname = 'analytics' and (s.n_mod_since_analyze > " + threshold + " or s.n_dead_tup > "
                    + threshold + ")")) {
                while (rs.next()) {
                    (rs.getBoolean(2) ? dead : changed).add(rs.getString(1));
                }
            }
            if (!dead.isEmpty() && vacuuming.compareAndSet(false, true)) {
                vacuum(String.join(", ", dead));
            } else {
                changed.addAll(dead); // a vacuum is under way: analyze them meanwhile, as before
            }
            if (!changed.isEmpty()) {
                st.execute("analyze (skip_locked) " + String.join(", ", changed));
            }
        } catch (SQLException | RuntimeException e) {
            LOG.debugf("changed analytics tables not vacuumed or analyzed: %s", e.toString());
        }
    }

    /** Vacuums (and analyzes) these tables on the maintenance thread; {@link #vacuuming} is set until it ends. */
    private void vacuum(String tables) {
        try {
            maintenance.execute(() -> {
                try (Connection c = store.connection(); Statement st = c.createStatement()) {
                    c.setAutoCommit(true); // VACUUM runs outside a transaction
                    st.execute("vacuum (analyze, skip_locked) " + tables);
                } catch (SQLException | RuntimeException e) {
                    LOG.debugf("analytics tables with many dead rows not vacuumed: %s", e.toString());
                } finally {
                    vacuuming.set(false);
                }
            });
        } catch (RejectedExecutionException e) { // shutting down
            vacuuming.set(false);
        }
    }

    private void loop() {
        long backoff = 0;
        while (running) {
            analyzeWhatChanged();
            try {
                int taken = refresh(batch, Lock.TRY);
                if (taken >= 0) {
                    behind = taken >= batch;
                }
                backoff = 0;
                if (taken > 0) {
                    sinceAnalyze += taken;
                }
                if (taken >= 0 && taken < batch && !cellsLeft) {
                    tidyAfterBulk();
                }
                // another instance's pass holds the lock, or nothing is left to compute now: wait for the next round
                boolean rollupsNext = cellsLeft && quiet(System.nanoTime());
                if (taken < 0 || taken == 0 && !rollupsNext) {
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
                } else if (taken < batch && !rollupsNext) {
                    LockSupport.parkNanos(pause.toNanos()); // caught up: let the next sessions gather
                }
            } catch (SQLException | RuntimeException e) {
                backoff = Math.min(30_000, Math.max(200, backoff * 2));
                LOG.warnf("Analytics statistics could not be computed (%s); retrying in %d ms", e.toString(), backoff);
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(backoff));
            }
        }
    }

    /** No session has been marked for {@code quiet-after}, as far as this instance has seen. */
    private boolean quiet(long now) {
        return now - markedAt >= quietAfter.toNanos();
    }

    /**
     * Whether a session was marked since this instance last looked: the marks' sequence moves with every mark, also
     * one still uncommitted and one another instance's pass computes before this one could see it.
     */
    private boolean markedSinceLastLook(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("select last_value from analytics.stats_mark_seq")) {
            rs.next();
            long mark = rs.getLong(1);
            boolean moved = mark != lastMark;
            lastMark = mark;
            return moved;
        }
    }

    private long marked() throws SQLException {
        try (Connection c = store.connection();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("select count(*) from analytics.stats_dirty")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * A rollup pass on a connection of its own, committed by itself, while {@link #refresh} holds the lock and computes
     * other cells; 0 when it failed (its cells stay marked for the next pass).
     */
    private int cellsAlongside() {
        try {
            return inTransactionOfItsOwn(h -> Rollups.refreshDirty(h, cellsBatch));
        } catch (SQLException | RuntimeException e) {
            LOG.debugf("rollups alongside the refresher's pass failed: %s", e.toString());
            return 0;
        }
    }

    /**
     * Computes up to {@code limit} marked sessions in the pass's transaction and removes the marks it read; from
     * {@code split-from} sessions on, half of them on a second connection at the same time. Returns how many were
     * computed (the half alongside only if it committed).
     */
    private int sessions(Connection c, int limit, Lock lock) throws SQLException {
        SessionStats.Marks marks = SessionStats.marked(c, limit);
        int n = marks.size();
        if (n == 0) {
            return 0;
        }
        if (n < Math.max(2, splitFrom)) { // each half at least one: a pass that found marks never comes back with 0
            SessionStats.settle(c, marks, SessionStats.compute(c, marks.sessions()));
            return n;
        }
        SessionStats.Marks own = marks.part(0, n / 2);
        SessionStats.Marks other = marks.part(n / 2, n);
        // the half alongside waits for a row lock no longer than the pass itself would (a report's: 3 s)
        String timeout = lock == Lock.WAIT_BRIEFLY ? CATCH_UP_LOCK_TIMEOUT : "10s";
        Future<Integer> alongside = helper.submit(() -> sessionsAlongside(other, timeout));
        passesSplit.incrementAndGet();
        SessionStats.Left left;
        int helped;
        try {
            left = SessionStats.compute(c, own.sessions());
        } finally {
            helped = joined(alongside); // also when this half fails: the lock is released only after the other ends
        }
        SessionStats.settle(c, own, left); // only now that the other half committed its cells: see sessionsAlongside
        return own.size() + helped;
    }

    /**
     * Half of a pass's sessions ({@link #sessions}), on a connection of its own, committed by itself while the pass
     * holds the lock (the halves' sessions are apart, so their rows are). Both halves mark cells, often the same ones:
     * the pass marks its own only after this half has committed, or this half could wait for a cell the pass marked
     * while the pass waits for this half in the JVM, where PostgreSQL sees no deadlock to break. Any other wait is cut
     * short by a lock timeout. 0 when it failed: its sessions stay marked for the next pass.
     */
    private int sessionsAlongside(SessionStats.Marks marks, String lockTimeout) {
        try {
            return inTransactionOfItsOwn(h -> {
                try (Statement st = h.createStatement()) {
                    st.execute("set local lock_timeout = '" + lockTimeout + "'");
                }
                SessionStats.settle(h, marks, SessionStats.compute(h, marks.sessions()));
                return marks.size();
            });
        } catch (SQLException | RuntimeException e) {
            halvesFailed.incrementAndGet();
            LOG.warnf("Half of a statistics pass (%d sessions) failed on its second connection (%s); they stay marked",
                    marks.size(), e.toString());
            return 0;
        }
    }

    /** Passes split in two so far ({@link #sessions}). */
    long passesSplit() {
        return passesSplit.get();
    }

    /** Cells whose rollups were computed so far. */
    long cellsRolledUp() {
        return cellsRolledUp.get();
    }

    /** Halves of split passes that failed so far ({@link #sessionsAlongside}). */
    long halvesFailed() {
        return halvesFailed.get();
    }

    /**
     * Waits for the pass alongside to end, even when interrupted: it must not outlive the lock, which keeps every pass
     * that changes statistics rows out while it reads them.
     */
    private static int joined(Future<Integer> alongside) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return alongside.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    return 0; // cellsAlongside catches its own failures
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private enum Lock {
        TRY,
        WAIT_BRIEFLY,
        WAIT
    }

    /** One pass: how many sessions were computed, or -1 when another pass holds the lock (with {@code TRY}). */
    private int refresh(int limit, Lock lock) throws SQLException {
        try (Connection c = store.connection()) {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                if (lock == Lock.WAIT_BRIEFLY) {
                    st.execute("set local lock_timeout = '" + CATCH_UP_LOCK_TIMEOUT + "'");
                }
                try (ResultSet rs = st.executeQuery(lock == Lock.TRY ? "select pg_try_advisory_xact_lock(" + LOCK + ")"
                        : WAIT_FOR_LOCK)) {
                    rs.next();
                    if (lock == Lock.TRY && !rs.getBoolean(1)) {
                        c.rollback();
                        return -1;
                    }
                }
                int taken = sessions(c, limit, lock);
                long now = System.nanoTime();
                if (taken > 0 || taken == 0 && lock == Lock.TRY && markedSinceLastLook(c)) {
                    markedAt = now;
                }
                // Rollups once the projection is quiet (a rebuild's drain: once no session is left), else now and
                // then: cells that events keep marking would be computed again and again. Not for a report's
                // catch-up: a report reads the cells still marked from their statistics rows.
                boolean quiet = taken == 0 && (lock == Lock.WAIT || quiet(now));
                if (lock != Lock.WAIT_BRIEFLY
                        && (quiet || now - cellsAt >= Math.max(cellsEvery.toNanos(), 4 * cellsCost))) {
                    long t = System.nanoTime();
                    // With no session computed in this transaction, nothing can change a statistics row or mark a cell
                    // while the lock is held: a second connection computes other cells at the same time.
                    Future<Integer> alongside = taken == 0 ? helper.submit(this::cellsAlongside) : null;
                    int cells;
                    int helped = 0;
                    try {
                        cells = Rollups.refreshDirty(c, cellsBatch);
                    } finally {
                        // also when this connection's pass fails: the lock is released only after the helper's ends
                        if (alongside != null) {
                            helped = joined(alongside);
                        }
                    }
                    cellsRolledUp.addAndGet(cells + helped);
                    cellsLeft = cells >= cellsBatch || helped >= cellsBatch;
                    cellsAt = System.nanoTime();
                    cellsCost = cellsAt - t;
                }
                c.commit();
                return taken;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }
}
