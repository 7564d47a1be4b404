package org.interviewpanel.events;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.interviewpanel.testsupport.EventStream;
import org.interviewpanel.testsupport.LiveClient;
import org.interviewpanel.testsupport.PanelStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two instances of the packaged app on one database and broker: exactly one relays the outbox; kill it and the other
 * takes over within 10 s, with nothing lost; and the live rooms of both instances follow the same sessions.
 */
class RelayFailoverIT {

    static final Path PROJECT = Path.of(System.getProperty("panel.test.project-dir", "."));
    static final PanelStack STACK = new PanelStack();
    static Map<String, String> config;

    @BeforeAll
    static void startStack() {
        config = STACK.start();
    }

    @AfterAll
    static void stopStack() {
        STACK.stop();
    }

    record Instance(Process process, int port, int managementPort) {
        String url() {
            return "http://localhost:" + port;
        }

        String management() {
            return "http://localhost:" + managementPort;
        }

        boolean relays() {
            String metrics = given().baseUri(management()).get("/q/metrics").then().statusCode(200).extract().asString();
            return metrics.lines().anyMatch(l -> l.startsWith("panel_outbox_relay_leader") && l.endsWith(" 1.0"));
        }
    }

    static Instance launch(String name, String... properties) throws IOException {
        int port = freePort();
        int managementPort = freePort();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dquarkus.profile=local", "-Dquarkus.http.port=" + port, "-Dquarkus.management.port=" + managementPort));
        config.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.addAll(List.of(properties));
        command.addAll(List.of("-jar", PROJECT.resolve("target/quarkus-app/quarkus-run.jar").toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(PROJECT.resolve("target/relay-failover-" + name + ".log").toFile()).start();
        Instance instance = new Instance(process, port, managementPort);
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> given().baseUri(instance.management()).get("/q/health/ready").statusCode() == 200);
        return instance;
    }

    static String token(String user) {
        return given().baseUri(config.get("panel.keycloak.url")).formParam("grant_type", "password")
                .formParam("client_id", "panel-cli").formParam("username", user).formParam("password", user)
                .post("/realms/interview-panel/protocol/openid-connect/token").then().statusCode(200)
                .extract().path("access_token");
    }

    static String schedule(Instance via) {
        return schedule(via, List.of("alice"), 1);
    }

    static String schedule(Instance via, List<String> panel, int questions) {
        List<String> questionIds = given().baseUri(via.url()).auth().oauth2(token("alice"))
                .queryParam("category", "kafka/basics").get("/api/questions").then().statusCode(200).extract()
                .jsonPath().getList("items.id", String.class);
        String set = given().baseUri(via.url()).auth().oauth2(token("alice")).contentType("application/json")
                .body(Map.of("name", "Failover " + System.nanoTime(), "items", questionIds.stream().limit(questions)
                        .map(q -> Map.of("questionId", q)).toList()))
                .post("/api/question-sets").then().statusCode(201).extract().path("id");
        return given().baseUri(via.url()).auth().oauth2(token("alice")).contentType("application/json")
                .body(Map.of("position", "SRE", "candidate", Map.of("name", "Fail Over", "email", "fail@example.test"),
                        "questionSetId", set, "panel", panel, "scheduledAt", Instant.now().toString()))
                .post("/api/sessions").then().statusCode(201).extract().path("id");
    }

    @Test
    void exactlyOneRelaysAndTheOtherTakesOverWhenItDies() throws Exception {
        Instance a = launch("a");
        Instance b = launch("b");
        try (EventStream stream = new EventStream()) {
            await().atMost(Duration.ofSeconds(15)).until(() -> a.relays() ^ b.relays());
            Instance leader = a.relays() ? a : b;
            Instance standby = leader == a ? b : a;
            assertThat(standby.relays()).isFalse();

            // Changes committed through both instances, the last ones just before the relay dies.
            List<String> sessions = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                sessions.add(schedule(i % 2 == 0 ? leader : standby));
            }
            leader.process().destroyForcibly().waitFor(20, TimeUnit.SECONDS);
            long killed = System.nanoTime();
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).until(standby::relays);
            System.out.printf("RelayFailoverIT: the standby relays %.1f s after the relay was killed%n",
                    (System.nanoTime() - killed) / 1e9);

            for (int i = 0; i < 3; i++) {
                sessions.add(schedule(standby));
            }
            // Nothing lost: every session's scheduled event arrives. Delivery is at-least-once: a batch the dead relay
            // had sent but not yet marked may be sent again by the new one; consumers deduplicate by ce_id.
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                for (String session : sessions) {
                    assertThat(stream.forSession(session).stream().map(EventStream.Event::id).distinct())
                            .as("events of %s", session).hasSize(1);
                }
            });
            Map<String, Integer> ids = new HashMap<>();
            stream.poll().forEach(e -> ids.merge(e.id(), 1, Integer::sum));
            System.out.printf("RelayFailoverIT: %d events, %d sent again after the takeover%n", ids.size(),
                    ids.values().stream().mapToInt(n -> n - 1).sum());
        } finally {
            a.process().destroyForcibly();
            b.process().destroyForcibly();
        }
    }

    @Test
    void theCommandLineRebuildsTheAnalyticsTables() throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dquarkus.profile=local", "-Dquarkus.http.port=" + freePort(), "-Dpanel.analytics.consumer.enabled=false",
                "-Dpanel.events.relay.enabled=false"));
        config.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.addAll(List.of("-jar", PROJECT.resolve("target/quarkus-app/quarkus-run.jar").toString(),
                "rebuild-analytics"));
        Path log = PROJECT.resolve("target/rebuild-analytics-cli.log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("the rebuild command ends").isTrue();
        assertThat(process.exitValue()).as(java.nio.file.Files.readString(log)).isZero();
        assertThat(java.nio.file.Files.readString(log)).containsPattern("rebuild DONE: [0-9]+ events");
    }

    @Test
    void theAnalyticsConsumerCanBeSwitchedOffPerInstance() throws Exception {
        Instance on = launch("analytics-on");
        Instance off = launch("analytics-off", "-Dpanel.analytics.consumer.enabled=false");
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(
                Map.of("bootstrap.servers", config.get("kafka.bootstrap.servers")))) {
            // Both serve; only the first joined the analytics group, and it processes what the other writes. (Members of
            // instances killed by the other tests leave the group only when their session times out: up to 45 s.)
            await().atMost(Duration.ofSeconds(90)).until(() -> admin.describeConsumerGroups(
                    List.of("interview-panel-analytics")).all().get().get("interview-panel-analytics").members()
                    .size() == 1);
            String id = schedule(off);
            String position = given().baseUri(on.url()).auth().oauth2(token("hana")).get("/api/sessions/" + id).then()
                    .statusCode(200).extract().path("position");
            await().atMost(Duration.ofSeconds(90)).until(() -> given().baseUri(off.url()).auth().oauth2(token("hana"))
                    .queryParam("session", id).get("/api/reports/pipeline").then().statusCode(200).extract()
                    .jsonPath().getInt("totals.scheduled") == 1);
            assertThat(position).isNotBlank();
            assertThat(admin.describeConsumerGroups(List.of("interview-panel-analytics")).all().get()
                    .get("interview-panel-analytics").members()).hasSize(1);
        } finally {
            on.process().destroy();
            off.process().destroy();
            on.process().waitFor();
            off.process().waitFor();
        }
    }

    @Test
    void aPanelistOnOneInstanceSeesTheLeadsAdvanceOnTheOtherWithinASecond() throws Exception {
        Instance a = launch("live-a");
        Instance b = launch("live-b");
        try {
            String id = schedule(a, List.of("alice", "bob"), 3);
            try (LiveClient bob = LiveClient.panel(b.port(), id, token("bob"))) {
                await().atMost(Duration.ofSeconds(10)).until(() -> !bob.frames("snapshot").isEmpty());
                given().baseUri(a.url()).auth().oauth2(token("alice")).contentType("application/json").body("{}")
                        .post("/api/sessions/" + id + "/start").then().statusCode(200);
                await().atMost(Duration.ofSeconds(10)).until(() -> !bob.frames("question").isEmpty());
                long before = System.nanoTime();
                given().baseUri(a.url()).auth().oauth2(token("alice")).contentType("application/json")
                        .body(Map.of("to", "next")).post("/api/sessions/" + id + "/advance").then().statusCode(200);
                await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(10)).until(() -> bob.frames("question")
                        .stream().anyMatch(f -> f.path("data").path("position").asInt() == 2));
                System.out.printf("RelayFailoverIT: advance on A reached a panelist on B after %d ms%n",
                        (System.nanoTime() - before) / 1_000_000);
            }
        } finally {
            a.process().destroyForcibly();
            b.process().destroyForcibly();
        }
    }

    private static int freePort() {
        return org.interviewpanel.testsupport.Ports.free();
    }
}
