package org.interviewpanel.bench;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.interviewpanel.testsupport.Tokens.token;

import java.lang.management.ManagementFactory;
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
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Inject;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
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
import org.interviewpanel.live.LiveRoom;
import org.interviewpanel.testsupport.LiveClient;
import org.interviewpanel.testsupport.Stack;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/**
 * Benchmark (mvn verify -Pbench): live sessions with 4 panelists and 1 candidate each on WebSockets. Measures the
 * time from the lead's advance request to the question frame at every other participant, next to a bare Kafka
 * produce → consume on the same broker, and the heap each connection costs.
 */
@QuarkusTest
class LiveBench {

    static final int SESSIONS = Integer.getInteger("bench.live-sessions", 100);
    static final int ROUNDS = Integer.getInteger("bench.live-rounds", 10);
    static final int CLIENTS = 8;

    @Inject
    LiveRoom room;

    @Test
    void run() throws Exception {
        int port = ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
        String base = "http://localhost:" + port;
        List<Map<String, Object>> bank = given().auth().oauth2(token("alice")).queryParam("category", "kafka/basics")
                .get("/api/questions").then().statusCode(200).extract().jsonPath().getList("items");
        String set = given().auth().oauth2(token("alice")).contentType("application/json")
                .body(Map.of("name", "Live bench " + UUID.randomUUID(), "items",
                        bank.stream().limit(3).map(q -> Map.of("questionId", q.get("id"))).toList()))
                .post("/api/question-sets").then().statusCode(201).extract().path("id");

        List<String> ids = new ArrayList<>();
        List<String> cookies = new ArrayList<>();
        for (int i = 0; i < SESSIONS; i++) {
            var scheduled = given().auth().oauth2(token("alice")).contentType("application/json")
                    .body(Map.of("position", "Bench", "candidate", Map.of("name", "Bench Candidate", "email", "b@example.test"),
                            "questionSetId", set, "panel", List.of("alice", "bob", "carol", "dave"),
                            "scheduledAt", Instant.now().toString()))
                    .post("/api/sessions").then().statusCode(201).extract().jsonPath();
            ids.add(scheduled.getString("id"));
            String link = scheduled.getString("candidateLink");
            cookies.add(given().redirects().follow(false).get("/join/" + link.substring(link.lastIndexOf('/') + 1))
                    .getCookie("panel_candidate"));
        }

        long heapBefore = heapAfterGc();
        Map<String, List<LiveClient>> watchers = new ConcurrentHashMap<>();
        List<LiveClient> all = new ArrayList<>();
        for (int i = 0; i < SESSIONS; i++) {
            List<LiveClient> others = new ArrayList<>();
            LiveClient lead = LiveClient.panel(port, ids.get(i), token("alice"));
            for (String user : List.of("bob", "carol", "dave")) {
                others.add(LiveClient.panel(port, ids.get(i), token(user)));
            }
            others.add(LiveClient.candidate(port, cookies.get(i)));
            all.add(lead);
            all.addAll(others);
            watchers.put(ids.get(i), others);
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> room.connections() >= SESSIONS * 5);
        int held = room.connections();
        long heapAfter = heapAfterGc();

        HttpClient http = HttpClient.newBuilder().executor(Executors.newFixedThreadPool(CLIENTS)).build();
        String token = token("alice");
        for (String id : ids) {
            post(http, base + "/api/sessions/" + id + "/start", "{}", token);
        }
        // Every participant has the first question before the measured rounds begin.
        List<LiveClient> everyone = watchers.values().stream().flatMap(List::stream).toList();
        awaitQuestionFrames(everyone, 1);

        // Each round: the lead of every session advances once; latency = request sent → frame at each participant.
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        for (int round = 0; round < ROUNDS; round++) {
            int position = round % 2 == 0 ? 2 : 1;
            CountDownLatch done = new CountDownLatch(ids.size());
            for (String id : ids) {
                pool.submit(() -> {
                    try {
                        long t0 = System.nanoTime();
                        String askedAt = post(http, base + "/api/sessions/" + id + "/advance",
                                "{\"to\":\"" + position + "\"}", token);
                        sentAt.put(id + "@" + askedAt, t0);
                    } catch (Exception e) {
                        // counted as missing frames below
                    } finally {
                        done.countDown();
                    }
                });
            }
            done.await();
            // The next round starts when this round's frame reached everyone (or after 30 s).
            awaitQuestionFrames(everyone, round + 2);
        }
        pool.shutdown();

        List<Long> latency = new ArrayList<>();
        int expected = 0;
        for (String id : ids) {
            for (LiveClient watcher : watchers.get(id)) {
                for (LiveClient.Received r : watcher.received()) {
                    var data = r.frame().path("data");
                    String askedAt = data.has("currentQuestion") ? data.path("currentQuestion").path("askedAt").asText()
                            : data.path("askedAt").asText();
                    if (!"question".equals(r.frame().path("type").asText())) {
                        continue;
                    }
                    Long t0 = sentAt.get(id + "@" + normalize(askedAt));
                    if (t0 != null) {
                        latency.add((r.nanos() - t0) / 1_000_000);
                    }
                }
                expected += ROUNDS;
            }
        }
        List<Long> bare = bareProduceConsume();

        // Capacity: keep adding panel connections (more tabs of the lead) until the limit or a failure.
        int target = Integer.getInteger("bench.live-max-connections", 3000);
        String aliceToken = token("alice");
        int capacityHeld = room.connections();
        long capacityStart = System.nanoTime();
        List<LiveClient> extra = new ArrayList<>();
        try {
            while (room.connections() < target) {
                List<LiveClient> batch = new ArrayList<>();
                for (int i = 0; i < 250; i++) {
                    batch.add(LiveClient.panel(port, ids.get(i % SESSIONS), aliceToken));
                }
                extra.addAll(batch);
                try {
                    await().atMost(Duration.ofSeconds(30))
                            .until(() -> batch.stream().noneMatch(c -> c.frames("snapshot").isEmpty()));
                } catch (ConditionTimeoutException e) {
                    break; // this batch was not fully served: the previous count is what the instance held
                }
                capacityHeld = room.connections();
            }
        } catch (Exception | Error e) {
            System.out.println("capacity run stopped: " + e);
        }
        double capacitySeconds = (System.nanoTime() - capacityStart) / 1e9;
        long heapCapacity = heapAfterGc();
        extra.forEach(LiveClient::close);
        all.forEach(LiveClient::close);

        System.out.println();
        System.out.println("=== Live room benchmark (" + SESSIONS + " live sessions x (4 panelists + 1 candidate) on "
                + "WebSockets, " + ROUNDS + " advances each) ===");
        System.out.printf("connections held by this instance: %d%n", held);
        System.out.printf("heap per connection: ~%.1f KiB (%.1f MiB for %d connections)%n",
                (heapAfter - heapBefore) / 1024.0 / Math.max(1, held), (heapAfter - heapBefore) / 1048576.0, held);
        System.out.printf("capacity run: %d connections held and answered with a snapshot (limit %d), %.1f s to open %d more; "
                + "heap then %.0f MiB (~%.1f KiB per connection, server and client side together)%n", capacityHeld, target,
                capacitySeconds, capacityHeld - held, heapCapacity / 1048576.0,
                (heapCapacity - heapBefore) / 1024.0 / Math.max(1, capacityHeld));
        System.out.printf("frames received: %d of %d expected%n", latency.size(), expected);
        System.out.printf("lead's advance request -> frame at each other participant (ms): p50 %4d  p99 %4d  max %4d%n",
                pct(latency, 50), pct(latency, 99), pct(latency, 100));
        System.out.printf("bare Kafka produce -> consume on the same broker (ms):          p50 %4d  p99 %4d  max %4d%n",
                pct(bare, 50), pct(bare, 99), pct(bare, 100));
        System.out.println();
    }

