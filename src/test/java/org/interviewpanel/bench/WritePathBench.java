package org.interviewpanel.bench;

import static org.interviewpanel.testsupport.Sessions.act;
import static org.interviewpanel.testsupport.Tokens.token;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.inject.Inject;

import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.HttpEntityEnclosingRequestBase;
import org.apache.http.client.methods.HttpPost;
import org.apache.http.client.methods.HttpPut;
import org.apache.http.entity.ContentType;
import org.apache.http.entity.StringEntity;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;
import org.apache.http.util.EntityUtils;
import org.eclipse.microprofile.config.ConfigProvider;
import org.hibernate.SessionFactory;
import org.hibernate.stat.Statistics;
import org.interviewpanel.testsupport.AppDatabase;
import org.interviewpanel.testsupport.Management;
import org.interviewpanel.testsupport.Sessions;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * Benchmark of the write path (run with {@code mvn verify -Pbench}; prints numbers, asserts nothing about speed):
 * 16 clients rate on 100 live sessions of 4 panelists through {@code PUT /api/sessions/{id}/ratings/{position}} for
 * 20 s, while the lead advances and panelists of ended sessions submit scorecards; next to a bare upsert + commit of the
 * same shape on the same PostgreSQL with 16 connections, measured in the same run. Prints writes/s, p50/p99/max,
 * JDBC statements per request (Hibernate statistics) and the ratio to the bare rate.
 */
@QuarkusTest
@TestProfile(WritePathBench.Counting.class)
class WritePathBench {

