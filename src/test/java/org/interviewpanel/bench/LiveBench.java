package org.interviewpanel.bench;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.interviewpanel.testsupport.Tokens.token;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.core.ConditionTimeoutException;
import org.eclipse.microprofile.config.ConfigProvider;
import org.interviewpanel.live.LiveRoom;
import org.interviewpanel.testsupport.LiveClient;
import org.interviewpanel.testsupport.Stack;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * Benchmark (mvn verify -Pbench): live sessions with 3 panelists and 1 candidate each on WebSockets, their leads
 * advancing. Measures the time from the lead's advance request to the question frame at every participant, in two
 * shapes: a burst (every session's lead advances at the same moment, for each session count of the curve) and 8 leads
 * advancing one after another over 100 sessions; next to a bare Kafka produce → consume on the same broker in the same
 * run, with the ratios, and where the time goes (HTTP and commit, relay, Kafka, fan-out). Then a crowd of idle room
 * sockets from a separate process: how many one instance holds, the heap they take, and the burst again with them.
 */
@QuarkusTest
@TestProfile(LiveBench.ManySockets.class)
class LiveBench {

    /**
     * The bench's participants sit in hundreds of rooms at once: the per-user socket caps are lifted. The instance has
     * the web tier's roles, as deployed (deploy/kubernetes: the web Deployment relays and fans out, the analytics
     * Deployment projects); {@code -Dbench.live-all-roles=true} adds the analytics consumer to this JVM.
     */
    public static class ManySockets implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("panel.live.max-connections-per-user", "1000000",
                    "panel.live.max-connections-per-participant", "1000000",
                    "panel.analytics.consumer.enabled", String.valueOf(Boolean.getBoolean("bench.live-all-roles")));
        }
    }

    static final List<Integer> CURVE = Arrays.stream(System.getProperty("bench.live-curve", "10,50,100,200").split(","))
            .map(String::strip).map(Integer::valueOf).toList();
    static final int ROUNDS = Integer.getInteger("bench.live-rounds", 10);
    static final int LEADS = 8;
    static final int LEAD_SESSIONS = 100;
    static final int CROWD = Integer.getInteger("bench.live-sockets", 5000);
    static final int CROWD_FOR_BURST = 1000;
    /** One reader for every response: a mapper per response cost the burst's own CPU in the measured path. */
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();
    static final List<String> WATCHING = List.of("bob", "carol", "dave");
    /** The steps inside the relay stage (panel_outbox_relay_step), then the stages (panel_live_stage). */
    static final List<String> RELAY_STEPS = StageTimers.RELAY_STEPS;
    static final List<String> STAGES = List.of("wake", "select", "produce-ack", "mark", "relay", "kafka", "fan-out");

    @Inject
    LiveRoom room;

    @Inject
    MeterRegistry registry;

    private int port;
    private String base;
    private final List<String> ids = new ArrayList<>();
    private final Map<String, List<LiveClient>> watchers = new ConcurrentHashMap<>();
    private final Map<LiveClient, String> bearers = new ConcurrentHashMap<>();
    /** Questions asked in a watcher's session before it opened (it counts only those after, its snapshot has the current). */
    private final Map<LiveClient, Integer> askedBefore = new ConcurrentHashMap<>();
    /** Questions asked per session so far (the start asks the first). */
    private final Map<String, AtomicInteger> asked = new ConcurrentHashMap<>();
    private HttpClient http;
    private String lead;

    /** One measured shape: when each advance was sent and answered, keyed by session and the time asked. */
    private static final class Shape {
        final String name;
        final Map<String, Long> sentAt = new ConcurrentHashMap<>();
        final List<Long> http = Collections.synchronizedList(new ArrayList<>());
        final List<Long> frames = new ArrayList<>();
        int expected;
        int failed;
        Map<String, long[]> stages;
        /** Bare Kafka produce → consume on the same broker, measured just before the shape. */
        List<Long> bare;
        /** The CPU the shape's rounds used, from the first request to the last frame awaited. */
        MeasuredWindow.Cpu cpu;
        /** Advances a round makes at once: the burst's size, or the 8 leads. */
        int atOnce;

        Shape(String name) {
            this.name = name;
        }
    }

    @Test
    void run() throws Exception {
        port = ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
        base = "http://localhost:" + port;
        lead = token("alice");
        int sessions = Math.max(LEAD_SESSIONS, CURVE.stream().mapToInt(Integer::intValue).max().orElse(0));
        schedule(sessions);
        // Before the first measured shape, both shapes run unmeasured until the JIT compiler has finished with them: on 2
        // cores the compiler otherwise takes a quarter of the machine through the first shapes. Each slice starts with
        // a burst (two rounds over the 100 sessions): with the 8-leads shape alone, the first measured burst (its own
        // connections, a hundred requests at once) made the compiled code give up assumptions it had made (JFR, stop 39:
        // 106 deoptimizations in its first 10 s, against 3–13 in the 10 s before) and compile again under the shapes.
        WarmUp.run("LiveBench", warmUp -> {
            long ends = System.nanoTime() + warmUp.toNanos();
            burst("warm-up burst", ids.subList(0, LEAD_SESSIONS), 2);
            while (System.nanoTime() < ends) {
                leads("warm-up", ids.subList(0, LEAD_SESSIONS));
            }
        }, "both shapes");

        List<Shape> shapes = new ArrayList<>();
        for (int n : CURVE) {
            shapes.add(burst("burst of " + n, ids.subList(0, n)));
        }
        shapes.add(leads("8 leads over " + LEAD_SESSIONS, ids.subList(0, LEAD_SESSIONS)));

        // The crowd: idle panel sockets from another process, first 1,000 (and the 100-session burst again), then all.
        long heapBefore = heapAfterGc();
        int roomBefore = room.connections();
        String crowdInfo;
        Shape withCrowd = null;
        long heapCrowd;
        int held;
        try (Crowd crowd = new Crowd(port, ids.subList(0, LEAD_SESSIONS), token("bob"))) {
            int opened = crowd.open(Math.min(CROWD, CROWD_FOR_BURST));
            if (CURVE.contains(100)) {
                withCrowd = burst("burst of 100 with " + opened + " more sockets", ids.subList(0, 100));
            }
            long t0 = System.nanoTime();
            crowd.open(CROWD - Math.min(CROWD, CROWD_FOR_BURST));
            double seconds = (System.nanoTime() - t0) / 1e9;
            heapCrowd = heapAfterGc();
            // The room's sockets but this JVM's measuring ones still open: the server closes a panel socket when its
            // bearer token expires, and a long warm-up lets the measuring sockets' tokens run out meanwhile (stop 38's
            // first run counted 600 of them as crowd sockets missing).
            int measuringOpen = measuringSocketsOpen();
            held = room.connections() - measuringOpen;
            crowdInfo = String.format("crowd: %d sockets held by this instance (%d asked for, %d refused), the last %d "
                    + "opened in %.1f s; the room held %d before it, %d of the measuring sockets still open", held,
                    CROWD, crowd.refused, CROWD - Math.min(CROWD, CROWD_FOR_BURST), seconds, roomBefore,
                    measuringOpen);
        }
        if (withCrowd != null) {
            shapes.add(withCrowd);
        }
        watchers.values().forEach(list -> list.forEach(LiveClient::close));

        System.out.println();
        System.out.println("=== Live room benchmark (3 panelists + 1 candidate per session on WebSockets; frames at "
                + "each of them after the lead's advance; analytics consumer in this JVM: "
                + Boolean.getBoolean("bench.live-all-roles") + ") ===");
        System.out.println("shape                                   | frames      |  p50 |  p99 |  max | bare p50/p99 | "
                + "p50/bare p99 | p99/bare p99 | HTTP p50/p99 | relay p50/p99 | kafka p50/p99 | fan-out p50/p99");
        for (Shape shape : shapes) {
            long p50 = pct(shape.frames, 50);
            long p99 = pct(shape.frames, 99);
            long bareP99 = Math.max(1, pct(shape.bare, 99));
            System.out.printf("%-40s| %5d/%-5d | %4d | %4d | %4d | %5d/%-6d | %12.1f | %12.1f | %5d/%-6d | %6d/%-6d "
                    + "| %6d/%-6d | %6d/%d%n", shape.name, shape.frames.size(), shape.expected, p50, p99,
                    pct(shape.frames, 100), pct(shape.bare, 50), bareP99, p50 / (double) bareP99, p99 / (double) bareP99,
                    pct(shape.http, 50), pct(shape.http, 99), shape.stages.get("relay")[0], shape.stages.get("relay")[1],
                    shape.stages.get("kafka")[0], shape.stages.get("kafka")[1], shape.stages.get("fan-out")[0],
                    shape.stages.get("fan-out")[1]);
        }
        System.out.println("inside the relay stage (p50/p99 ms): a commit here -> the relay's next batch (wake), "
                + "reading the unsent rows (select), a row handed to Kafka until it is answered "
                + "(produce-ack), marking what settled as sent (mark)");
        for (Shape shape : shapes) {
            System.out.printf("%-40s| wake %4d/%-4d | select %4d/%-4d | produce-ack %4d/%-4d | mark %4d/%d%n", shape.name,
                    shape.stages.get("wake")[0], shape.stages.get("wake")[1], shape.stages.get("select")[0],
                    shape.stages.get("select")[1], shape.stages.get("produce-ack")[0], shape.stages.get("produce-ack")[1],
                    shape.stages.get("mark")[0], shape.stages.get("mark")[1]);
        }
        System.out.println("the machine's work per advance (CPU ms over the shape's rounds, from the first request to the "
                + "last frame, divided by the advances): the server's JVM (with its compiler and collector), the bench's "
                + "clients in this JVM, the broker, PostgreSQL; the machine's cores busy meanwhile; and what a round's "
                + "advances made at once cost the server, broker and PostgreSQL together, spread over 2 cores: the "
                + "earliest the last frame of a round could arrive were nothing else running and no core ever idle");
        for (Shape shape : shapes) {
            MeasuredWindow.Cpu cpu = shape.cpu;
            double advances = Math.max(1, shape.sentAt.size());
            double machine = (cpu.server() + cpu.broker() + cpu.postgres()) / 1e6 / advances;
            System.out.printf("%-40s| server %5.2f | clients %5.2f | broker %5.2f | PostgreSQL %5.2f | = %5.2f ms "
                    + "without the clients | cores busy %4.2f | %3d at once on 2 cores: %5.1f ms%n", shape.name,
                    cpu.server() / 1e6 / advances, cpu.client() / 1e6 / advances, cpu.broker() / 1e6 / advances,
                    cpu.postgres() / 1e6 / advances, machine,
                    (cpu.jvm() + cpu.broker() + cpu.postgres()) / (double) cpu.wall(), shape.atOnce,
                    machine * shape.atOnce / 2);
        }
        System.out.println("(stages from the instance's panel_live_stage histograms: upper bounds of their buckets; failed "
                + "advances: " + shapes.stream().mapToInt(s -> s.failed).sum() + ")");
        System.out.println(crowdInfo);
        System.out.printf("heap after a full GC: %.0f MiB before the crowd, %.0f MiB with it (%.1f KiB per socket, server "
                + "side only; the %d measuring sockets' client side is in this JVM too)%n", heapBefore / 1048576.0,
                heapCrowd / 1048576.0, (heapCrowd - heapBefore) / 1024.0 / Math.max(1, held), roomBefore);
        System.out.println();
    }

    /** Schedules and starts the sessions, and connects 3 panelists and the candidate to each. */
    private void schedule(int count) throws Exception {
        List<Map<String, Object>> bank = given().auth().oauth2(lead).queryParam("category", "kafka/basics")
                .get("/api/questions").then().statusCode(200).extract().jsonPath().getList("items");
        String set = given().auth().oauth2(lead).contentType("application/json")
                .body(Map.of("name", "Live bench " + UUID.randomUUID(), "items",
                        bank.stream().limit(3).map(q -> Map.of("questionId", q.get("id"))).toList()))
                .post("/api/question-sets").then().statusCode(201).extract().path("id");
        Map<String, String> tokens = new HashMap<>();
        WATCHING.forEach(user -> tokens.put(user, token(user)));
        for (int i = 0; i < count; i++) {
            var scheduled = given().auth().oauth2(lead).contentType("application/json")
                    .body(Map.of("position", "Bench", "candidate", Map.of("name", "Bench Candidate", "email", "b@example.test"),
                            "questionSetId", set, "panel", List.of("alice", "bob", "carol", "dave"),
                            "scheduledAt", Instant.now().toString()))
                    .post("/api/sessions").then().statusCode(201).extract().jsonPath();
            String id = scheduled.getString("id");
            String link = scheduled.getString("candidateLink");
            String cookie = given().redirects().follow(false).get("/join/" + link.substring(link.lastIndexOf('/') + 1))
                    .getCookie("panel_candidate");
            List<LiveClient> others = new ArrayList<>();
            for (String user : WATCHING) {
                others.add(watcher(id, tokens.get(user)));
            }
            others.add(LiveClient.candidate(port, cookie));
            ids.add(id);
            watchers.put(id, others);
            asked.put(id, new AtomicInteger());
        }
        await().atMost(Duration.ofSeconds(120)).until(() -> room.connections() >= count * 4);
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(Executors.newFixedThreadPool(LEADS))
                .build();
        for (String id : ids) {
            post(http, base + "/api/sessions/" + id + "/start", "{}", lead);
            asked.get(id).incrementAndGet();
        }
        awaitQuestionFrames(ids);
    }

    /** A panel socket watching a session, and the token it was opened with. */
    private LiveClient watcher(String sessionId, String bearer) throws Exception {
        LiveClient client = LiveClient.panel(port, sessionId, bearer);
        bearers.put(client, bearer);
        return client;
    }

    /**
     * Reopens each panel watcher whose token is no longer the one {@code Tokens} hands out: the server closes a panel
     * socket when its token expires (5 minutes), and a warm-up may take 4, so a watcher opened before it would close in
     * the middle of a shape and its frames would never come (stop 38: a run waited on them until it was stopped; another
     * counted 600 closed watchers as crowd sockets missing). A token handed out has at least half its life left, more
     * than a shape takes.
     */
    private void renewWatchers(List<String> sessions) throws Exception {
        Map<String, String> current = new HashMap<>();
        WATCHING.forEach(user -> current.put(user, token(user)));
        List<LiveClient> reopened = new ArrayList<>();
        for (String id : sessions) {
            List<LiveClient> list = watchers.get(id);
            for (int i = 0; i < WATCHING.size(); i++) {
                String bearer = current.get(WATCHING.get(i));
                LiveClient old = list.get(i);
                if (!bearer.equals(bearers.get(old)) || old.closeCode() != null) {
                    old.close();
                    bearers.remove(old);
                    askedBefore.remove(old);
                    list.set(i, watcher(id, bearer));
                    askedBefore.put(list.get(i), asked.get(id).get());
                    reopened.add(list.get(i));
                }
            }
        }
        if (!reopened.isEmpty()) {
            await().atMost(Duration.ofSeconds(120)).until(() -> reopened.stream()
                    .allMatch(c -> c.closeCode() == null && !c.frames("snapshot").isEmpty()));
            System.out.printf("LiveBench: %d watchers reopened with fresh tokens%n", reopened.size());
        }
    }

    /** Every session's lead advances at the same moment, ROUNDS times. */
    private Shape burst(String name, List<String> sessions) throws Exception {
        return burst(name, sessions, ROUNDS);
    }

    private Shape burst(String name, List<String> sessions, int rounds) throws Exception {
        Shape shape = new Shape(name);
        renewWatchers(sessions);
        lead = token("alice"); // the realm's access tokens live 5 minutes, and a warm-up may take 4
        shape.bare = bareProduceConsume();
        Map<String, long[]> before = StageTimers.read(registry, STAGES);
        ExecutorService leads = Executors.newFixedThreadPool(sessions.size());
        // the client's own threads complete the responses the leads' threads wait for
        ExecutorService responses = Executors.newFixedThreadPool(4);
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(responses).build();
        shape.atOnce = sessions.size();
        MeasuredWindow.Cpu cpu = MeasuredWindow.Cpu.now(LiveBench::clientThread);
        try {
            for (int round = 0; round < rounds; round++) {
                CountDownLatch go = new CountDownLatch(1);
                List<Future<?>> sent = new ArrayList<>();
                for (String id : sessions) {
                    sent.add(leads.submit(() -> {
                        go.await();
                        advance(client, shape, id);
                        return null;
                    }));
                }
                go.countDown();
                for (Future<?> f : sent) {
                    f.get();
                }
                awaitQuestionFrames(sessions);
            }
            shape.cpu = MeasuredWindow.Cpu.now(LiveBench::clientThread).minus(cpu); // before the leads' threads end
        } finally {
            leads.shutdownNow();
            responses.shutdownNow();
        }
        return measured(shape, sessions, before);
    }

    /** 8 leads advance their sessions one request after another, each session ROUNDS times. */
    private Shape leads(String name, List<String> sessions) throws Exception {
        Shape shape = new Shape(name);
        renewWatchers(sessions);
        lead = token("alice"); // the realm's access tokens live 5 minutes, and a warm-up may take 4
        shape.bare = bareProduceConsume();
        Map<String, long[]> before = StageTimers.read(registry, STAGES);
        ExecutorService pool = Executors.newFixedThreadPool(LEADS);
        shape.atOnce = LEADS;
        MeasuredWindow.Cpu cpu = MeasuredWindow.Cpu.now(LiveBench::clientThread);
        try {
            for (int round = 0; round < ROUNDS; round++) {
                List<Future<?>> sent = new ArrayList<>();
                for (String id : sessions) {
                    sent.add(pool.submit(() -> {
                        advance(http, shape, id);
                        return null;
                    }));
                }
                for (Future<?> f : sent) {
                    f.get();
                }
                awaitQuestionFrames(sessions);
            }
            shape.cpu = MeasuredWindow.Cpu.now(LiveBench::clientThread).minus(cpu);
        } finally {
            pool.shutdownNow();
        }
        return measured(shape, sessions, before);
    }

    private void advance(HttpClient client, Shape shape, String id) {
        int next = asked.get(id).get() % 2 == 1 ? 2 : 1;
        long t0 = System.nanoTime();
        try {
            String askedAt = post(client, base + "/api/sessions/" + id + "/advance", "{\"to\":\"" + next + "\"}", lead);
            shape.http.add((System.nanoTime() - t0) / 1_000_000);
            shape.sentAt.put(id + "@" + askedAt, t0);
            asked.get(id).incrementAndGet();
        } catch (Exception e) {
            synchronized (shape) {
                shape.failed++;
            }
        }
    }

    /** The latency of each question frame the shape's advances caused, at each participant. */
    private Shape measured(Shape shape, List<String> sessions, Map<String, long[]> before) {
        Map<String, long[]> after = StageTimers.read(registry, STAGES);
        shape.stages = new HashMap<>();
        for (String stage : STAGES) {
            shape.stages.put(stage, StageTimers.percentiles(before.get(stage), after.get(stage)));
        }
        for (String id : sessions) {
            for (LiveClient watcher : watchers.get(id)) {
                for (LiveClient.Received r : watcher.received()) {
                    if (!"question".equals(r.frame().path("type").asText())) {
                        continue;
                    }
                    var data = r.frame().path("data");
                    String askedAt = data.has("currentQuestion") ? data.path("currentQuestion").path("askedAt").asText()
                            : data.path("askedAt").asText();
                    Long t0 = shape.sentAt.get(id + "@" + normalize(askedAt));
                    if (t0 != null) {
                        shape.frames.add((r.nanos() - t0) / 1_000_000);
                    }
                }
            }
        }
        shape.expected = shape.sentAt.size() * (WATCHING.size() + 1);
        // Measured: the watchers let go of the frames, so the heap figures show the server's sockets, not the frames
        // the measuring clients in this JVM collected over a long warm-up (579 MiB with the crowd before, after 95 s).
        watchers.values().forEach(list -> list.forEach(LiveClient::forget));
        return shape;
    }

    /**
     * The bench's own threads in this JVM: the test's thread, the leads' pools, the HTTP and WebSocket clients'
     * threads, Awaitility's poller.
     */
    private static boolean clientThread(String name) {
        return name.equals("main") || name.startsWith("pool-") || name.startsWith("HttpClient-")
                || name.startsWith("awaitility");
    }

    /** This JVM's measuring sockets the server has not closed. */
    private int measuringSocketsOpen() {
        return (int) watchers.values().stream().flatMap(List::stream).filter(c -> c.closeCode() == null).count();
    }

    /** The crowd's process: idle panel sockets opened on request. */
    private static final class Crowd implements AutoCloseable {
        private final Process process;
        private final BufferedReader out;
        private final OutputStreamWriter in;
        int refused;

        Crowd(int port, List<String> sessions, String bearer) throws Exception {
            String java = ProcessHandle.current().info().command().orElse("java");
            ProcessBuilder builder = new ProcessBuilder(java, "-Xmx1g", "-cp", System.getProperty("java.class.path"),
                    SocketHerd.class.getName(), String.valueOf(port), String.join(",", sessions))
                    .redirectError(ProcessBuilder.Redirect.INHERIT);
            builder.environment().put("HERD_TOKEN", bearer);
            process = builder.start();
            out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        }

        /** Opens this many more sockets; returns how many the crowd holds. */
        int open(int more) throws Exception {
            in.write("open " + more + "\n");
            in.flush();
            String[] answer = out.readLine().split(" ");
            refused = Integer.parseInt(answer[2]);
            return Integer.parseInt(answer[1]);
        }

        @Override
        public void close() throws Exception {
            in.write("close\n");
            in.flush();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    private static String post(HttpClient http, String url, String body, String token) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        var json = JSON.readTree(r.body());
        return normalize(json.path("currentItem").path("askedAt").asText());
    }

    /**
     * Millisecond precision, after rounding to the microsecond as the JDBC driver does: the response carries the JVM's
     * nanoseconds, a candidate frame the microseconds the database keeps; rounding first keeps an instant a few hundred
     * nanoseconds before a millisecond boundary in the same millisecond on both sides.
     */
    private static String normalize(String instant) {
        try {
            Instant exact = Instant.parse(instant);
            return Instant.ofEpochSecond(exact.getEpochSecond()).plusNanos(Math.round(exact.getNano() / 1000.0) * 1000)
                    .truncatedTo(java.time.temporal.ChronoUnit.MILLIS).toString();
        } catch (Exception e) {
            return instant;
        }
    }

    /** Heap in use right after a full collection (MemoryMXBean.gc() returns once it is done). */
    private static long heapAfterGc() {
        ManagementFactory.getMemoryMXBean().gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** Waits until every participant of these sessions has a question frame for every question asked so far. */
    private void awaitQuestionFrames(List<String> sessions) {
        try {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20)).until(() -> sessions.stream()
                    .allMatch(
                            id -> watchers.get(id).stream().allMatch(c -> c.count("question")
                                    + askedBefore.getOrDefault(c, 0) >= asked.get(id).get())));
        } catch (ConditionTimeoutException e) {
            // Missing frames show in "frames".
        }
    }

    /** The bare baselines' topic, created once a run (see {@link #bareProduceConsume}). */
    private static String bareTopic;

    private static List<Long> bareProduceConsume() throws Exception {
        if (bareTopic == null) {
            bareTopic = BareTopics.create("bench.live.");
        }
        String topic = bareTopic;
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, Stack.kafkaBootstrap());
        c.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "50"); // as the live consumer
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, Stack.kafkaBootstrap());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "1");
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        List<long[]> timed = new ArrayList<>(); // latency, place in the sequence, partition
        int n = 500;
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(c, new StringDeserializer(),
                new StringDeserializer());
                KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(),
                        new StringSerializer())) {
            // One topic for every baseline of the run, its partitions assigned (no group), read from its end, as Kafka's
            // own EndToEndLatency tool reads. Until stop 38 each baseline created a topic and joined a new group; once
            // a run had made a few dozen topics, a whole 10 ms tick of records (every partition) arrived 60-150 ms late
            // about 380 ms after the first was sent, in baseline after baseline (stop 39's diagnostic runs: 43 of 54
            // baselines, all but the first 11; with the partitions assigned instead of the group, all but the first
            // 31), so the bare p99 was 55-100 ms where its p50 was 2 ms. Why the broker stalls after many new topics is
            // not known; the live room's path is one long-lived topic, which this now is too.
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            // Both clients ready before the first timed record (the consumer's start offsets looked up, the producer's
            // metadata for the topic fetched), so no timed record waits for them: with 500 records the p99 is the 5th
            // slowest.
            partitions.forEach(consumer::position);
            producer.send(new ProducerRecord<>(topic, BareTopics.READY, BareTopics.READY)).get(30, TimeUnit.SECONDS);
            // The producer runs beside the polling consumer at a steady pace, as the live fan-out sees it.
            // 10 records every 10 ms, sent beside the polling consumer.
            AtomicInteger sent = new AtomicInteger();
            ScheduledExecutorService sender = Executors.newSingleThreadScheduledExecutor();
            sender.scheduleAtFixedRate(() -> {
                for (int k = 0; k < 10 && sent.get() < n; k++) {
                    int i = sent.getAndIncrement();
                    producer.send(new ProducerRecord<>(topic, "k" + (i % LEAD_SESSIONS), i + ":" + System.nanoTime()));
                }
            }, 0, 10, TimeUnit.MILLISECONDS);
            long until = System.currentTimeMillis() + 30_000;
            while (latencies.size() < n && System.currentTimeMillis() < until) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(10))) {
                    if (BareTopics.READY.equals(r.key())) {
                        continue;
                    }
                    int colon = r.value().indexOf(':');
                    long latency = (System.nanoTime() - Long.parseLong(r.value().substring(colon + 1))) / 1_000_000;
                    latencies.add(latency);
                    timed.add(new long[] { latency, Long.parseLong(r.value().substring(0, colon)), r.partition() });
                }
            }
            sender.shutdownNow();
            sender.awaitTermination(10, TimeUnit.SECONDS);
        }
        // Which records the bare p99 comes from (-Dbench.live-bare-slowest=true).
        if (Boolean.getBoolean("bench.live-bare-slowest")) {
            timed.sort((a, b) -> Long.compare(b[0], a[0]));
            System.out.printf("LiveBench: bare Kafka's 8 slowest of %d records (ms, the record's place in the sequence, "
                    + "its partition): %s%n", latencies.size(),
                    timed.stream().limit(8)
                            .map(x -> x[0] + " #" + x[1] + " p" + x[2]).collect(Collectors.joining(" · ")));
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
