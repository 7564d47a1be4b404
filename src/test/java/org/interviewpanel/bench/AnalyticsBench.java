package org.interviewpanel.bench;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.interviewpanel.testsupport.Tokens.token;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.interviewpanel.analytics.AnalyticsStore;
import org.interviewpanel.events.EventIds;
import org.interviewpanel.events.Seat;
import org.interviewpanel.events.SessionEvent;
import org.interviewpanel.testsupport.CloudEventRecords;
import org.interviewpanel.testsupport.EventStream;
import org.interviewpanel.testsupport.NoLiveRooms;
import org.interviewpanel.testsupport.Stack;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * Benchmark (run with {@code mvn verify -Pbench}; prints numbers, asserts nothing about speed): a generator writes
 * well-formed events to the topic until the store holds 100,000 and then 1,000,000 ratings ({@code
 * -Dbench.analytics.scales=5000,50000,500000} adds 10,000,000); at each point we measure how fast the analytics consumer
 * projected them, each report's response time (no filter, a month, a position) next to the bare SQL aggregate over the
 * same tables, and how long a submitted scorecard takes to show in the reports; then a rebuild from the topic, with the
 * freshness while it runs; then the bare baselines the rates are set against (a bare Kafka read of the topic, a bare
 * insert of every event's id).
 * <p>
 * No live rooms in this JVM: nobody sits in one here, and the analytics tier as deployed serves none (until stop 42 the
 * live consumer read and dispatched every generated event beside the projection: 0.2 of a core at 1M ratings). The
 * relay stays, for the freshness probes' scorecards.
 */
@QuarkusTest
@TestProfile(NoLiveRooms.class)
class AnalyticsBench {

    /** Sessions in the store at each measuring point (20 ratings each): 100k and 1M ratings; add 500000 for 10M. */
    static final int[] SCALES = Arrays.stream(System.getProperty("bench.analytics.scales", "5000,50000").split(","))
            .mapToInt(v -> Integer.parseInt(v.strip())).toArray();
    static final int PANEL = 4;
    static final int ITEMS = 5;
    static final int QUESTIONS = 59;
    static final String[] POSITIONS = { "Platform engineer", ReportTimings.POSITION, "Data engineer", "Backend engineer",
            "Staff engineer" };

    @Inject
    ObjectMapper json;

    @Inject
    AnalyticsStore store;

    @Inject
    MeterRegistry registry;

    @Test
    void projectionRebuildAndReportsAtEachScale() throws Exception {
        Random random = new Random(42);
        double[] bias = new double[12];
        for (int i = 0; i < bias.length; i++) {
            bias[i] = random.nextGaussian() * 0.4;
        }
        int sessions = 0;
        long ratings = 0;
        double liveRate = 0;
        for (int scale : SCALES) {
            long before = processed();
            long started = System.nanoTime();
            // where the machine's CPU goes while the events are written and projected (by thread group: a single
            // thread at a full core would be the projection's limit)
            MeasuredWindow window = MeasuredWindow.open("AnalyticsBench [live, to " + scale + " sessions]");
            long[] counts = generate(random, bias, scale - sessions);
            double produced = (System.nanoTime() - started) / 1e9;
            long expected = before + counts[0];
            await().atMost(Duration.ofMinutes(60)).pollInterval(Duration.ofMillis(250)).until(() -> processed() >= expected);
            double consumed = (System.nanoTime() - started) / 1e9;
            window.close();
            await().atMost(Duration.ofMinutes(60)).pollInterval(Duration.ofMillis(250)).until(() -> marked() == 0);
            await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(250)).until(() -> dirtyCells() == 0);
            double computed = (System.nanoTime() - started) / 1e9;
            sessions = scale;
            ratings += counts[1];
            String at = String.format("%,d ratings", ratings);
            System.out.printf("AnalyticsBench [%s]: generated %,d sessions, %,d events in %.1f s (%,.0f events/s)%n", at,
                    scale, counts[0], produced, counts[0] / produced);
            liveRate = counts[0] / consumed;
            System.out.printf("AnalyticsBench [%s]: live consumer projected %,d events %.1f s after the first was sent: "
                    + "%,.0f events/s end to end; statistics and weekly and daily rollups computed %.1f s after: %,.0f events/s%n",
                    at,
                    counts[0],
                    consumed, counts[0] / consumed, computed, counts[0] / computed);
            measureReports(at);
            freshness(at, "idle", 40, () -> true);
        }
        String at = String.format("%,d ratings", ratings);
        long rebuildStart = System.nanoTime();
        MeasuredWindow rebuildWindow = MeasuredWindow.open("AnalyticsBench [rebuild]");
        given().auth().oauth2(token("root")).post("/api/admin/analytics/rebuild").then().statusCode(202);
        freshness(at, "during a rebuild", 20, () -> "RUNNING".equals(given().auth().oauth2(token("root"))
                .get("/api/admin/analytics/rebuild").then().extract().jsonPath().getString("state")));
        String[] last = new String[1];
        long[] replayed = new long[1];
        await().atMost(Duration.ofMinutes(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
            var p = given().auth().oauth2(token("root")).get("/api/admin/analytics/rebuild").then().extract()
                    .jsonPath();
            last[0] = p.getString("done") + "/" + p.getString("total") + " at " + p.getString("eventsPerSecond") + "/s";
            replayed[0] = p.getLong("done");
            if ("FAILED".equals(p.getString("state"))) {
                throw new AssertionError("the rebuild failed: " + p.getString("error"));
            }
            return "DONE".equals(p.getString("state"));
        });
        double rebuild = (System.nanoTime() - rebuildStart) / 1e9;
        rebuildWindow.close();
        System.out.printf("AnalyticsBench [%s]: rebuild from the topic took %.1f s: %,.0f events/s (%s)%n", at, rebuild,
                replayed[0] / rebuild, last[0]);
        measureReports(at + ", after the rebuild");
        bareBaselines(at, liveRate, replayed[0] / rebuild);
    }

    /**
     * What the projection's rates are measured against, on the same machine in the same run: reading the whole topic
     * with a bare Kafka consumer (no parsing), and the least a projection must write for each event, its id in a table
     * shaped like the processed-event log (uuid key, type, time), in batches of 1,000 on two connections at once as
     * the rebuild writes.
     */
    private void bareBaselines(String at, double live, double rebuild) throws Exception {
        long records = 0;
        long t0 = System.nanoTime();
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, Stack.kafkaBootstrap());
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "1000");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(EventStream.TOPIC).stream()
                    .map(i -> new TopicPartition(EventStream.TOPIC, i.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                records += consumer.poll(Duration.ofMillis(200)).count();
            }
        }
        double kafka = records / ((System.nanoTime() - t0) / 1e9);

        int rows = (int) Math.min(records, Integer.MAX_VALUE);
        try (Connection c = store.connection(); Statement st = c.createStatement()) {
            st.execute("create table public.bench_bare_log (event_id uuid primary key, type text not null, "
                    + "processed_at timestamptz not null default now())");
        }
        long t1 = System.nanoTime();
        ExecutorService writers = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < 2; w++) {
                int share = rows / 2 + (w == 0 ? rows % 2 : 0);
                done.add(writers.submit(() -> {
                    insertIds(share);
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            writers.shutdown();
            try (Connection c = store.connection(); Statement st = c.createStatement()) {
                st.execute("drop table public.bench_bare_log");
            }
        }
        double insert = rows / ((System.nanoTime() - t1) / 1e9);
        System.out.printf("AnalyticsBench [%s]: bare baselines, same run: a Kafka consumer read the topic's %,d records "
                + "at %,.0f/s; their ids went into a table like the processed-event log at %,.0f rows/s (batches of "
                + "1,000, two connections)%n", at, records, kafka, insert);
        System.out.printf("AnalyticsBench [%s]: live facts %,.0f events/s = %.3f of the bare read, %.3f of the bare "
                + "insert; rebuild %,.0f events/s = %.3f of the bare read, %.3f of the bare insert%n", at, live,
                live / kafka, live / insert, rebuild, rebuild / kafka, rebuild / insert);
    }

    private void insertIds(int count) throws Exception {
        try (Connection c = store.connection();
                PreparedStatement ps = c.prepareStatement("insert into public.bench_bare_log (event_id, type) "
                        + "select * from unnest(?::uuid[], ?::text[])")) {
            c.setAutoCommit(false);
            for (int from = 0; from < count; from += 1000) {
                int n = Math.min(1000, count - from);
                Object[] ids = new Object[n];
                Object[] types = new Object[n];
                for (int i = 0; i < n; i++) {
                    ids[i] = EventIds.next();
                    types[i] = "rating.recorded.v1";
                }
                ps.setArray(1, c.createArrayOf("uuid", ids));
                ps.setArray(2, c.createArrayOf("text", types));
                ps.executeUpdate();
                c.commit();
            }
        }
    }

    /** Writes {@code count} sessions' events to the topic; returns the events and the ratings written. */
    private long[] generate(Random random, double[] bias, int count) throws Exception {
        long events = 0;
        long ratings = 0;
        Instant yearStart = Instant.parse("2026-01-05T09:00:00Z");
        try (KafkaProducer<String, byte[]> producer = CloudEventRecords.producer()) {
            for (int s = 0; s < count; s++) {
                UUID id = UUID.randomUUID();
                UUID candidate = UUID.randomUUID();
                Instant at = yearStart.plus(random.nextInt(52 * 7), ChronoUnit.DAYS).plus(random.nextInt(480),
                        ChronoUnit.MINUTES);
                String position = POSITIONS[random.nextInt(POSITIONS.length)];
                int[] questions = random.ints(0, QUESTIONS).distinct().limit(ITEMS).toArray();
                int[] panel = random.ints(0, bias.length).distinct().limit(PANEL).toArray();
                List<SessionEvent.SessionScheduled.Item> items = new ArrayList<>();
                for (int i = 0; i < ITEMS; i++) {
                    items.add(new SessionEvent.SessionScheduled.Item(i + 1, key(questions[i]), 1,
                            "Bench question " + questions[i] + "?", "kafka/bench", 8));
                }
                List<SessionEvent.SessionScheduled.Panelist> members = new ArrayList<>();
                for (int p = 0; p < PANEL; p++) {
                    members.add(new SessionEvent.SessionScheduled.Panelist("interviewer" + panel[p], p == 0, Seat.PANEL));
                }
                List<SessionEvent> out = new ArrayList<>();
                out.add(new SessionEvent.SessionScheduled(id, candidate, position, UUID.nameUUIDFromBytes(
                        position.getBytes(StandardCharsets.UTF_8)), position + " kit", items, members, at,
                        at.minus(3, ChronoUnit.DAYS)));
                out.add(new SessionEvent.SessionStarted(id, candidate, "interviewer" + panel[0], at));
                double quality = 3 + random.nextGaussian();
                int[][] given = new int[PANEL][ITEMS];
                for (int i = 0; i < ITEMS; i++) {
                    Instant asked = at.plus(i * 8L + random.nextInt(3), ChronoUnit.MINUTES);
                    out.add(new SessionEvent.QuestionAsked(id, candidate, i + 1, ITEMS, key(questions[i]), 1, asked));
                    for (int p = 0; p < PANEL; p++) {
                        int r = (int) Math.max(1, Math.min(5, Math.round(quality + bias[panel[p]] + random.nextGaussian()
                                * 0.7)));
                        given[p][i] = r;
                        out.add(new SessionEvent.RatingRecorded(id, candidate, "interviewer" + panel[p], Seat.PANEL, i + 1,
                                key(questions[i]), 1, r, false, 1, asked.plusSeconds(60)));
                        ratings++;
                    }
                }
                Instant end = at.plus(45, ChronoUnit.MINUTES);
                out.add(new SessionEvent.SessionEnded(id, candidate, "interviewer" + panel[0], end));
                double mean = Arrays.stream(given).flatMapToInt(Arrays::stream).average().orElse(3);
                for (int p = 0; p < PANEL; p++) {
                    List<SessionEvent.ScorecardSubmitted.FinalRating> finals = new ArrayList<>();
                    for (int i = 0; i < ITEMS; i++) {
                        finals.add(new SessionEvent.ScorecardSubmitted.FinalRating(i + 1, key(questions[i]), 1,
                                given[p][i]));
                    }
                    String rec = mean >= 3.8 ? "STRONG_YES" : mean >= 3 ? "YES" : mean >= 2.2 ? "NO" : "STRONG_NO";
                    out.add(new SessionEvent.ScorecardSubmitted(id, candidate, "interviewer" + panel[p], Seat.PANEL, rec,
                            finals,
                            end.plus(5 + random.nextInt(120), ChronoUnit.MINUTES)));
                }
                String decision = mean >= 3.3 ? "HIRE" : mean <= 2.7 ? "NO_HIRE" : "HOLD";
                out.add(new SessionEvent.DecisionRecorded(id, candidate, decision, "hana",
                        end.plus(1 + random.nextInt(72), ChronoUnit.HOURS)));
                for (SessionEvent e : out) {
                    producer.send(CloudEventRecords.event(id.toString(), e.type().ceType(), json.writeValueAsString(e)));
                    events++;
                }
            }
            producer.flush();
        }
        return new long[] { events, ratings };
    }

    /**
     * How long a submitted scorecard takes to show in the reports: a new session's scheduling, end and one scorecard
     * are written to the topic, then the interviewers report for that session is read every 20 ms until it counts the
     * submission.
     */
    private void freshness(String at, String when, int samples, java.util.function.BooleanSupplier still) throws Exception {
        long[] ms = new long[samples];
        int taken = 0;
        String bearer = token("hana");
        try (KafkaProducer<String, byte[]> producer = CloudEventRecords.producer()) {
            for (; taken < samples && still.getAsBoolean(); taken++) {
                UUID id = UUID.randomUUID();
                UUID candidate = UUID.randomUUID();
                Instant now = Instant.now();
                var item = new SessionEvent.SessionScheduled.Item(1, key(1), 1, "Bench question 1?", "kafka/bench", 8);
                String who = "fresh-interviewer";
                List<SessionEvent> out = List.of(
                        new SessionEvent.SessionScheduled(id, candidate, "Freshness", UUID.randomUUID(), "Freshness kit",
                                List.of(item), List.of(new SessionEvent.SessionScheduled.Panelist(who, true, Seat.PANEL)),
                                now, now),
                        new SessionEvent.SessionEnded(id, candidate, who, now),
                        new SessionEvent.ScorecardSubmitted(id, candidate, who, Seat.PANEL, "YES",
                                List.of(new SessionEvent.ScorecardSubmitted.FinalRating(1, key(1), 1, 4)), now));
                for (SessionEvent e : out) {
                    producer.send(CloudEventRecords.event(id.toString(), e.type().ceType(), json.writeValueAsString(e)))
                            .get();
                }
                long t = System.nanoTime();
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20)).until(() -> given()
                        .auth().oauth2(bearer).queryParam("session", id.toString()).get("/api/reports/interviewers")
                        .then().statusCode(200).extract().jsonPath().getList("rows.submitted").contains(1));
                ms[taken] = (System.nanoTime() - t) / 1_000_000;
            }
        }
        long[] got = Arrays.copyOf(ms, taken);
        Arrays.sort(got);
        if (taken == 0) {
            System.out.printf("AnalyticsBench [%s]: freshness %s: no sample (it ended first)%n", at, when);
            return;
        }
        System.out.printf("AnalyticsBench [%s]: freshness %s (submitted scorecard -> in the report), %d samples: "
                + "p50 %,d ms, p99 %,d ms, max %,d ms%n", at, when, taken, got[taken / 2],
                got[Math.min(taken - 1, (int) Math.ceil(taken * 0.99) - 1)], got[taken - 1]);
    }

    /**
     * Times the reports at once (as a reader right after a bulk load would meet them), and again once the refresher's
     * maintenance after the bulk load has ended, when the first reads met a vacuum or an analyze.
     */
    private void measureReports(String when) throws Exception {
        tableState(when);
        if (ReportTimings.print("AnalyticsBench [" + when + "]", store) > 0) {
            double waited = ReportTimings.awaitNoMaintenance(store);
            String quiet = String.format("%s, once no vacuum or analyze ran for 2 s (the last %.1f s into the wait)",
                    when, waited);
            tableState(quiet);
            ReportTimings.print("AnalyticsBench [" + quiet + "]", store);
        }
    }

    /**
     * The rollup and statistics tables' dead and live rows and when they were last analyzed, as PostgreSQL's statistics
     * have them: the reports' plans and reads depend on both.
     */
    private void tableState(String when) throws Exception {
        try (Connection c = store.connection();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("select "
                        + "coalesce(sum(n_dead_tup) filter (where relname ~ '_(week|day)$'), 0), "
                        + "coalesce(sum(n_live_tup) filter (where relname ~ '_(week|day)$'), 0), "
                        + "coalesce(sum(n_dead_tup) filter (where relname ~ '_stat$'), 0), "
                        + "coalesce(sum(n_live_tup) filter (where relname ~ '_stat$'), 0), "
                        + "extract(epoch from now() - max(greatest(last_analyze, last_autoanalyze)))::int "
                        + "from pg_stat_user_tables where schemaname = 'analytics'")) {
            rs.next();
            System.out.printf("AnalyticsBench [%s]: tables before the reads: rollups %,d dead / %,d live rows, "
                    + "statistics %,d dead / %,d live rows, last analyzed %s s ago%n", when, rs.getLong(1),
                    rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getString(5));
        }
    }

    /** Cells whose weekly rollups wait to be computed. */
    private long dirtyCells() throws Exception {
        try (Connection c = store.connection();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("select count(*) from analytics.cell_dirty")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Sessions whose statistics wait to be computed. */
    private long marked() throws Exception {
        try (Connection c = store.connection();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("select count(*) from analytics.stats_dirty")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Events the projection applied or found applied before (the consumer's own counters: cheap to read). */
    private long processed() {
        double n = 0;
        for (String outcome : List.of("applied", "duplicate")) {
            var counter = registry.find("panel_analytics_events").tag("outcome", outcome).counter();
            n += counter == null ? 0 : counter.count();
        }
        return (long) n;
    }

    private static String key(int question) {
        return "kafka/bench/question-" + question;
    }
}
