package org.interviewpanel.bench;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.interviewpanel.testsupport.Tokens.token;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.interviewpanel.analytics.AnalyticsStore;
import org.interviewpanel.events.Seat;
import org.interviewpanel.events.SessionEvent;
import org.interviewpanel.testsupport.CloudEventRecords;
import org.interviewpanel.testsupport.Stack;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;

/**
 * Benchmark (run with {@code mvn verify -Pbench}; prints numbers, asserts nothing about speed): a generator writes
 * well-formed events for 50,000 sessions and 1,000,000 ratings to the topic; we measure how fast the analytics consumer
 * projects them, how long a rebuild from the topic takes, and each report's response time next to the bare SQL
 * aggregate over the same tables.
 */
@QuarkusTest
class AnalyticsBench {

    static final int SESSIONS = Integer.getInteger("bench.analytics.sessions", 50_000);
    static final int PANEL = 4;
    static final int ITEMS = 5;
    static final int QUESTIONS = 59;
    static final String[] POSITIONS = { "Platform engineer", "SRE", "Data engineer", "Backend engineer", "Staff engineer" };

    @Inject
    ObjectMapper json;

    @Inject
    AnalyticsStore store;

    @Test
    void projectionRebuildAndReportsOnFiftyThousandSessions() throws Exception {
        long before = processed();
        long events = 0;
        long ratings = 0;
        Random random = new Random(42);
        double[] bias = new double[12];
        for (int i = 0; i < bias.length; i++) {
            bias[i] = random.nextGaussian() * 0.4;
        }
        Instant yearStart = Instant.parse("2026-01-05T09:00:00Z");
        long started = System.nanoTime();
        try (KafkaProducer<String, byte[]> producer = CloudEventRecords.producer()) {
            for (int s = 0; s < SESSIONS; s++) {
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
        double produced = (System.nanoTime() - started) / 1e9;
        long expected = before + events;
        await().atMost(Duration.ofMinutes(30)).pollInterval(Duration.ofSeconds(1)).until(() -> processed() >= expected);
        double consumed = (System.nanoTime() - started) / 1e9;
        System.out.printf("AnalyticsBench: generated %,d sessions, %,d ratings, %,d events in %.1f s (%,.0f events/s)%n",
                SESSIONS, ratings, events, produced, events / produced);
        System.out.printf("AnalyticsBench: live consumer projected all %,d events %.1f s after the first was sent: "
                + "%,.0f events/s end to end%n", events, consumed, events / consumed);

        measureReports("before the rebuild");

        long rebuildStart = System.nanoTime();
        given().auth().oauth2(token("root")).post("/api/admin/analytics/rebuild").then().statusCode(202);
        String[] last = new String[1];
        await().atMost(Duration.ofMinutes(30)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            var p = given().auth().oauth2(token("root")).get("/api/admin/analytics/rebuild").then().extract()
                    .jsonPath();
            last[0] = p.getString("done") + "/" + p.getString("total") + " at " + p.getString("eventsPerSecond") + "/s";
            return "DONE".equals(p.getString("state"));
        });
        double rebuild = (System.nanoTime() - rebuildStart) / 1e9;
        System.out.printf("AnalyticsBench: rebuild from the topic took %.1f s (%s)%n", rebuild, last[0]);
        measureReports("after the rebuild");
    }

    private void measureReports(String when) throws Exception {
        for (String report : List.of("pipeline", "interviewers", "reliability", "questions")) {
            long[] api = new long[5];
            long[] bare = new long[5];
            for (int i = 0; i < api.length; i++) {
                String bearer = token("hana");
                long t = System.nanoTime();
                given().auth().oauth2(bearer).get("/api/reports/" + report).then().statusCode(200);
                api[i] = (System.nanoTime() - t) / 1_000_000;
                t = System.nanoTime();
                bareAggregate(report);
                bare[i] = (System.nanoTime() - t) / 1_000_000;
            }
            Arrays.sort(api);
            Arrays.sort(bare);
            System.out.printf("AnalyticsBench: %s %-13s report median %,d ms (min %,d, max %,d) · bare SQL aggregate "
                    + "median %,d ms%n", when, report, api[2], api[0], api[4], bare[2]);
        }
    }

    /** The bare SQL aggregate behind each report: the baseline its figure is compared with. */
    private long bareAggregate(String report) throws Exception {
        String sql = switch (report) {
            case "pipeline" -> "select count(*) from (select s.position, date_trunc('week', s.ref_time at time zone 'UTC'), "
                    + "count(*), count(s.ended_at), count(s.decision) from analytics.session_fact s group by 1, 2) x";
            case "interviewers" -> "select count(*) from (select username, count(*), avg(rating) "
                    + "from analytics.rating_fact where final and rating is not null group by 1) x";
            case "reliability" -> "select count(*) from (select session_id, position, count(*), avg(rating) "
                    + "from analytics.rating_fact where final and rating is not null group by 1, 2) x";
            case "questions" -> "select count(*) from (select i.question_key, count(r.rating), avg(r.rating), "
                    + "stddev_samp(r.rating) from analytics.item_fact i left join analytics.rating_fact r "
                    + "on r.session_id = i.session_id and r.position = i.position and r.final group by 1) x";
            default -> throw new IllegalArgumentException(report);
        };
        try (Connection c = store.connection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private long processed() throws Exception {
        try (Connection c = store.connection();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("select count(*) from analytics.processed_event")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String key(int question) {
        return "kafka/bench/question-" + question;
    }

    private static KafkaProducer<String, String> producer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, Stack.kafkaBootstrap());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, "262144");
        return new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
    }
}
