package org.interviewpanel.deploy;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.interviewpanel.testsupport.EventStream;
import org.interviewpanel.testsupport.LiveClient;
import org.junit.jupiter.api.Test;

/**
 * The scaling story on one machine: {@code deploy/local/stack.sh up --replicas 2} runs two web instances behind HAProxy
 * and an analytics-only instance on one broker and database. Live sessions spread over both web instances; the one
 * that relays the outbox is killed with {@code kill -9} mid-session; its sockets reconnect through the balancer to the
 * survivor, the lead goes on advancing, the survivor takes over the relay, and nothing is lost or counted twice: every
 * outbox row is on the topic and processed once by analytics, and analytics counts each question asked once.
 */
class ReplicatedStackIT {

    static final Path PROJECT = Path.of(System.getProperty("panel.test.project-dir", "."));
    static final int SESSIONS = 6;
    static final int QUESTIONS = 4;

    record Web(int port, int management, String name) {
        String metrics() {
            return given().baseUri("http://localhost:" + management).get("/q/metrics").then().statusCode(200).extract()
                    .asString();
        }

        double metric(String series) {
            return metrics().lines().filter(l -> l.startsWith(series + " ") || l.startsWith(series + "{"))
                    .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
        }
    }

    @Test
    void aWebReplicaKilledMidSessionLosesNothing() throws Exception {
        Path state = PROJECT.resolve("target/replicated-stack-it");
        deleteRecursively(state);
        int balancer = freePort();
        int keycloak = freePort();
        int kafka = freePort();
        int base = freeBlock();
        String database = "panel_replicas_" + System.currentTimeMillis();
        Map<String, String> env = Map.ofEntries(Map.entry("PANEL_LOCAL_DIR", state.toString()),
                Map.entry("PANEL_APP_PORT", String.valueOf(balancer)),
                Map.entry("PANEL_MANAGEMENT_PORT", String.valueOf(freePort())),
                Map.entry("PANEL_KEYCLOAK_PORT", String.valueOf(keycloak)),
                Map.entry("PANEL_KAFKA_PORT", String.valueOf(kafka)),
                Map.entry("PANEL_KAFKA_CONTROLLER_PORT", String.valueOf(freePort())),
                Map.entry("PANEL_DB_NAME", database),
                Map.entry("PANEL_REPLICA_BASE_PORT", String.valueOf(base)),
                Map.entry("PANEL_SMTP_PORT", String.valueOf(freePort())),
                Map.entry("PANEL_IMAP_PORT", String.valueOf(freePort())),
                Map.entry("PANEL_MAIL_API_PORT", String.valueOf(freePort())));
        List<Web> web = List.of(new Web(base + 2, base + 3, "app-1"), new Web(base + 4, base + 5, "app-2"));
        Map<String, LiveClient> sockets = new HashMap<>();
        try {
            assertThat(stack(env, "up", "--replicas", "2")).isZero();
            String url = "http://localhost:" + balancer;
            String kc = "http://localhost:" + keycloak;

            // Sessions scheduled and started through the balancer; bob's room socket for each, also through it.
            List<String> sessions = new ArrayList<>();
            for (int i = 0; i < SESSIONS; i++) {
                String id = schedule(url, kc, i);
                given().baseUri(url).auth().oauth2(token(kc, "alice")).contentType("application/json").body("{}")
                        .post("/api/sessions/" + id + "/start").then().statusCode(200);
                sessions.add(id);
            }
            String bob = token(kc, "bob");
            for (String id : sessions) {
                sockets.put(id, LiveClient.panel(balancer, id, bob));
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> sockets.values().stream()
                    .allMatch(s -> !s.frames("snapshot").isEmpty()));
            for (Web w : web) {
                assertThat(w.metric("panel_live_connections")).as("sockets on %s", w.name()).isPositive();
            }

            // Kill the instance that relays, mid-session.
            await().atMost(Duration.ofSeconds(15)).until(() -> web.stream()
                    .filter(w -> w.metric("panel_outbox_relay_leader") == 1.0).count() == 1);
            Web relay = web.stream().filter(w -> w.metric("panel_outbox_relay_leader") == 1.0).findFirst().orElseThrow();
            Web survivor = relay == web.get(0) ? web.get(1) : web.get(0);
            long pid = Long.parseLong(Files.readString(state.resolve("pids/" + relay.name() + ".pid")).strip());
            long killed = System.nanoTime();
            assertThat(new ProcessBuilder("kill", "-9", String.valueOf(pid)).start().waitFor()).isZero();

            // Sockets that lost their instance reconnect through the balancer, as the console does.
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
                for (String id : sessions) {
                    LiveClient socket = sockets.get(id);
                    if (socket.closeCode() != null) {
                        try {
                            sockets.put(id, LiveClient.panel(balancer, id, bob));
                        } catch (RuntimeException e) {
                            return false; // the balancer has not yet noticed; try again
                        }
                    }
                }
                return sockets.values().stream().allMatch(s -> s.closeCode() == null && !s.frames("snapshot").isEmpty());
            });
            double reconnected = (System.nanoTime() - killed) / 1e9;

