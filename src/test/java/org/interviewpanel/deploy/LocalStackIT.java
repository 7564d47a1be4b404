package org.interviewpanel.deploy;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The README's first command: {@code deploy/local/stack.sh up} brings up PostgreSQL, Kafka, Keycloak and the packaged
 * app, which then answers with real tokens; {@code down} leaves none of its processes behind. Runs on free ports and
 * its own state folder, so it does not disturb a stack a developer has running. Its PostgreSQL port is one where no
 * server answers, so it proves the fallback a fresh machine takes: a private cluster from Maven Central's binaries.
 */
class LocalStackIT {

    static final Path PROJECT = Path.of(System.getProperty("panel.test.project-dir", "."));

    @Test
    void upBringsEverythingUpAndDownLeavesNothingBehind() throws Exception {
        Path state = PROJECT.resolve("target/local-stack-it");
        int app = freePort();
        int keycloak = freePort();
        int postgres = freePort();
        int management = freePort();
        int smtp = freePort();
        int mailApi = freePort();
        Map<String, String> env = Map.ofEntries(Map.entry("PANEL_LOCAL_DIR", state.toString()),
                Map.entry("PANEL_APP_PORT", String.valueOf(app)),
                Map.entry("PANEL_MANAGEMENT_PORT", String.valueOf(management)),
                Map.entry("PANEL_KEYCLOAK_PORT", String.valueOf(keycloak)),
                Map.entry("PANEL_KAFKA_PORT", String.valueOf(freePort())),
                Map.entry("PANEL_KAFKA_CONTROLLER_PORT", String.valueOf(freePort())),
                Map.entry("PANEL_DB_NAME", "panel_stack_it"), Map.entry("PANEL_PG_PORT", String.valueOf(postgres)),
                Map.entry("PANEL_SMTP_PORT", String.valueOf(smtp)),
                Map.entry("PANEL_IMAP_PORT", String.valueOf(freePort())),
                Map.entry("PANEL_MAIL_API_PORT", String.valueOf(mailApi)));
        List<Long> pids = new ArrayList<>();
        try {
            long started = System.nanoTime();
            assertThat(stack("up", env)).isZero();
            System.out.printf("LocalStackIT: stack.sh up took %.1f s%n", (System.nanoTime() - started) / 1e9);
            pids.addAll(recordedPids(state));
            assertThat(pids).hasSize(5); // PostgreSQL (from Maven's binaries), Kafka, Keycloak, GreenMail, the app

            given().baseUri("http://localhost:" + management).get("/q/health/ready").then().statusCode(200)
                    .body("status", equalTo("UP"));
            String token = given().baseUri("http://localhost:" + keycloak)
                    .formParam("grant_type", "password").formParam("client_id", "panel-cli")
                    .formParam("username", "root").formParam("password", "root")
                    .post("/realms/interview-panel/protocol/openid-connect/token")
                    .then().statusCode(200).extract().path("access_token");
            given().baseUri("http://localhost:" + app).auth().oauth2(token).get("/api/me").then().statusCode(200)
                    .body("roles[0]", equalTo("admin"));
            given().baseUri("http://localhost:" + app).auth().oauth2(token).get("/api/questions/categories")
                    .then().statusCode(200).body("size()", equalTo(12));

            // Scheduling mails the candidate through the stack's SMTP server; the inbox is readable where up said.
            String question = given().baseUri("http://localhost:" + app).auth().oauth2(token)
                    .queryParam("category", "kafka/basics").get("/api/questions").then().statusCode(200).extract()
                    .path("items[0].id");
            String set = given().baseUri("http://localhost:" + app).auth().oauth2(token).contentType("application/json")
                    .body(Map.of("name", "Local stack kit", "items", List.of(Map.of("questionId", question))))
                    .post("/api/question-sets").then().statusCode(201).extract().path("id");
            String candidate = "local-stack-" + System.nanoTime() + "@example.test";
            given().baseUri("http://localhost:" + app).auth().oauth2(token).contentType("application/json")
                    .body(Map.of("position", "Local stack check", "candidate", Map.of("name", "Lou Local", "email",
                            candidate), "questionSetId", set, "panel", List.of("alice"), "lead", "alice",
                            "scheduledAt", java.time.Instant.now().plusSeconds(86400).toString(),
                            "meetingUrl", "https://meet.example.com/local"))
                    .post("/api/sessions").then().statusCode(201);
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60)).until(() -> given()
                    .baseUri("http://127.0.0.1:" + mailApi).get("/api/user/" + candidate + "/messages/INBOX").then()
                    .extract().asString().contains("Your interview for Local stack check"));

            // The command-line import against the same database: the real folder changes nothing, a broken one fails.
            List<String> java = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Dquarkus.profile=local", "-Dquarkus.http.port=0", "-Dquarkus.management.port=0",
                    "-Dquarkus.datasource.jdbc.url=jdbc:postgresql://127.0.0.1:" + postgres + "/panel_stack_it",
                    "-Dkafka.bootstrap.servers=localhost:" + env.get("PANEL_KAFKA_PORT"),
                    "-Dpanel.keycloak.url=http://localhost:" + keycloak,
                    "-jar", PROJECT.resolve("target/quarkus-app/quarkus-run.jar").toString(), "import-questions");
            Command clean = run(java, PROJECT.resolve("questions").toString());
            assertThat(clean.exit()).isZero();
            assertThat(clean.output()).contains("imported=0 updated=0 retired=0 errors=0");
            Path broken = Files.createDirectories(state.resolve("broken-bank/kafka"));
            Files.writeString(broken.resolve("01-bad.yaml"), "category:\n  key: \"kafka/basics\"\n");
            Command failing = run(java, broken.getParent().toString());
            assertThat(failing.exit()).isEqualTo(1);
            assertThat(failing.output()).contains("kafka/01-bad.yaml:");

            // Running it again is safe: everything is already up.
            assertThat(stack("up", env)).isZero();
            assertThat(recordedPids(state)).containsExactlyInAnyOrderElementsOf(pids);
        } finally {
            assertThat(stack("down", env)).isZero();
        }
        for (long pid : pids) {
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("PID %d", pid).isFalse();
        }
        for (int port : List.of(app, management, keycloak, postgres, smtp, mailApi)) {
            assertThat(listening(port)).as("port %d still answers", port).isFalse();
        }
        assertThat(ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains(state.toString())).orElse(false))
                .toList()).as("processes of the stack still running").isEmpty();
    }

    private static int stack(String command, Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("bash", PROJECT.resolve("deploy/local/stack.sh").toString(), command)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.INHERIT);
        builder.environment().putAll(env);
        Process process = builder.start();
        if (!process.waitFor(8, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("stack.sh " + command + " did not finish");
        }
        return process.exitValue();
    }

    record Command(int exit, String output) {
    }

    private static Command run(List<String> command, String argument) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>(command);
        full.add(argument);
        Process process = new ProcessBuilder(full).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("did not finish: " + full);
        }
        return new Command(process.exitValue(), output);
    }

    private static List<Long> recordedPids(Path state) throws IOException {
        try (Stream<Path> files = Files.list(state.resolve("pids"))) {
            List<Long> pids = new ArrayList<>();
            for (Path file : files.toList()) {
                pids.add(Long.parseLong(Files.readString(file).strip()));
            }
            return pids;
        }
    }

    private static boolean listening(int port) {
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() {
        return org.interviewpanel.testsupport.Ports.free();
    }
}