    private static String post(HttpClient http, String url, String body, String token) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.body());
        return normalize(json.path("currentItem").path("askedAt").asText());
    }

    /** Millisecond precision: the database keeps microseconds, the JVM's clock may have nanoseconds. */
    private static String normalize(String instant) {
        try {
            return Instant.parse(instant).truncatedTo(java.time.temporal.ChronoUnit.MILLIS).toString();
        } catch (Exception e) {
            return instant;
        }
    }

    /** Heap in use right after a full collection (MemoryMXBean.gc() returns once it is done). */
    private static long heapAfterGc() {
        ManagementFactory.getMemoryMXBean().gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static void awaitQuestionFrames(List<LiveClient> clients, int atLeast) {
        try {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                    .until(() -> clients.stream().allMatch(c -> c.frames("question").size() >= atLeast));
        } catch (ConditionTimeoutException e) {
            // Missing frames show in "frames received".
        }
    }

    private static List<Long> bareProduceConsume() throws Exception {
        String topic = "bench.live." + UUID.randomUUID().toString().substring(0, 8);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, Stack.kafkaBootstrap()))) {
            admin.createTopics(List.of(new NewTopic(topic, 6, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, Stack.kafkaBootstrap());
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-" + UUID.randomUUID());
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "50"); // as the live consumer
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, Stack.kafkaBootstrap());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "1");
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        int n = 1000;
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(c, new StringDeserializer(),
                new StringDeserializer());
                KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(),
                        new StringSerializer())) {
            consumer.subscribe(List.of(topic));
            long until = System.currentTimeMillis() + 15_000;
            while (consumer.assignment().isEmpty() && System.currentTimeMillis() < until) {
                consumer.poll(Duration.ofMillis(100));
            }
            // The producer runs beside the polling consumer at a steady pace, as the live fan-out sees it.
            // 10 records every 10 ms, sent beside the polling consumer.
            AtomicInteger sent = new AtomicInteger();
            ScheduledExecutorService sender = Executors.newSingleThreadScheduledExecutor();
            sender.scheduleAtFixedRate(() -> {
                for (int k = 0; k < 10 && sent.get() < n; k++) {
                    int i = sent.getAndIncrement();
                    producer.send(new ProducerRecord<>(topic, "k" + (i % SESSIONS), String.valueOf(System.nanoTime())));
                }
            }, 0, 10, TimeUnit.MILLISECONDS);
            until = System.currentTimeMillis() + 30_000;
            while (latencies.size() < n && System.currentTimeMillis() < until) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(10))) {
                    latencies.add((System.nanoTime() - Long.parseLong(r.value())) / 1_000_000);
                }
            }
            sender.shutdownNow();
            sender.awaitTermination(10, TimeUnit.SECONDS);
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