    /**
     * Hibernate statistics on, to count the statements each request prepares; the instance runs the web tier's roles as
     * deployed (the analytics consumer is a Deployment of its own), unless {@code -Dbench.write-all-roles=true}.
     */
    public static class Counting implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.hibernate-orm.statistics", "true", "panel.analytics.consumer.enabled",
                    String.valueOf(ALL_ROLES));
        }
    }

    static final boolean ALL_ROLES = Boolean.getBoolean("bench.write-all-roles");

    static final int SESSIONS = Integer.getInteger("bench.sessions", 100);
    static final int ENDED = Integer.getInteger("bench.ended-sessions", 60);
    /** Ended sessions whose panelists submit during the warm-up: 400 submissions, 40 s of it. */
    static final int WARM_UP_ENDED = Integer.getInteger("bench.warm-up-ended-sessions", 100);
    static final int CLIENTS = Integer.getInteger("bench.clients", 16);
    static final int WARM_UP_CLIENTS = Integer.getInteger("bench.warm-up-clients", CLIENTS / 4);
    static final Duration LOAD = Duration.ofSeconds(Long.getLong("bench.seconds", 20));
    static final List<String> PANEL = List.of("alice", "bob", "carol", "dave");
    static final int QUESTIONS = 5;

    @Inject
    SessionFactory sessionFactory;

    @Inject
    MeterRegistry registry;

    record Sample(String op, long nanos, int status) {
    }

    /** Each live session's current question as the lead last moved it (all start at 1). */
    private final Map<String, Integer> current = new java.util.concurrent.ConcurrentHashMap<>();

    @Test
    void run() throws Exception {
        String base = "http://localhost:" + ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
        String set = Sessions.questionSet("alice", QUESTIONS);
        List<String> live = new ArrayList<>();
        for (int i = 0; i < SESSIONS; i++) {
            String id = Sessions.schedule("alice", PANEL, "Write path " + i, set).id();
            act("alice", id, "start").statusCode(200);
            live.add(id);
        }
        // Ended sessions whose panelists submit: some for the warm-up (the submission's code compiled before the window,
        // not in it), the rest for the window.
        Queue<String[]> warmUpSeats = endedSeats(set, "warm-up", WARM_UP_ENDED);
        Queue<String[]> seats = endedSeats(set, "measured", ENDED);
        Map<String, String> tokens = new java.util.concurrent.ConcurrentHashMap<>();

        // HTTP/1.1 with keep-alive, one connection per client thread, headers and body in one write (TCP_NODELAY), as a
        // browser sends them. (The JDK client upgrades to HTTP/2 and multiplexes everything on one connection; over
        // HTTP/1.1 it writes the body after the headers, so the server's worker waits on the network for it.)
        try (CloseableHttpClient http = HttpClients.custom().setMaxConnTotal(CLIENTS + 4)
                .setMaxConnPerRoute(CLIENTS + 4).disableCookieManagement().build()) {
            measure(http, base, live, warmUpSeats, seats, tokens);
        }
    }

    /** The seats of {@code sessions} newly ended sessions, each panelist's once: who submits next. */
    private static Queue<String[]> endedSeats(String set, String phase, int sessions) {
        Queue<String[]> seats = new ConcurrentLinkedQueue<>();
        for (int i = 0; i < sessions; i++) {
            String id = Sessions.schedule("alice", PANEL, "Write path ended, " + phase + " " + i, set).id();
            act("alice", id, "start").statusCode(200);
            act("alice", id, "end").statusCode(200);
            PANEL.forEach(panelist -> seats.add(new String[] { id, panelist }));
        }
        return seats;
    }

    /**
     * The panel's access tokens, taken anew before each phase: the realm's tokens live 5 minutes and a warm-up may take
     * 4 (one that ran longer measured a window of 401s). {@code Tokens} hands out the same token until half its life is
     * gone.
     */
    private static void renew(Map<String, String> tokens) {
        PANEL.forEach(p -> tokens.put(p, token(p)));
    }

    private void measure(CloseableHttpClient http, String base, List<String> live, Queue<String[]> warmUpSeats,
            Queue<String[]> seats, Map<String, String> tokens) throws Exception {
        // One pool for both phases, its threads named and alive until the measured window has closed: the window's CPU
        // breakdown shows the load generator apart.
        AtomicInteger threads = new AtomicInteger();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS + 2,
                task -> new Thread(task, "load-generator-" + threads.incrementAndGet()));
        // Warm-up in two parts. First the JIT: the same requests from a quarter of the clients, until the compiler has
        // settled. Under the full load its two threads share the 2 cores with 16 busy workers, PostgreSQL and the broker,
        // and fall behind: still compiling after 240 s in stop 36's runs, so the window measured code partly still in
        // the profiling tier, by a share that varied from run to run. Then the pools and the waits: the full load for
        // bench.warm-up-seconds.
        // Each slice also reads what the window's bounds read (a metrics scrape among them), as a server is scraped
        // while it serves: else those reads, first seen when the window opens, made the compiled HTTP code give up its
        // assumptions there, and the window began by compiling it again (JFR, stop 39: 77 deoptimizations in its
        // first 100 ms, the compiler busy a third of a core in it).
        WarmUp.run("WritePathBench", warmUp -> {
            renew(tokens);
            readings();
            load(clients, http, base, live, warmUpSeats, tokens, warmUp, new ConcurrentLinkedQueue<>(), WARM_UP_CLIENTS);
        }, WARM_UP_CLIENTS + " clients");
        WarmUp.then("WritePathBench", WarmUp.MIN, CLIENTS + " clients", warmUp -> {
            renew(tokens);
            readings();
            load(clients, http, base, live, warmUpSeats, tokens, warmUp, new ConcurrentLinkedQueue<>(), CLIENTS);
        });
        renew(tokens);

        Statistics stats = sessionFactory.getStatistics();
        stats.clear();
        double[] serverBefore = serverTime("PUT", "/ratings/");
        long outboxBefore = outboxRows();
        double[] countedBefore = writesCounted();
        long unsentBefore = unsentRows();
        long[] walBefore = wal();
        Map<String, long[]> stepsBefore = StageTimers.read(registry, StageTimers.RELAY_STEPS);
        ConcurrentLinkedQueue<Sample> samples = new ConcurrentLinkedQueue<>();
        long started = System.nanoTime();
        try (MeasuredWindow window = MeasuredWindow.open("WritePathBench")) {
            load(clients, http, base, live, seats, tokens, LOAD, samples, CLIENTS);
        }
        clients.shutdown();
        double seconds = (System.nanoTime() - started) / 1e9;
        long written = outboxRows() - outboxBefore;
        double[] countedAfter = writesCounted();
        long unsentAfter = unsentRows();
        long[] walAfter = wal();
        Map<String, long[]> stepsAfter = StageTimers.read(registry, StageTimers.RELAY_STEPS);
        // Hibernate counts the statements it prepares, among them a rating's upsert with its event row in a transaction.
        // It does not see the outbox inserts made straight on a transaction's connection (every event row but those),
        // nor a rating written as one statement of its own, which writes one event row: so every event row not written
        // by such an upsert is one statement more. A plain advance's lock and read is one more again (its write is the
        // statement of its event row; a one-statement advance has only that). (The bench clears no rating, which would write its row either way; a plain
        // submission's two reads, 10 submissions a second against a thousand ratings, are left out.)
        long inTransaction = Math.round(countedAfter[0] - countedBefore[0]);
        long alone = Math.round(countedAfter[1] - countedBefore[1]);
        long advancedPlainly = Math.round(countedAfter[2] - countedBefore[2]);
        long advancedInTransaction = Math.round(countedAfter[3] - countedBefore[3]);
        long advancedAlone = Math.round(countedAfter[4] - countedBefore[4]);
        long statements = stats.getPrepareStatementCount() + written - inTransaction + advancedPlainly;
        long requests = samples.size();
        double[] serverAfter = serverTime("PUT", "/ratings/");

        Bare bare = bareUpsert(LOAD);

        List<Sample> ratings = samples.stream().filter(s -> s.op().equals("rate")).toList();
        long refused = ratings.stream().filter(s -> s.status() != 200).count();
        double rate = ratings.size() / seconds;
        System.out.printf("WritePathBench: %d clients, %d live sessions × %d panelists, %.0f s, %s%n", CLIENTS, SESSIONS,
                PANEL.size(), seconds, ALL_ROLES ? "all roles in one instance (analytics consumer too)"
                        : "the web tier's roles (analytics consumer off, as deployed)");
        for (String op : List.of("rate", "advance", "submit")) {
            List<Sample> of = samples.stream().filter(s -> s.op().equals(op)).toList();
            long[] nanos = of.stream().mapToLong(Sample::nanos).sorted().toArray();
            if (nanos.length == 0) {
                continue;
            }
            System.out.printf("WritePathBench: %-7s %,7d requests %,8.1f/s  p50 %6.1f ms  p99 %6.1f ms  max %6.1f ms  "
                    + "refused %d%n", op, nanos.length, nanos.length / seconds, ms(nanos, 0.50), ms(nanos, 0.99),
                    nanos[nanos.length - 1] / 1e6, of.stream().filter(s -> s.status() >= 300).count());
        }
        System.out.printf("WritePathBench: rate, time inside the server (Micrometer, mean) %.1f ms%n",
                1000 * (serverAfter[0] - serverBefore[0]) / Math.max(1, serverAfter[1] - serverBefore[1]));
        System.out.printf("WritePathBench: JDBC statements per request (Hibernate's count, the outbox inserts, the "
                + "one-statement ratings and the plain advances' locks) %.1f; rating changes written as one statement "
                + "%,d, in a transaction %,d; advances written as one statement %,d, as a plain transaction %,d, in a "
                + "transaction %,d%n", (double) statements / requests, alone, inTransaction, advancedAlone,
                advancedPlainly, advancedInTransaction);
        // The relay kept up, or the figures above are of a write path that left its events behind.
        System.out.printf("WritePathBench: outbox: %,d events written in the window, %,d sent to Kafka; unsent %,d when it "
                + "opened, %,d when it closed%n", written, written + unsentBefore - unsentAfter, unsentBefore, unsentAfter);
        System.out.printf("WritePathBench: WAL in the window: %,d records, %,d full-page images, %,.1f MB (the whole "
                + "server)%n", walAfter[0] - walBefore[0], walAfter[1] - walBefore[1],
                (walAfter[2] - walBefore[2]) / 1e6);
        System.out.printf("WritePathBench: relay steps in the window, p50 / p99 ms (times): %s%n",
                StageTimers.RELAY_STEPS.stream().map(step -> {
                    long[] p = StageTimers.percentiles(stepsBefore.get(step), stepsAfter.get(step));
                    return String.format("%s %d / %d (%,d)", step, p[0], p[1], StageTimers.count(stepsBefore.get(step),
                            stepsAfter.get(step)));
                }).collect(java.util.stream.Collectors.joining(" · ")));
        System.out.printf("WritePathBench: bare upsert + commit, %d connections: %,.0f/s, p50 %.2f ms, p99 %.2f ms%n",
                CLIENTS, bare.rate(), bare.p50(), bare.p99());
        System.out.printf("WritePathBench: rating writes %,.0f/s = %.1f %% of the bare upsert rate (refused %d)%s%n", rate,
                100 * rate / bare.rate(), refused, refused == 0 ? "" : " — NOT a write-path figure: requests were refused");
    }

    private void load(ExecutorService clients, CloseableHttpClient http, String base, List<String> live,
            Queue<String[]> seats, Map<String, String> tokens, Duration duration, ConcurrentLinkedQueue<Sample> samples,
            int raters) throws Exception {
        long deadline = System.nanoTime() + duration.toNanos();
        List<Future<?>> running = new ArrayList<>();
        for (int c = 0; c < raters; c++) {
            running.add(clients.submit(() -> {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                while (System.nanoTime() < deadline) {
                    String session = live.get(random.nextInt(live.size()));
                    String panelist = PANEL.get(random.nextInt(PANEL.size()));
                    int position = 1 + random.nextInt(QUESTIONS);
                    String body = "{\"rating\":" + (1 + random.nextInt(5)) + ",\"note\":\"note " + random.nextInt(1000)
                            + "\"}";
                    samples.add(send(http, "rate", new HttpPut(base + "/api/sessions/" + session + "/ratings/"
                            + position), tokens.get(panelist), body));
                }
                return null;
            }));
        }
        // The lead moves to the next question somewhere every 50 ms (and back to the first after the last).
        running.add(clients.submit(() -> {
            Random random = new Random(7);
            FixedRate every50ms = new FixedRate(Duration.ofMillis(50));
            while (System.nanoTime() < deadline) {
                String session = live.get(random.nextInt(live.size()));
                int next = current.merge(session, 2, (a, b) -> a % QUESTIONS + 1);
                samples.add(send(http, "advance", new HttpPost(base + "/api/sessions/" + session + "/advance"),
                        tokens.get("alice"), "{\"to\":\"" + next + "\"}"));
                every50ms.awaitNextSlot();
            }
            return null;
        }));
        // Panelists of ended sessions submit their scorecards, one every 100 ms, each seat once, while seats are left.
        running.add(clients.submit(() -> {
            FixedRate every100ms = new FixedRate(Duration.ofMillis(100));
            String[] seat;
            while (System.nanoTime() < deadline && (seat = seats.poll()) != null) {
                samples.add(send(http, "submit", new HttpPost(base + "/api/sessions/" + seat[0] + "/scorecard"),
                        tokens.get(seat[1]), "{\"recommendation\":\"YES\",\"summary\":\"bench\"}"));
                every100ms.awaitNextSlot();
            }
            return null;
        }));
        for (Future<?> f : running) {
            f.get();
        }
    }

    /**
     * Paces a load thread at a fixed rate: slot n starts n periods after the first, however long each request took (a
     * pause after each response would let the rate drop as the server slows down).
     */
    static final class FixedRate {
        private final long period;
        private long next = System.nanoTime();

        FixedRate(Duration period) {
            this.period = period.toNanos();
        }

        void awaitNextSlot() {
            next += period;
            for (long wait = next - System.nanoTime(); wait > 0; wait = next - System.nanoTime()) {
                java.util.concurrent.locks.LockSupport.parkNanos(wait);
            }
        }
    }

    private static Sample send(CloseableHttpClient http, String op, HttpEntityEnclosingRequestBase request,
            String token, String json) {
        request.setHeader("Authorization", "Bearer " + token);
        request.setEntity(new StringEntity(json, ContentType.APPLICATION_JSON));
        long t = System.nanoTime();
        try (CloseableHttpResponse response = http.execute(request)) {
            EntityUtils.consume(response.getEntity());
            return new Sample(op, System.nanoTime() - t, response.getStatusLine().getStatusCode());
        } catch (Exception e) {
            return new Sample(op, System.nanoTime() - t, 599);
        }
    }

    /** The reads around the measured window, their results dropped: the warm-up's slices make them too. */
    private void readings() throws Exception {
        serverTime("PUT", "/ratings/");
        outboxRows();
        writesCounted();
        unsentRows();
        wal();
        StageTimers.read(registry, StageTimers.RELAY_STEPS);
    }

    /** Seconds spent and requests served by the server, summed over the series of one method whose uri contains a part. */
    private static double[] serverTime(String method, String uriPart) {
        String metrics = Management.given().get("/q/metrics").then().statusCode(200).extract().asString();
        double[] sumCount = new double[2];
        for (String line : metrics.lines().toList()) {
            boolean series = line.contains("method=\"" + method + "\"") && line.contains(uriPart);
            if (series && line.startsWith("http_server_requests_seconds_sum{")) {
                sumCount[0] += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            } else if (series && line.startsWith("http_server_requests_seconds_count{")) {
                sumCount[1] += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sumCount;
    }

    record Bare(double rate, double p50, double p99) {
    }

    /**
     * Rating changes committed so far, in a transaction and as one statement of their own; then the lead's moves: a
     * plain transaction, the transactional way, one statement.
     */
    private double[] writesCounted() {
        return new double[] { registry.get("panel.ratings.recorded").tag("written", "transaction").counter().count(),
                registry.get("panel.ratings.recorded").tag("written", "one-statement").counter().count(),
                registry.get("panel.session.advances").tag("written", "plain").counter().count(),
                registry.get("panel.session.advances").tag("written", "transaction").counter().count(),
                registry.get("panel.session.advances").tag("written", "one-statement").counter().count() };
    }

    /** Rows the outbox has had so far (its sequence). */
    private static long outboxRows() throws Exception {
        return numbers("select coalesce(max(seq), 0) from outbox_event")[0];
    }

    private static long unsentRows() throws Exception {
        return numbers("select count(*) from outbox_event where sent_at is null")[0];
    }

    /** The server's WAL so far: records, full-page images, bytes. */
    private static long[] wal() throws Exception {
        return numbers("select wal_records, wal_fpi, wal_bytes::bigint from pg_stat_wal");
    }

    /** The one row a query returns, as numbers. */
    private static long[] numbers(String sql) throws Exception {
        try (Connection c = AppDatabase.connect(); Statement s = c.createStatement(); var rs = s.executeQuery(sql)) {
            rs.next();
            long[] values = new long[rs.getMetaData().getColumnCount()];
            for (int i = 0; i < values.length; i++) {
                values[i] = rs.getLong(i + 1);
            }
            return values;
        }
    }

    /** The same shape written bare: one upsert of a rating row and a commit, 16 connections, same server. */
    private Bare bareUpsert(Duration duration) throws Exception {
        try (Connection c = AppDatabase.connect(); Statement s = c.createStatement()) {
            s.execute("create table if not exists bench_rating (session_id uuid, username text, position int, "
                    + "rating int, note text, revision int not null default 0, updated_at timestamptz, "
                    + "primary key (session_id, username, position))");
            s.execute("truncate bench_rating");
        }
        List<UUID> sessions = new ArrayList<>();
        for (int i = 0; i < SESSIONS; i++) {
            sessions.add(UUID.randomUUID());
        }
        long deadline = System.nanoTime() + duration.toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        AtomicLong done = new AtomicLong();
        long started = System.nanoTime();
        List<Future<?>> running = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            running.add(pool.submit(() -> {
                try (Connection c2 = AppDatabase.connect();
                        PreparedStatement upsert = c2.prepareStatement("insert into bench_rating (session_id, username, "
                                + "position, rating, note, revision, updated_at) values (?, ?, ?, ?, ?, 1, now()) "
                                + "on conflict (session_id, username, position) do update set rating = excluded.rating, "
                                + "note = excluded.note, revision = bench_rating.revision + 1, updated_at = now()")) {
                    c2.setAutoCommit(false);
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    while (System.nanoTime() < deadline) {
                        long t = System.nanoTime();
                        upsert.setObject(1, sessions.get(random.nextInt(sessions.size())));
                        upsert.setString(2, PANEL.get(random.nextInt(PANEL.size())));
                        upsert.setInt(3, 1 + random.nextInt(QUESTIONS));
                        upsert.setInt(4, 1 + random.nextInt(5));
                        upsert.setString(5, "note " + random.nextInt(1000));
                        upsert.executeUpdate();
                        c2.commit();
                        latencies.add(System.nanoTime() - t);
                        done.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : running) {
            f.get();
        }
        pool.shutdown();
        double seconds = (System.nanoTime() - started) / 1e9;
        long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        try (Connection c = AppDatabase.connect(); Statement s = c.createStatement()) {
            s.execute("drop table bench_rating");
        }
        return new Bare(done.get() / seconds, ms(sorted, 0.5), ms(sorted, 0.99));
    }

    private static double ms(long[] sorted, double quantile) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(quantile * sorted.length) - 1)] / 1e6;
    }
}
