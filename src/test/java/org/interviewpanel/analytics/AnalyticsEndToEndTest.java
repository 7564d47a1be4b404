package org.interviewpanel.analytics;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;
import static org.interviewpanel.testsupport.Scoring.clear;
import static org.interviewpanel.testsupport.Scoring.decide;
import static org.interviewpanel.testsupport.Scoring.rate;
import static org.interviewpanel.testsupport.Sessions.act;
import static org.interviewpanel.testsupport.Sessions.advance;
import static org.interviewpanel.testsupport.Tokens.token;

import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Inject;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.interviewpanel.testsupport.CloudEventRecords;
import org.interviewpanel.testsupport.EventStream;
import org.interviewpanel.testsupport.Sessions;
import org.interviewpanel.testsupport.Stack;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * Sessions run through the real API (schedule, start, advance, rate, submit, end, decide) reach the reports through the
 * real topic and the analytics consumer; the expected numbers are computed here, independently, from the same plan.
 * Then: the same events delivered again change nothing, a rebuild gives the same numbers, poison goes to the
 * dead-letter topic and consumption goes on.
 */
@QuarkusTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AnalyticsEndToEndTest {

    static final String POSITION = "Analytics engineer " + UUID.randomUUID().toString().substring(0, 8);
    static final List<String> PANEL = List.of("alice", "bob", "carol");

    /** A session of the plan: final ratings per panelist (0 = not rated), recommendations of those who submit. */
    record Plan(String name, Map<String, int[]> ratings, Map<String, String> submits, String decision) {
    }

    static final List<Plan> PLANS = List.of(
            new Plan("A", Map.of("alice", new int[] { 5, 4, 2 }, "bob", new int[] { 4, 4, 3 }, "carol",
                    new int[] { 3, 5, 0 }), Map.of("alice", "STRONG_YES", "bob", "YES", "carol", "NO"), "HIRE"),
            new Plan("B", Map.of("alice", new int[] { 2, 3, 1 }, "bob", new int[] { 1, 2, 1 }, "carol",
                    new int[] { 2, 1, 1 }), Map.of("alice", "NO", "bob", "STRONG_NO", "carol", "NO"), "NO_HIRE"),
            new Plan("C", Map.of("alice", new int[] { 3, 0, 0 }, "bob", new int[] { 3, 0, 0 }, "carol",
                    new int[] { 4, 0, 0 }), Map.of("alice", "YES", "bob", "NO"), "HOLD"));

    @Inject
    AnalyticsStore store;

    @Inject
    StatsRefresher refresher;

    static final Map<String, String> IDS = new LinkedHashMap<>();
    static List<String> keys;
    static String baseline;

    static JsonPath report(String name) {
        return given().auth().oauth2(token("hana")).accept("application/json").queryParam("position", POSITION)
                .get("/api/reports/" + name)
                .then().statusCode(200).extract().jsonPath();
    }

    static String allReports() {
        StringBuilder out = new StringBuilder();
        for (String name : List.of("pipeline", "interviewers", "reliability", "questions")) {
            out.append(given().auth().oauth2(token("hana")).accept("text/csv").queryParam("position", POSITION)
                    .get("/api/reports/" + name)
                    .then().statusCode(200).extract().asString());
        }
        return out.toString();
    }

    @Test
    @Order(1)
    void reportsShowTheNumbersOfSessionsRunThroughTheApi() {
        String set = Sessions.questionSet("alice", 3);
        for (Plan plan : PLANS) {
            String id = Sessions.schedule("alice", PANEL, POSITION, set).id();
            IDS.put(plan.name(), id);
            act("alice", id, "start").statusCode(200);
            advance("alice", id, "next").statusCode(200);
            if (plan.name().equals("A")) {
                rate("alice", id, 1, Map.of("rating", 1)).statusCode(200); // changed below: only the last counts
            }
            if (plan.name().equals("B")) {
                rate("bob", id, 3, Map.of("rating", 5)).statusCode(200);
                clear("bob", id, 3).statusCode(204); // cleared, then rated again below
            }
            for (var entry : plan.ratings().entrySet()) {
                for (int i = 0; i < 3; i++) {
                    if (entry.getValue()[i] > 0) {
                        rate(entry.getKey(), id, i + 1, Map.of("rating", entry.getValue()[i])).statusCode(200);
                    }
                }
            }
            advance("alice", id, "next").statusCode(200);
            act("alice", id, "end").statusCode(200);
            plan.submits().forEach((user, rec) -> given().auth().oauth2(token(user)).contentType("application/json")
                    .body(Map.of("recommendation", rec, "summary", "s")).post("/api/sessions/" + id + "/scorecard")
                    .then().statusCode(200));
            decide("hana", id, Map.of("decision", plan.decision(), "rationale", "r")).statusCode(200);
        }
        String cancelled = Sessions.schedule("alice", PANEL, POSITION, set).id();
        act("alice", cancelled, "cancel").statusCode(200);
        String unscored = Sessions.schedule("alice", PANEL, POSITION, set).id();
        act("alice", unscored, "start").statusCode(200);
        act("alice", unscored, "end").statusCode(200);
        IDS.put("D", cancelled);
        IDS.put("E", unscored);
        keys = given().auth().oauth2(token("alice")).get("/api/sessions/" + IDS.get("A")).then().extract().jsonPath()
                .getList("items.key");

        // Carol rated C but never submitted: her draft must not count anywhere.
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonPath p = report("pipeline");
            assertThat(p.getInt("totals.decided")).isEqualTo(3);
            assertThat(p.getInt("totals.scheduled")).isEqualTo(5);
        });

        JsonPath pipeline = report("pipeline");
        assertThat(pipeline.getInt("totals.held")).isEqualTo(4);
        assertThat(pipeline.getInt("totals.cancelled")).isEqualTo(1);
        assertThat(pipeline.getInt("totals.hires")).isEqualTo(1);
        assertThat(pipeline.getInt("totals.holds")).isEqualTo(1);
        assertThat(pipeline.getDouble("totals.hireRate")).isCloseTo(1.0 / 3, within(1e-4));
        assertThat(pipeline.getDouble("totals.medianHoursToDecision")).isBetween(0.0, 0.1);
        assertThat(pipeline.getList("rows")).hasSize(1);
        assertThat(pipeline.getString("rows[0].position")).isEqualTo(POSITION);

        assertInterviewers();
        assertReliability();
        assertQuestions();
        baseline = allReports();
    }

    private void assertInterviewers() {
        // Independently: final ratings of submitted scorecards, per interviewer; leniency against the others' mean.
        Map<String, List<Double>> diffs = new HashMap<>();
        Map<String, List<Integer>> given = new HashMap<>();
        for (Plan plan : PLANS) {
            for (int i = 0; i < 3; i++) {
                Map<String, Integer> item = new HashMap<>();
                for (String user : plan.submits().keySet()) {
                    int r = plan.ratings().get(user)[i];
                    if (r > 0) {
                        item.put(user, r);
                    }
                }
                item.forEach((user, r) -> given.computeIfAbsent(user, k -> new ArrayList<>()).add(r));
                if (item.size() > 1) {
                    item.forEach((user, r) -> {
                        double others = item.entrySet().stream().filter(e -> !e.getKey().equals(user))
                                .mapToInt(Map.Entry::getValue).average().orElseThrow();
                        diffs.computeIfAbsent(user, k -> new ArrayList<>()).add(r - others);
                    });
                }
            }
        }
        JsonPath report = report("interviewers");
        assertThat(report.getList("rows.interviewer")).containsExactly("alice", "bob", "carol");
        for (String user : PANEL) {
            String row = "rows.find { it.interviewer == '" + user + "' }";
            List<Integer> values = given.get(user);
            assertThat(report.getInt(row + ".ratings")).isEqualTo(values.size());
            assertThat(report.getDouble(row + ".meanRating"))
                    .isCloseTo(values.stream().mapToInt(Integer::intValue).average().orElseThrow(), within(1e-3));
            assertThat(report.getDouble(row + ".leniency"))
                    .isCloseTo(diffs.get(user).stream().mapToDouble(Double::doubleValue).average().orElseThrow(),
                            within(1e-3));
            assertThat(report.getInt(row + ".comparedItems")).isEqualTo(diffs.get(user).size());
            assertThat(report.getInt(row + ".seats")).isEqualTo(4); // A, B, C and E ended; D was cancelled
            long submitted = PLANS.stream().filter(p -> p.submits().containsKey(user)).count();
            assertThat(report.getInt(row + ".submitted")).isEqualTo((int) submitted);
            assertThat(report.getDouble(row + ".submissionRate")).isCloseTo(submitted / 4.0, within(1e-4));
        }
        assertThat(report.getInt("rows.find { it.interviewer == 'alice' }.strongYes")).isEqualTo(1);
        assertThat(report.getInt("rows.find { it.interviewer == 'carol' }.no")).isEqualTo(2);
        assertThat(report.getInt("rows.find { it.interviewer == 'bob' }.strongNo")).isEqualTo(1);
    }

    static List<List<Integer>> units() {
        List<List<Integer>> units = new ArrayList<>();
        for (Plan plan : PLANS) {
            for (int i = 0; i < 3; i++) {
                List<Integer> unit = new ArrayList<>();
                for (String user : plan.submits().keySet()) {
                    if (plan.ratings().get(user)[i] > 0) {
                        unit.add(plan.ratings().get(user)[i]);
                    }
                }
                if (!unit.isEmpty()) {
                    units.add(unit);
                }
            }
        }
        return units;
    }

    private void assertReliability() {
        List<List<Integer>> units = units();
        JsonPath report = report("reliability");
        assertThat(report.getDouble("alphaInterval"))
                .isCloseTo(ReferenceStatistics.intervalAlpha(units), within(1e-3));
        assertThat(report.getDouble("alphaOrdinal"))
                .isCloseTo(ReferenceStatistics.ordinalAlpha(units), within(1e-3));
        assertThat(report.getInt("units")).isEqualTo((int) units.stream().filter(u -> u.size() > 1).count());
        assertThat(report.getInt("pairableValues"))
                .isEqualTo(units.stream().filter(u -> u.size() > 1).mapToInt(List::size).sum());
        assertThat(report.getInt("raters")).isEqualTo(3);
    }

    private void assertQuestions() {
        JsonPath report = report("questions");
        assertThat(report.getInt("sessionsInScope")).isEqualTo(5);
        for (int i = 0; i < 3; i++) {
            String row = "rows.find { it.questionKey == '" + keys.get(i) + "' }";
            List<Integer> values = new ArrayList<>();
            double[] means = new double[2];
            for (int s = 0; s < PLANS.size(); s++) {
                Plan plan = PLANS.get(s);
                List<Integer> item = new ArrayList<>();
                for (String user : plan.submits().keySet()) {
                    if (plan.ratings().get(user)[i] > 0) {
                        item.add(plan.ratings().get(user)[i]);
                    }
                }
                values.addAll(item);
                if (s < 2) {
                    means[s] = item.stream().mapToInt(Integer::intValue).average().orElse(Double.NaN);
                }
            }
            double mean = values.stream().mapToInt(Integer::intValue).average().orElseThrow();
            double sd = Math.sqrt(values.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum() / (values.size() - 1));
            // Asked: question 1 at the start of A, B, C and E; 2 and 3 after "next" in A, B and C.
            assertThat(report.getInt(row + ".timesAsked")).isEqualTo(i == 0 ? 4 : 3);
            assertThat(report.getInt(row + ".ratings")).isEqualTo(values.size());
            assertThat(report.getDouble(row + ".meanRating")).isCloseTo(mean, within(1e-3));
            assertThat(report.getDouble(row + ".standardDeviation")).isCloseTo(sd, within(1e-3));
            // A was a HIRE (1), B a NO_HIRE (0); C (HOLD) is left out.
            double expected = ReferenceStatistics.pearson(means, new double[] { 1, 0 });
            assertThat(report.getDouble(row + ".discrimination")).isCloseTo(expected, within(1e-3));
            assertThat(report.getInt(row + ".discriminationN")).isEqualTo(2);
            assertThat(report.getBoolean(row + ".tooFewData")).isTrue();
            assertThat(report.getDouble(row + ".exposure")).isCloseTo((i == 0 ? 4 : 3) / 5.0, within(1e-4));
            assertThat(report.getDouble(row + ".medianMinutes")).isGreaterThanOrEqualTo(0.0);
        }
    }

    @Test
    @Order(2)
    void theSameEventsDeliveredTwiceChangeNothing() {
        assertThat(baseline).as("runs after the first test").isNotNull();
        List<ConsumerRecord<String, String>> copies = new ArrayList<>();
        try (EventStream ignored = new EventStream(); KafkaConsumer<String, String> reader = reader()) {
            var partitions = reader.partitionsFor(EventStream.TOPIC).stream()
                    .map(p -> new TopicPartition(EventStream.TOPIC, p.partition())).toList();
            reader.assign(partitions);
            reader.seekToBeginning(partitions);
            var end = reader.endOffsets(partitions);
            while (partitions.stream().anyMatch(tp -> reader.position(tp) < end.get(tp))) {
                for (ConsumerRecord<String, String> r : reader.poll(Duration.ofMillis(500))) {
                    if (IDS.containsValue(r.key())) {
                        copies.add(r);
                    }
                }
            }
        }
        assertThat(copies).hasSizeGreaterThan(40);
        double before = metric("panel_analytics_events_total", "duplicate");
        try (KafkaProducer<String, String> producer = producer()) {
            for (ConsumerRecord<String, String> r : copies) {
                producer.send(new ProducerRecord<>(EventStream.TOPIC, null, r.key(), r.value(), r.headers()));
            }
        }
        await().atMost(Duration.ofSeconds(60))
                .until(() -> metric("panel_analytics_events_total", "duplicate") >= before + copies.size());
        assertThat(allReports()).isEqualTo(baseline);
    }

    @Test
    @Order(3)
    void aRebuildFromTheTopicGivesTheSameNumbers() throws Exception {
        Timestamp started = one("select now()", Timestamp.class);
        long split = refresher.passesSplit();
        long failed = refresher.halvesFailed();
        given().auth().oauth2(token("hana")).post("/api/admin/analytics/rebuild").then().statusCode(403);
        given().auth().oauth2(token("root")).post("/api/admin/analytics/rebuild").then().statusCode(202)
                .body("state", org.hamcrest.Matchers.equalTo("RUNNING"));
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).until(() -> "DONE".equals(
                given().auth().oauth2(token("root")).get("/api/admin/analytics/rebuild").then().statusCode(200)
                        .extract().path("state")));
        JsonPath progress = given().auth().oauth2(token("root")).get("/api/admin/analytics/rebuild").then()
                .extract().jsonPath();
        assertThat(progress.getLong("total")).isPositive();
        assertThat(progress.getLong("done")).isEqualTo(progress.getLong("total"));
        assertThat(progress.getInt("percent")).isEqualTo(100);
        assertThat(allReports()).isEqualTo(baseline);
        assertThat(report("pipeline").getBoolean("rebuilding")).isFalse();
        // The backlog's passes computed half their sessions on a second connection, and no half failed (two halves of
        // a pass mark the same cells: the pass marks its own only after the other half's commit, or they would wait for
        // each other until the other half's lock timeout).
        assertThat(refresher.passesSplit()).isGreaterThan(split);
        assertThat(refresher.halvesFailed()).isEqualTo(failed);
        // The rebuild's end vacuums the tables it rewrote (the rollups, many times over) and analyzes them.
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() -> vacuumedSince(started));
    }

    /** The rollup, statistics and mark tables were vacuumed and analyzed by hand after {@code since}. */
    private boolean vacuumedSince(Timestamp since) throws Exception {
        try (Connection c = store.connection();
                PreparedStatement st = c.prepareStatement("select count(*) filter (where last_vacuum > ? "
                        + "and last_analyze > ?), count(*) from pg_stat_user_tables where schemaname = 'analytics' "
                        + "and relname in ('pipeline_week', 'question_day', 'item_stat', 'stats_dirty')")) {
            st.setTimestamp(1, since);
            st.setTimestamp(2, since);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getInt(2) == 4 && rs.getInt(1) == 4;
            }
        }
    }

    /**
     * The rebuild's truncate locks the analytics tables one after the other. A reader that holds the last of them and
     * then asks for the first one deadlocks with it; PostgreSQL aborts the truncate (it has waited longest, so its
     * deadlock check runs first), and the rebuild retries it instead of failing.
     */
    @Test
    @Order(3)
    void aRebuildWhoseStartMeetsADeadlockStillCompletes() throws Exception {
        try (Connection reader = store.connection()) {
            reader.setAutoCommit(false);
            try (Statement st = reader.createStatement()) {
                st.executeQuery("select count(*) from analytics.cell_dirty").close();
                given().auth().oauth2(token("root")).post("/api/admin/analytics/rebuild").then().statusCode(202);
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20)).until(() -> truncateWaits());
                st.executeQuery("select count(*) from analytics.processed_event").close(); // the deadlock
            } finally {
                reader.rollback();
            }
        }
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).until(() -> !"RUNNING".equals(
                given().auth().oauth2(token("root")).get("/api/admin/analytics/rebuild").then().statusCode(200)
                        .extract().path("state")));
        assertThat(given().auth().oauth2(token("root")).get("/api/admin/analytics/rebuild").then().extract()
                .<String> path("state")).isEqualTo("DONE");
        assertThat(allReports()).isEqualTo(baseline);
    }

    /** The rebuild's truncate waits for the lock on {@code analytics.cell_dirty}. */
    private boolean truncateWaits() throws Exception {
        return one("select count(*) from pg_locks l join pg_class t on t.oid = l.relation where t.relname = 'cell_dirty' "
                + "and l.mode = 'AccessExclusiveLock' and not l.granted", Long.class) > 0;
    }

    /** The first column of the one row a query on the analytics datasource answers. */
    private <T> T one(String sql, Class<T> type) throws Exception {
        try (Connection c = store.connection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getObject(1, type);
        }
    }

    @Test
    @Order(4)
    void poisonGoesToTheDeadLetterTopicAndConsumptionGoesOn() throws Exception {
        String poisonKey = UUID.randomUUID().toString();
        double before = metric("panel_analytics_dead_letters_total", null);
        try (KafkaProducer<String, byte[]> producer = CloudEventRecords.producer()) {
            producer.send(CloudEventRecords.event(poisonKey, "interviewpanel.session.started.v1", "{not json")).get();
            producer.send(CloudEventRecords.event(poisonKey, "interviewpanel.session.started.v1",
                    "{\"sessionId\":\"" + poisonKey + "\",\"candidateRef\":\"" + UUID.randomUUID() + "\"}")).get();
            producer.send(CloudEventRecords.bare(poisonKey, "{}")).get();
            // Valid by its schema, but PostgreSQL cannot store a NUL character: refused by the database, isolated.
            producer.send(CloudEventRecords.event(poisonKey, "interviewpanel.rating.recorded.v1",
                    "{\"sessionId\":\"" + poisonKey + "\",\"candidateRef\":\"" + UUID.randomUUID()
                            + "\",\"panelist\":\"nul\\u0000here\",\"position\":1,\"questionKey\":\"k\","
                            + "\"questionVersion\":1,\"rating\":3,\"hasNote\":false,\"revision\":1,"
                            + "\"recordedAt\":\"2026-11-20T10:00:00Z\"}"))
                    .get();
        }
        // Consumption goes on, and events of a session analytics never saw scheduled are still counted.
        UUID unseen = UUID.randomUUID();
        try (KafkaProducer<String, byte[]> producer = CloudEventRecords.producer()) {
            for (String panelist : List.of("erin", "fred")) {
                producer.send(CloudEventRecords.event(unseen.toString(), "interviewpanel.scorecard.submitted.v1",
                        "{\"sessionId\":\"" + unseen + "\",\"candidateRef\":\"" + UUID.randomUUID() + "\",\"panelist\":\""
                                + panelist + "\",\"recommendation\":\"YES\",\"ratings\":[{\"position\":1,"
                                + "\"questionKey\":\"kafka/basics/x\",\"questionVersion\":1,\"rating\":"
                                + (panelist.equals("erin") ? 4 : 2) + "}],\"submittedAt\":\"2026-11-20T10:00:00Z\"}"))
                        .get();
            }
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> given().auth().oauth2(token("hana"))
                .queryParam("session", unseen.toString()).get("/api/reports/reliability").then().extract().jsonPath()
                .getInt("pairableValues") == 2);
        given().auth().oauth2(token("hana")).queryParam("session", unseen.toString()).get("/api/reports/interviewers")
                .then().statusCode(200).body("rows.interviewer", org.hamcrest.Matchers.contains("erin", "fred"))
                .body("rows[0].leniency", org.hamcrest.Matchers.equalTo(2.0f));
        // A session scheduled through the API after the poison reaches the reports too.
        String later = "Analytics after poison " + UUID.randomUUID().toString().substring(0, 8);
        Sessions.schedule("alice", PANEL, later, Sessions.questionSet("alice", 2));
        await().atMost(Duration.ofSeconds(60)).until(() -> given().auth().oauth2(token("hana"))
                .queryParam("position", later).get("/api/reports/pipeline").then().extract().jsonPath()
                .getInt("totals.scheduled") == 1);
        assertThat(metric("panel_analytics_dead_letters_total", null)).isEqualTo(before + 4);

        List<ConsumerRecord<String, String>> dead = new ArrayList<>();
        try (KafkaConsumer<String, String> reader = reader()) {
            String dlq = "interview-panel.session-events.dlq";
            var partitions = reader.partitionsFor(dlq).stream().map(p -> new TopicPartition(dlq, p.partition()))
                    .toList();
            reader.assign(partitions);
            reader.seekToBeginning(partitions);
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                reader.poll(Duration.ofMillis(300)).forEach(r -> {
                    if (poisonKey.equals(r.key())) {
                        dead.add(r);
                    }
                });
                return dead.size() >= 4;
            });
        }
        List<String> reasons = dead.stream()
                .map(r -> new String(r.headers().lastHeader("dlq-reason").value(), StandardCharsets.UTF_8)).toList();
        assertThat(reasons).anyMatch(r -> r.contains("not JSON")).anyMatch(r -> r.contains("schema"))
                .anyMatch(r -> r.contains("not a CloudEvent")).anyMatch(r -> r.contains("database refused"));
        assertThat(dead).allMatch(r -> r.headers().lastHeader("dlq-offset") != null);
        assertThat(dead.stream().map(ConsumerRecord::value)).contains("{not json");
        // A dead letter keeps the original CloudEvent headers, so it can be inspected and replayed as it was.
        assertThat(dead).filteredOn(r -> r.value().equals("{not json")).singleElement()
                .satisfies(r -> assertThat(r.headers().lastHeader("ce_type").value())
                        .asString(StandardCharsets.UTF_8).isEqualTo("interviewpanel.session.started.v1"));
    }

    @Test
    @Order(5)
    void onlyHiringManagersAndAdminsReadReportsAndBadFiltersAre400() {
        for (String name : List.of("pipeline", "interviewers", "reliability", "questions")) {
            given().auth().oauth2(token("alice")).get("/api/reports/" + name).then().statusCode(403)
                    .contentType("application/problem+json");
            given().get("/api/reports/" + name).then().statusCode(401);
            given().auth().oauth2(token("root")).get("/api/reports/" + name).then().statusCode(200);
            given().auth().oauth2(token("hana")).accept("text/csv").get("/api/reports/" + name).then()
                    .statusCode(200).contentType(org.hamcrest.Matchers.startsWith("text/csv"));
        }
        given().auth().oauth2(token("alice")).get("/api/admin/analytics/rebuild").then().statusCode(403);
        given().auth().oauth2(token("hana")).queryParam("from", "yesterday").get("/api/reports/pipeline").then()
                .statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", org.hamcrest.Matchers.equalTo("from"));
        // years PostgreSQL or Java cannot hold: 400s naming the parameter (they were 500s)
        given().auth().oauth2(token("hana")).queryParam("from", "+300000-01-01T00:00:00Z").get("/api/reports/pipeline")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", org.hamcrest.Matchers.equalTo("from"));
        given().auth().oauth2(token("hana")).queryParam("to", "-1000000000-01-01T00:00:00Z").get("/api/reports/drift")
                .then().statusCode(400).body("errors[0].field", org.hamcrest.Matchers.equalTo("to"));
        given().auth().oauth2(token("hana")).queryParam("to", "9999-12-31").get("/api/reports/questions").then()
                .statusCode(200);
        given().auth().oauth2(token("hana")).queryParam("session", "nope").get("/api/reports/reliability").then()
                .statusCode(400).body("errors[0].field", org.hamcrest.Matchers.equalTo("session"));
        given().auth().oauth2(token("hana")).queryParam("from", "2026-12-01").queryParam("to", "2026-11-01")
                .get("/api/reports/questions").then().statusCode(400);
        // One session's reliability: units are its items only.
        given().auth().oauth2(token("hana")).queryParam("session", IDS.get("B")).get("/api/reports/reliability")
                .then().statusCode(200).body("units", org.hamcrest.Matchers.equalTo(3))
                .body("pairableValues", org.hamcrest.Matchers.equalTo(9));
        String csv = given().auth().oauth2(token("hana")).accept("text/csv").queryParam("position", POSITION)
                .get("/api/reports/interviewers")
                .then().statusCode(200).extract().asString();
        assertThat(csv.split("\r\n")[0]).startsWith("interviewer,interviewerName,ratings,meanRating,leniency");
        assertThat(csv.split("\r\n")).hasSize(4);
    }

    /**
     * The consumer writes a batch's partitions on two writers at once and acknowledges a batch only once every share of
     * it has committed. An event whose processed-event row another transaction holds (uncommitted) makes its writer
     * wait: the other writer's partition is projected meanwhile, and the waiting partition's committed offset does not
     * pass the event until it is projected.
     */
    @Test
    @Order(6)
    void aPartitionHeldBackByTheDatabaseHoldsItsOffsetWhileTheOtherWriterGoesOn() throws Exception {
        ProducerRecord<String, byte[]> held = onPartition(0, submitted(UUID.randomUUID(), "erin"));
        ProducerRecord<String, byte[]> free = onPartition(1, submitted(UUID.randomUUID(), "fred"));
        UUID heldId = UUID.fromString(new String(held.headers().lastHeader("ce_id").value(), StandardCharsets.UTF_8));
        UUID freeId = UUID.fromString(new String(free.headers().lastHeader("ce_id").value(), StandardCharsets.UTF_8));
        TopicPartition heldPartition = new TopicPartition(EventStream.TOPIC, 0);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, Stack.kafkaBootstrap()));
                Connection blocker = store.connection()) {
            blocker.setAutoCommit(false);
            try (PreparedStatement st = blocker.prepareStatement(
                    "insert into analytics.processed_event (event_id, type) values (?, 'held by the test')")) {
                st.setObject(1, heldId);
                st.executeUpdate();
            }
            long heldOffset;
            try (KafkaProducer<String, byte[]> producer = CloudEventRecords.producer()) {
                heldOffset = producer.send(held).get().offset();
                producer.send(free).get();
            }
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                    .until(() -> processedAs(freeId) != null);
            // the held event's writer waits for the test's transaction
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() -> one(
                    "select count(*) from pg_locks where locktype = 'transactionid' and not granted", Long.class) > 0);
            // The connector commits acknowledged offsets every few seconds: long enough to see one if it came.
            await().during(Duration.ofSeconds(7)).atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(500))
                    .until(() -> committed(admin, heldPartition) <= heldOffset);
            blocker.rollback();
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> committed(admin, heldPartition) > heldOffset);
            assertThat(processedAs(heldId)).isEqualTo("scorecard.submitted.v1");
        }
    }

    /**
     * The analytics tables grow from nothing to millions of rows in a rebuild: a generic plan that a connection kept
     * from when they were small would scan them whole, so its statements are planned for the tables as they are.
     */
    @Test
    @Order(6)
    void theAnalyticsConnectionsPlanEveryStatementAfresh() throws Exception {
        assertThat(one("show plan_cache_mode", String.class)).isEqualTo("force_custom_plan");
    }

    /**
     * A table that changed by more rows than it had at its last ANALYZE is analyzed again by the refresher, without
     * waiting for autovacuum (once a minute at best, never where it is off): statistics from when it was small plan its
     * statements as if it still were.
     */
    @Test
    @Order(6)
    void aTableThatDoubledIsAnalyzedAgain() throws Exception {
        Timestamp before = one("select now()", Timestamp.class);
        try (Connection c = store.connection()) {
            insertProcessed(c, "test: growth", estimatedProcessedEvents() + 1001);
        }
        try {
            awaitProcessedEventsTable("last_analyze", before);
        } finally {
            try (Connection c = store.connection(); Statement st = c.createStatement()) {
                st.executeUpdate("delete from analytics.processed_event where type = 'test: growth'");
            }
        }
    }

    /**
     * A table with more dead rows than live ones (rows written and deleted, as the rollups' rows are each time their
     * cells are computed again) is vacuumed by the refresher: autovacuum may be off or a minute away.
     */
    @Test
    @Order(8)
    void aTableWithMoreDeadRowsThanLiveOnesIsVacuumed() throws Exception {
        Timestamp before = one("select now()", Timestamp.class);
        // Written and deleted in one transaction: dead rows only, and no live ones the refresher might count first.
        try (Connection c = store.connection(); Statement delete = c.createStatement()) {
            c.setAutoCommit(false);
            insertProcessed(c, "test: dead", 2 * (estimatedProcessedEvents() + 1001));
            delete.executeUpdate("delete from analytics.processed_event where type = 'test: dead'");
            c.commit();
        }
        awaitProcessedEventsTable("last_vacuum", before);
    }

    /**
     * A rebuild marks every session as backlog after its replay; a session the projection marks meanwhile (a scorecard
     * submitted during the rebuild) is computed before any of them, or the reports would wait for the whole backlog.
     */
    @Test
    @Order(8)
    void aSessionMarkedByTheProjectionIsComputedBeforeARebuildsBacklog() throws Exception {
        asAPassUnderWay((c, st) -> {
            UUID live = one("select max(session_id::text)::uuid from analytics.session_fact", UUID.class);
            int backlog = SessionStats.markBacklog(c);
            assertThat(backlog).as("sessions from the tests before").isGreaterThan(2);
            SessionStats.mark(c, List.of(live)); // the projection marks a session of the backlog again
            long first = count(st, "select count(*) from analytics.stats_dirty where not backlog");
            assertThat(first).isPositive();

            SessionStats.Marks pass = SessionStats.marked(c, (int) first);
            assertThat(pass.sessions()).as("the projection's mark, taken first").contains(live);
            SessionStats.settle(c, pass, SessionStats.compute(c, pass.sessions()));
            assertThat(count(st, "select count(*) from analytics.stats_dirty where backlog"))
                    .as("the backlog, all still waiting").isEqualTo(backlog - 1);
        });
    }

    /**
     * The statistics statements join per-item and per-panelist aggregates to the sessions' facts. The planner estimates
     * a join of two tables filtered by the same sessions at about one row, and with nested loops it computed each
     * aggregate again for every row of the join (eight times a rebuild's cost while the projection ran, stop 44): they
     * are planned with hash joins.
     */
    @Test
    @Order(8)
    void theStatisticsStatementsJoinTheirAggregatesWithoutNestedLoops() throws Exception {
        asAPassUnderWay((c, st) -> {
            List<UUID> sessions = sessionIds();
            assertThat(sessions).hasSizeGreaterThan(2);
            // one session (where the planner would loop over the fewest rows) and all of them
            for (List<UUID> pass : List.of(sessions.subList(0, 1), sessions)) {
                Array ids = c.createArrayOf("uuid", pass.toArray());
                StringBuilder plans = new StringBuilder();
                SessionStats.withoutNestedLoops(c, (sql, times) -> {
                    try (PreparedStatement ps = c.prepareStatement("explain " + sql)) {
                        for (int i = 1; i <= times; i++) {
                            ps.setArray(i, ids);
                        }
                        try (ResultSet rs = ps.executeQuery()) {
                            while (rs.next()) {
                                plans.append(rs.getString(1)).append('\n');
                            }
                        }
                    }
                });
                assertThat(plans.toString()).as("%d sessions", pass.size()).contains("Join")
                        .doesNotContain("Nested Loop");
            }
            assertThat(count(st, "select count(*) from pg_settings where name = 'enable_nestloop' and setting = 'on'"))
                    .as("nested loops on again for the rest of the transaction").isOne();
        });
    }

    /**
     * While the projection keeps marking sessions, the refresher computes them and leaves their cells' rollups for
     * later (every {@code cells-every}, or once no session has been marked for {@code quiet-after}): each rollup pass
     * computes a cell again from all its statistics rows. Before, every pass that found no session computed rollups,
     * and between two marks 400 ms apart there is such a pass (the one after a caught-up pass's 250 ms pause). Once the
     * marks stop the rollups follow.
     */
    @Test
    @Order(8)
    void rollupsWaitWhileSessionsKeepComingAndFollowOnceTheyStop() throws Exception {
        awaitNoneMarked();
        awaitNoCellMarked();
        List<UUID> sessions = sessionIds();
        AtomicInteger next = new AtomicInteger();
        AtomicReference<Exception> failed = new AtomicReference<>();
        ScheduledExecutorService projection = Executors.newSingleThreadScheduledExecutor();
        long before = refresher.cellsRolledUp();
        try {
            projection.scheduleAtFixedRate(() -> {
                try (Connection c = store.connection()) {
                    SessionStats.mark(c, List.of(sessions.get(next.getAndIncrement() % sessions.size())));
                } catch (SQLException | RuntimeException e) {
                    failed.compareAndSet(null, e);
                }
            }, 0, 400, TimeUnit.MILLISECONDS);
            // a pass slowed by the machine may find the projection quiet once or twice (a cell each)
            await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(6)).pollInterval(Duration.ofMillis(50))
                    .until(() -> refresher.cellsRolledUp() - before <= 2);
        } finally {
            projection.shutdownNow();
        }
        assertThat(failed.get()).as("marking failed").isNull();
        assertThat(next.get()).as("marks made").isGreaterThanOrEqualTo(8);
        awaitNoneMarked();
        awaitNoCellMarked();
        assertThat(allReports()).isEqualTo(baseline);
    }

    /** Every session the analytics tables hold. */
    private List<UUID> sessionIds() throws SQLException {
        List<UUID> sessions = new ArrayList<>();
        try (Connection c = store.connection();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("select session_id from analytics.session_fact")) {
            while (rs.next()) {
                sessions.add(rs.getObject(1, UUID.class));
            }
        }
        return sessions;
    }

    private void awaitNoCellMarked() {
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> one("select count(*) from analytics.cell_dirty", Long.class) == 0);
    }

    /**
     * A report computes the sessions still marked before it reads, waiting for a pass under way; with none marked there
     * is nothing to wait for, and a long pass (or a rebuild's backlog being computed) must not hold it back: while a
     * pass holds the refresher's lock, the report answers and nothing ever waits for that lock.
     */
    @Test
    @Order(8)
    void aReportWithNothingMarkedDoesNotWaitForAPassUnderWay() throws Exception {
        asAPassUnderWay((c, st) -> {
            CompletableFuture<JsonPath> read = CompletableFuture.supplyAsync(() -> report("pipeline"));
            AtomicBoolean waited = new AtomicBoolean();
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(5)).until(() -> {
                waited.compareAndSet(false, lockWaiters() > 0);
                return read.isDone();
            });
            assertThat(read.get().getInt("totals.scheduled")).isPositive();
            assertThat(waited).as("the report waited for the refresher's lock").isFalse();
        });
    }

    /**
     * A pass may have read a session's mark before a rebuild's replay wrote the rest of its facts (which marks
     * nothing); it removes that mark when it commits. The backlog must not find the mark there and skip the session,
     * or the session's statistics would miss the facts written after the pass read them: it waits for the pass.
     */
    @Test
    @Order(9)
    void aRebuildsBacklogWaitsForThePassUnderWay() throws Exception {
        awaitNoneMarked();
        UUID session = one("select min(session_id::text)::uuid from analytics.session_fact", UUID.class);
        try (Connection marks = store.connection()) {
            SessionStats.mark(marks, List.of(session)); // the live consumer's mark, committed
        }
        long sessions = one("select count(*) from analytics.session_fact", Long.class);
        CompletableFuture<Integer> backlog;
        try (Connection pass = store.connection(); Statement st = pass.createStatement()) {
            pass.setAutoCommit(false);
            try {
                st.execute("select pg_advisory_xact_lock(" + StatsRefresher.LOCK + ")");
                long version = count(st, "select version from analytics.stats_dirty where session_id = '" + session
                        + "'");
                backlog = CompletableFuture.supplyAsync(() -> {
                    try {
                        return refresher.markBacklog(); // the replay has ended meanwhile
                    } catch (SQLException e) {
                        throw new IllegalStateException(e);
                    }
                });
                await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10))
                        .until(() -> backlog.isDone() || lockWaiters() > 0);
                st.executeUpdate("delete from analytics.stats_dirty where session_id = '" + session + "' and version = "
                        + version);
                pass.commit();
            } catch (SQLException | RuntimeException e) {
                pass.rollback();
                throw e;
            }
        }
        // every session, the one the pass had read included (the refresher may compute them at once: counted here)
        assertThat(backlog.get(10, TimeUnit.SECONDS)).isEqualTo(sessions);
        awaitNoneMarked(); // the backlog computed again: the same numbers
        assertThat(allReports()).isEqualTo(baseline);
    }

    /** Work on a connection and its statement, in the transaction {@link #asAPassUnderWay} opens. */
    @FunctionalInterface
    private interface InTransaction {
        void run(Connection c, Statement st) throws Exception;
    }

    /**
     * Once no session is marked, runs {@code work} in a transaction holding the refresher's lock, as a pass under way
     * would (the background refresher keeps out meanwhile), then rolls it back.
     */
    private void asAPassUnderWay(InTransaction work) throws Exception {
        awaitNoneMarked();
        try (Connection c = store.connection(); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            try {
                st.execute("select pg_advisory_xact_lock(" + StatsRefresher.LOCK + ")");
                work.run(c, st);
            } finally {
                c.rollback();
            }
        }
    }

    private void awaitNoneMarked() {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> one("select count(*) from analytics.stats_dirty", Long.class) == 0);
    }

    /** Sessions waiting for the refresher's advisory lock (a bigint key: its high and low halves). */
    private long lockWaiters() throws Exception {
        return one("select count(*) from pg_locks where locktype = 'advisory' and not granted and classid = "
                + (StatsRefresher.LOCK >>> 32) + " and objid = " + (StatsRefresher.LOCK & 0xFFFF_FFFFL)
                + " and objsubid = 1", Long.class);
    }

    private static long count(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The processed-event log's rows as its last ANALYZE counted them. */
    private long estimatedProcessedEvents() throws Exception {
        return one("select greatest(reltuples, 0)::bigint from pg_class where oid = 'analytics.processed_event'::regclass",
                Long.class);
    }

    private static void insertProcessed(Connection c, String type, long rows) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("insert into analytics.processed_event (event_id, type) "
                + "select gen_random_uuid(), ? from generate_series(1, ?)")) {
            st.setString(1, type);
            st.setLong(2, rows);
            st.executeUpdate();
        }
    }

    /** Waits until the processed-event log's {@code last_vacuum} or {@code last_analyze} is after {@code after}. */
    private void awaitProcessedEventsTable(String column, Timestamp after) {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() -> {
            Timestamp last = one("select " + column + " from pg_stat_user_tables where relid = "
                    + "'analytics.processed_event'::regclass", Timestamp.class);
            return last != null && last.after(after);
        });
    }

    /** A scorecard submitted by {@code panelist} in a session analytics never saw scheduled. */
    private static ProducerRecord<String, byte[]> submitted(UUID session, String panelist) {
        return CloudEventRecords.event(session.toString(), "interviewpanel.scorecard.submitted.v1", "{\"sessionId\":\""
                + session + "\",\"candidateRef\":\"" + UUID.randomUUID() + "\",\"panelist\":\"" + panelist
                + "\",\"recommendation\":\"YES\",\"ratings\":[],\"submittedAt\":\"2026-11-20T10:00:00Z\"}");
    }

    private static ProducerRecord<String, byte[]> onPartition(int partition, ProducerRecord<String, byte[]> r) {
        return new ProducerRecord<>(r.topic(), partition, r.key(), r.value(), r.headers());
    }

    /** The type the processed-event log has for an event, or null when it has none committed. */
    private String processedAs(UUID event) throws Exception {
        try (Connection c = store.connection();
                PreparedStatement st = c.prepareStatement("select type from analytics.processed_event where event_id = ?")) {
            st.setObject(1, event);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    /** The analytics consumer group's committed offset on a partition (the next to read), -1 when none. */
    private static long committed(Admin admin, TopicPartition partition) throws Exception {
        OffsetAndMetadata offset = admin.listConsumerGroupOffsets("interview-panel-analytics")
                .partitionsToOffsetAndMetadata().get().get(partition);
        return offset == null ? -1 : offset.offset();
    }

    static double metric(String name, String outcome) {
        String text = org.interviewpanel.testsupport.Management.given().get("/q/metrics").then().statusCode(200).extract()
                .asString();
        Pattern p = Pattern.compile("^" + name + "(?:\\{([^}]*)\\})? ([0-9.eE+-]+)$", Pattern.MULTILINE);
        Matcher m = p.matcher(text);
        double sum = 0;
        while (m.find()) {
            if (outcome == null || String.valueOf(m.group(1)).contains("outcome=\"" + outcome + "\"")) {
                sum += Double.parseDouble(m.group(2));
            }
        }
        return sum;
    }

    static KafkaConsumer<String, String> reader() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, Stack.kafkaBootstrap());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        return new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
    }

    static KafkaProducer<String, String> producer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, Stack.kafkaBootstrap());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
    }
}
