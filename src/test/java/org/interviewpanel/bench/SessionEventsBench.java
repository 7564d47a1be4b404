package org.interviewpanel.bench;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.interviewpanel.testsupport.Tokens.token;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.core.ConditionTimeoutException;
import org.eclipse.microprofile.config.ConfigProvider;
import org.interviewpanel.testsupport.EventStream;
import org.interviewpanel.testsupport.Stack;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * Benchmark (run with {@code mvn verify -Pbench}; prints numbers, asserts nothing about speed): sustained session
 * state changes per second through the HTTP API, and commit → event-on-topic latency under that load, next to a bare
 * KafkaProducer's produce → ack latency on the same broker.
 */
@QuarkusTest
@TestProfile(SessionEventsBench.WebTier.class)
class SessionEventsBench {

    /** The web tier's roles as deployed (the analytics consumer runs apart), unless -Dbench.events-all-roles=true. */
    public static class WebTier implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("panel.analytics.consumer.enabled", String.valueOf(Boolean.getBoolean("bench.events-all-roles")));
        }
    }

    @Inject
    MeterRegistry registry;

    static final int SESSIONS = Integer.getInteger("bench.sessions", 200);
    static final int CLIENTS = Integer.getInteger("bench.clients", 16);
    static final Duration LOAD = Duration.ofSeconds(Long.getLong("bench.seconds", 30));
    static final int PACED_RATE = Integer.getInteger("bench.paced-rate", 200);
    static final Duration PACED = Duration.ofSeconds(Long.getLong("bench.paced-seconds", 20));
    static final int BARE_RECORDS = Integer.getInteger("bench.bare-records", 20_000);

    @Test
    void run() throws Exception {
        String base = "http://localhost:" + ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
        List<String> sessions = prepareLiveSessions();

        // Consumer: receive time of every event, keyed by event id, with its ce_time (the change's time).
        Map<String, long[]> latencies = new ConcurrentHashMap<>();
        AtomicInteger consumed = new AtomicInteger();
        AtomicBoolean assigned = new AtomicBoolean();
        Thread consumer = new Thread(() -> consume(latencies, consumed, assigned));
        consumer.setDaemon(true);
        consumer.start();
        // The load starts once the consumer holds its partitions (positioned at the end of the topic).
        await().atMost(Duration.ofSeconds(60)).untilTrue(assigned);

        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .executor(Executors.newFixedThreadPool(CLIENTS)).build();
        // The same closed loop, unmeasured, first: until the JIT compiler has finished with it. Each phase takes the
        // lead's token anew (the realm's access tokens live 5 minutes; the warm-up alone may take 4).
        WarmUp.run("SessionEventsBench",
                warmUp -> closedLoop(http, base, token("alice"), sessions, warmUp, new AtomicLong(), new AtomicLong()));
        AtomicLong ok = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        long loadStart = System.currentTimeMillis();
        try (MeasuredWindow window = MeasuredWindow.open("SessionEventsBench, closed loop")) {
            closedLoop(http, base, token("alice"), sessions, LOAD, ok, failed);
        }
        double seconds = (System.currentTimeMillis() - loadStart) / 1000.0;
        // Wait for the tail of the stream.
        long expected = ok.get();
        try {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> countSince(latencies, loadStart) >= expected);
        } catch (ConditionTimeoutException e) {
            // Report what arrived; the missing ones show in "events received".
        }
        List<Long> eventLatency = new ArrayList<>();
        latencies.values().forEach(v -> {
            if (v[0] >= loadStart) {
                eventLatency.add(v[1] - v[0]);
            }
        });

        // Paced: a steady rate of changes (not as many as the machine takes), commit -> topic at that rate.
        Map<String, long[]> stepsBefore = StageTimers.read(registry, StageTimers.RELAY_STEPS);
        Paced paced;
        try (MeasuredWindow window = MeasuredWindow.open("SessionEventsBench, paced")) {
            paced = paced(base, sessions, token("alice"), latencies);
        }
        Map<String, long[]> stepsAfter = StageTimers.read(registry, StageTimers.RELAY_STEPS);

        List<Long> bare = bareProducer();

        System.out.println();
        System.out.println("=== Session events benchmark (" + SESSIONS + " live sessions, " + CLIENTS + " clients, "
                + LOAD.toSeconds() + " s; " + (Boolean.getBoolean("bench.events-all-roles") ? "all roles"
                        : "the web tier's roles, analytics consumer off")
                + ") ===");
        System.out.printf("state changes: %d ok, %d failed, %.0f per second sustained%n", ok.get(), failed.get(),
                ok.get() / seconds);
        System.out.printf("events received for them: %d%n", eventLatency.size());
        System.out.printf("change committed -> event on topic (ms):  p50 %5d   p99 %5d   max %5d%n", pct(eventLatency, 50),
                pct(eventLatency, 99), pct(eventLatency, 100));
        System.out.printf("paced at %d changes/s for %d s: %d sent, %d ok, %d failed; events received %d, lost %d%n",
                PACED_RATE, PACED.toSeconds(), paced.sent, paced.ok, paced.failed, paced.latency.size(),
                paced.ok - paced.latency.size());
        System.out.printf("  change committed -> event on topic (ms): p50 %5d   p99 %5d   max %5d%n", pct(paced.latency, 50),
                pct(paced.latency, 99), pct(paced.latency, 100));
        for (String step : StageTimers.RELAY_STEPS) {
            long[] p = StageTimers.percentiles(stepsBefore.get(step), stepsAfter.get(step));
            System.out.printf("  relay step %-12s (ms): p50 %5d   p99 %5d%n", step, p[0], p[1]);
        }
        System.out.printf("bare KafkaProducer produce -> ack (ms):    p50 %5d   p99 %5d   max %5d  (%d records, acks=all)%n",
                pct(bare, 50), pct(bare, 99), pct(bare, 100), bare.size());
        System.out.println();
    }

    /** The sessions the closed loop left at their second question (the others are at the first). */
    private static final Set<String> AT_SECOND = ConcurrentHashMap.newKeySet();

    /** 16 clients advance their own sessions one request after another for the given time, between questions 1 and 2. */
    private static void closedLoop(HttpClient http, String base, String token, List<String> sessions, Duration duration,
            AtomicLong ok, AtomicLong failed) throws InterruptedException {
        long deadline = System.nanoTime() + duration.toNanos();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        CountDownLatch done = new CountDownLatch(CLIENTS);
        for (int c = 0; c < CLIENTS; c++) {
            int client = c;
            clients.submit(() -> {
                int n = 0;
                try {
                    while (System.nanoTime() < deadline) {
                        // Each client drives its own sessions, so no two clients contend for one session.
                        String session = sessions.get((client + CLIENTS * (n % (SESSIONS / CLIENTS))) % SESSIONS);
                        boolean atSecond = AT_SECOND.contains(session);
                        String to = atSecond ? "1" : "2";
                        if (atSecond) {
                            AT_SECOND.remove(session);
                        } else {
                            AT_SECOND.add(session);
                        }
                        n++;
                        (advance(http, base, token, session, to) == 200 ? ok : failed).incrementAndGet();
                    }
                } catch (Exception e) {
                    failed.incrementAndGet();
                } finally {
                    done.countDown();
                }
            });
        }
        done.await();
        clients.shutdown();
    }

    /** What the paced phase sent and what arrived on the topic for it. */
    private record Paced(long sent, long ok, long failed, List<Long> latency) {
    }

    /**
     * Advances at a fixed rate (one every 1/PACED_RATE s, handed to 16 clients), so the relay sees a steady stream at a
     * load the machine carries; each change's time to its event on the topic.
     */
    private Paced paced(String base, List<String> sessions, String token, Map<String, long[]> latencies)
            throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(Executors.newFixedThreadPool(4))
                .build();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        ScheduledExecutorService pace = Executors.newSingleThreadScheduledExecutor();
        AtomicLong sent = new AtomicLong();
        AtomicLong ok = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        // one session per change in turn, so a session changes every SESSIONS / PACED_RATE s (no contention for it)
        AtomicInteger next = new AtomicInteger();
        long start = System.currentTimeMillis() + 1;
        long total = PACED_RATE * PACED.toSeconds();
        CountDownLatch done = new CountDownLatch((int) total);
        pace.scheduleAtFixedRate(() -> {
            if (sent.get() >= total) {
                return;
            }
            sent.incrementAndGet();
            int n = next.getAndIncrement();
            String session = sessions.get(n % SESSIONS);
            String to = (n / SESSIONS) % 2 == 0 ? "3" : "1"; // the load above left every session at 1 or 2
            clients.submit(() -> {
                try {
                    (advance(http, base, token, session, to) == 200 ? ok : failed).incrementAndGet();
                } catch (Exception e) {
                    failed.incrementAndGet();
                } finally {
                    done.countDown();
                }
            });
        }, 0, 1_000_000 / PACED_RATE, TimeUnit.MICROSECONDS);
        done.await(PACED.toSeconds() + 60, TimeUnit.SECONDS);
        pace.shutdownNow();
        clients.shutdown();
        try {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> countSince(latencies, start) >= ok.get());
        } catch (ConditionTimeoutException e) {
            // what is missing shows as lost
        }
        List<Long> latency = new ArrayList<>();
        latencies.values().forEach(v -> {
            if (v[0] >= start) {
                latency.add(v[1] - v[0]);
            }
        });
        return new Paced(sent.get(), ok.get(), failed.get(), latency);
    }

    /** The lead moves a session to a question; returns the status code. */
    private static int advance(HttpClient http, String base, String token, String session, String to) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + "/api/sessions/" + session + "/advance"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"to\":\"" + to + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    private List<String> prepareLiveSessions() {
        List<Map<String, Object>> questions = given().auth().oauth2(token("alice")).queryParam("category", "kafka/basics")
                .get("/api/questions").then().statusCode(200).extract().jsonPath().getList("items");
        String set = given().auth().oauth2(token("alice")).contentType("application/json")
                .body(Map.of("name", "Bench " + UUID.randomUUID(), "items", questions.stream().limit(3)
                        .map(q -> Map.of("questionId", q.get("id"))).toList()))
                .post("/api/question-sets").then().statusCode(201).extract().path("id");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < SESSIONS; i++) {
            String id = given().auth().oauth2(token("alice")).contentType("application/json")
                    .body(Map.of("position", "Bench", "candidate", Map.of("name", "Bench Candidate", "email", "b@example.test"),
                            "questionSetId", set, "panel", List.of("alice", "bob"), "scheduledAt", Instant.now().toString()))
                    .post("/api/sessions").then().statusCode(201).extract().path("id");
            given().auth().oauth2(token("alice")).contentType("application/json").body("{}")
                    .post("/api/sessions/" + id + "/start").then().statusCode(200);
            ids.add(id);
        }
        return ids;
    }

    private static void consume(Map<String, long[]> latencies, AtomicInteger consumed, AtomicBoolean assigned) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, Stack.kafkaBootstrap());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "10");
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            c.subscribe(List.of(EventStream.TOPIC));
            while (true) {
                var records = c.poll(Duration.ofMillis(50));
                if (!c.assignment().isEmpty()) {
                    assigned.set(true);
                }
                for (ConsumerRecord<String, String> r : records) {
                    long now = System.currentTimeMillis();
                    var time = r.headers().lastHeader("ce_time");
                    var id = r.headers().lastHeader("ce_id");
                    if (time != null && id != null) {
                        long at = Instant.parse(new String(time.value())).toEpochMilli();
                        latencies.putIfAbsent(new String(id.value()), new long[] { at, now });
                        consumed.incrementAndGet();
                    }
                }
            }
        }
    }

    private static long countSince(Map<String, long[]> latencies, long since) {
        return latencies.values().stream().filter(v -> v[0] >= since).count();
    }

    private static List<Long> bareProducer() throws Exception {
        String topic = BareTopics.create("bench.bare.");
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, Stack.kafkaBootstrap());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "1");
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            producer.partitionsFor(topic);
            String payload = "{\"sessionId\":\"" + UUID.randomUUID() + "\",\"position\":2,\"askedAt\":\"" + Instant.now()
                    + "\"}";
            CountDownLatch acked = new CountDownLatch(BARE_RECORDS);
            for (int i = 0; i < BARE_RECORDS; i++) {
                long start = System.nanoTime();
                producer.send(new ProducerRecord<>(topic, "key-" + (i % SESSIONS), payload), (m, e) -> {
                    latencies.add((System.nanoTime() - start) / 1_000_000);
                    acked.countDown();
                });
                if (i % 200 == 199) {
                    producer.flush(); // keep it a steady stream rather than one giant burst
                }
            }
            acked.await(120, TimeUnit.SECONDS);
        }
        return latencies;
    }

    private static long pct(List<Long> values, int percentile) {
        if (values.isEmpty()) {
            return -1;
        }
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }
}