            // The lead goes on advancing through the balancer; every room hears of it.
            String alice = token(kc, "alice");
            for (String id : sessions) {
                int before = sockets.get(id).frames("question").size();
                given().baseUri(url).auth().oauth2(alice).contentType("application/json").body(Map.of("to", "next"))
                        .post("/api/sessions/" + id + "/advance").then().statusCode(200);
                // 45 s: a delay shows in the printed timings; a frame that never comes still fails
                await().alias("session " + id + "'s next question after the takeover").atMost(Duration.ofSeconds(45))
                        .until(() -> sockets.get(id).frames("question").size() > before);
            }
            double recovered = (System.nanoTime() - killed) / 1e9;
            await().atMost(Duration.ofSeconds(15)).until(() -> survivor.metric("panel_outbox_relay_leader") == 1.0);
            double relayed = (System.nanoTime() - killed) / 1e9;
            System.out.printf("ReplicatedStackIT: after kill -9 of the relaying instance: sockets back %.1f s, every "
                    + "room's next question delivered %.1f s, the survivor relays by %.1f s%n", reconnected,
                    recovered, relayed);

            // Nothing lost, nothing counted twice: once the outbox is quiet (presence events follow reconnects by a few
            // seconds), every row is sent, on the topic once or more, and processed by analytics exactly once.
            String jdbc = "jdbc:postgresql://127.0.0.1:5432/" + database;
            long[] previous = { -1 };
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(3)).until(() -> {
                long now = count(jdbc, "select count(*) from outbox_event");
                boolean quiet = now == previous[0] && count(jdbc, "select count(*) from outbox_event where sent_at is "
                        + "null") == 0 && count(jdbc, "select count(*) from analytics.processed_event") == now;
                previous[0] = now;
                return quiet;
            });
            long outbox = previous[0];
            long asked = count(jdbc, "select count(*) from outbox_event where type like '%question.asked%'");
            Map<String, Integer> onTopic = topicIds("localhost:" + kafka);
            long resent = onTopic.values().stream().mapToInt(n -> n - 1).sum();
            System.out.printf("ReplicatedStackIT: %d events in the outbox, %d distinct on the topic (%d sent again after "
                    + "the takeover), %d processed by analytics%n", outbox, onTopic.size(), resent,
                    count(jdbc, "select count(*) from analytics.processed_event"));
            assertThat(onTopic).hasSize((int) outbox);
            assertThat(count(jdbc, "select count(*) from analytics.processed_event")).isEqualTo(outbox);
            assertThat(count(jdbc, "select count(*) from analytics.ask_fact")).as("questions asked, counted once")
                    .isEqualTo(asked);
            assertThat(count(jdbc, "select count(*) from analytics.session_fact")).isEqualTo(SESSIONS);
        } finally {
            sockets.values().forEach(LiveClient::close);
            assertThat(stack(env, "down")).isZero();
            try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "panel",
                    "panel"); Statement s = c.createStatement()) {
                s.execute("drop database if exists " + database);
            }
        }
    }

    private static String token(String keycloak, String user) {
        return given().baseUri(keycloak).formParam("grant_type", "password").formParam("client_id", "panel-cli")
                .formParam("username", user).formParam("password", user)
                .post("/realms/interview-panel/protocol/openid-connect/token").then().statusCode(200)
                .extract().path("access_token");
    }

    private static String schedule(String url, String keycloak, int i) {
        String alice = token(keycloak, "alice");
        List<String> questions = given().baseUri(url).auth().oauth2(alice).queryParam("category", "kafka/basics")
                .get("/api/questions").then().statusCode(200).extract().jsonPath().getList("items.id", String.class);
        String set = given().baseUri(url).auth().oauth2(alice).contentType("application/json")
                .body(Map.of("name", "Replicas " + i + " " + System.nanoTime(), "items", questions.stream()
                        .limit(QUESTIONS).map(q -> Map.of("questionId", q)).toList()))
                .post("/api/question-sets").then().statusCode(201).extract().path("id");
        return given().baseUri(url).auth().oauth2(alice).contentType("application/json")
                .body(Map.of("position", "SRE", "candidate", Map.of("name", "Rep Lica", "email", "replica@example.test"),
                        "questionSetId", set, "panel", List.of("alice", "bob"), "scheduledAt", Instant.now().toString()))
                .post("/api/sessions").then().statusCode(201).extract().path("id");
    }

    /** How many times each CloudEvents id is on the topic. */
    private static Map<String, Integer> topicIds(String bootstrap) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "replicated-stack-it-" + System.nanoTime());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        Map<String, Integer> ids = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(EventStream.TOPIC));
            long quietSince = System.nanoTime();
            while (System.nanoTime() - quietSince < TimeUnit.SECONDS.toNanos(5)) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    Header id = record.headers().lastHeader("ce_id");
                    ids.merge(new String(id.value(), StandardCharsets.UTF_8), 1, Integer::sum);
                    quietSince = System.nanoTime();
                }
            }
        }
        return ids;
    }

    private static long count(String jdbc, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(jdbc, "panel", "panel");
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static int stack(Map<String, String> env, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", PROJECT.resolve("deploy/local/stack.sh").toString()));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.INHERIT);
        builder.environment().putAll(env);
        Process process = builder.start();
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("stack.sh " + String.join(" ", arguments) + " did not finish");
        }
        return process.exitValue();
    }

    private static int freePort() {
        return org.interviewpanel.testsupport.Ports.free();
    }

    /** Six consecutive free ports (the analytics instance and two web instances with their management ports). */
    private static int freeBlock() throws IOException {
        for (int start = 21000; start < 60000; start += 10) {
            Set<Integer> taken = new HashSet<>();
            for (int p = start; p < start + 6; p++) {
                try (ServerSocket socket = new ServerSocket(p)) {
                    socket.setReuseAddress(true);
                } catch (IOException e) {
                    taken.add(p);
                }
            }
            if (taken.isEmpty()) {
                return start;
            }
        }
        throw new IOException("no block of six free ports");
    }

    private static void deleteRecursively(Path path) throws IOException {
        if (Files.exists(path)) {
            try (var files = Files.walk(path)) {
                for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
