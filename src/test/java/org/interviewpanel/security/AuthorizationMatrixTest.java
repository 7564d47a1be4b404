package org.interviewpanel.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import org.eclipse.microprofile.config.ConfigProvider;
import org.interviewpanel.testsupport.ConsoleLogin;
import org.interviewpanel.testsupport.Fixtures;
import org.interviewpanel.testsupport.Management;
import org.interviewpanel.testsupport.Tokens;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * Walks {@code security/authorization-matrix.yaml}: every endpoint × every kind of caller → the answer expected. Fails
 * on any unexpected answer (an unexpected allow above all), and on any endpoint of the code or the OpenAPI document
 * that the matrix does not classify. The full run ({@code -Psecurity}) adds the rows marked {@code full}.
 */
@QuarkusTest
class AuthorizationMatrixTest {

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    static final boolean FULL = Boolean.getBoolean("panel.security.full");

    enum Principal {
        anonymous(null),
        candidate(null),
        outsider("dave"),
        panelist("bob"),
        lead("alice"),
        manager("hana"),
        managerOnPanel("ivo"),
        admin("root");

        final String user;

        Principal(String user) {
            this.user = user;
        }
    }

    /** One line of the matrix: what kind of endpoint, its method and path, the fixture, the body, the answers. */
    record Row(String kind, String method, String path, String fixture, JsonNode body, JsonNode expect, boolean full) {
        String key() {
            String bare = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
            return ("ws".equals(kind) ? "WS" : method) + " " + bare;
        }

        List<String> expected(Principal p) {
            JsonNode e = expect.has(p.name()) ? expect.get(p.name()) : expect.get("default");
            List<String> out = new ArrayList<>();
            if (e.isArray()) {
                e.forEach(v -> out.add(v.asText()));
            } else {
                out.add(e.asText());
            }
            return out;
        }
    }

    static List<Row> matrix() throws IOException {
        try (InputStream in = AuthorizationMatrixTest.class.getResourceAsStream("/security/authorization-matrix.yaml")) {
            JsonNode root = YAML.readTree(in);
            List<Row> rows = new ArrayList<>();
            for (String section : List.of("api", "pages", "websockets")) {
                for (JsonNode r : root.path(section)) {
                    String kind = section.equals("websockets") ? "ws" : section;
                    String spec = r.has("op") ? r.get("op").asText()
                            : r.has("page") ? r.get("page").asText()
                                    : "GET " + r.get("ws").asText();
                    String[] parts = spec.split(" ", 2);
                    rows.add(new Row(kind, parts[0], parts[1], r.path("fixture").asText("none"), r.get("body"),
                            r.get("expect"), r.path("full").asBoolean(false)));
                }
            }
            return rows;
        }
    }

    @Test
    void everyEndpointIsInTheMatrix() throws IOException {
        Set<String> classified = new TreeSet<>();
        matrix().forEach(r -> classified.add(r.key()));
        Set<String> endpoints = endpointsInTheCode();
        JsonNode openapi = Management.given().accept("application/json").get("/q/openapi").then().statusCode(200)
                .extract().as(JsonNode.class);
        for (Iterator<Map.Entry<String, JsonNode>> paths = openapi.path("paths").fields(); paths.hasNext();) {
            var path = paths.next();
            path.getValue().fieldNames().forEachRemaining(method -> {
                if (Set.of("get", "post", "put", "delete", "patch").contains(method)) {
                    endpoints.add(method.toUpperCase() + " " + path.getKey());
                }
            });
        }
        Set<String> missing = new TreeSet<>(endpoints);
        missing.removeAll(classified);
        assertThat(missing).as("endpoints with no row in security/authorization-matrix.yaml").isEmpty();
        Set<String> stale = new TreeSet<>(classified);
        stale.removeAll(endpoints);
        assertThat(stale).as("matrix rows for endpoints that do not exist").isEmpty();
    }

    /** Every JAX-RS resource method and WebSocket endpoint of the app, as "METHOD /path". */
    static Set<String> endpointsInTheCode() {
        Set<String> endpoints = new TreeSet<>();
        for (JavaClass type : new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.interviewpanel")) {
            Class<?> c = type.reflect();
            var socket = c.getAnnotation(io.quarkus.websockets.next.WebSocket.class);
            if (socket != null) {
                endpoints.add("WS " + socket.path());
            }
            jakarta.ws.rs.Path base = c.getAnnotation(jakarta.ws.rs.Path.class);
            if (base == null) {
                continue;
            }
            for (Method m : c.getDeclaredMethods()) {
                String verb = verb(m);
                if (verb != null) {
                    jakarta.ws.rs.Path sub = m.getAnnotation(jakarta.ws.rs.Path.class);
                    endpoints.add(verb + " " + join(base.value(), sub == null ? "" : sub.value()));
                }
            }
        }
        return endpoints;
    }

    private static String verb(Method m) {
        for (Class<? extends java.lang.annotation.Annotation> a : List.of(jakarta.ws.rs.GET.class,
                jakarta.ws.rs.POST.class, jakarta.ws.rs.PUT.class, jakarta.ws.rs.DELETE.class,
                jakarta.ws.rs.PATCH.class)) {
            if (m.isAnnotationPresent(a)) {
                return a.getSimpleName();
            }
        }
        return null;
    }

    /** "/reports" + "{name: a|b}.csv" → "/reports/{name}.csv". */
    static String join(String base, String sub) {
        String path = ("/" + base + "/" + sub).replaceAll("/+", "/");
        if (path.length() > 1 && path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        return path.replaceAll("\\{(\\w+)\\s*:[^}]*}", "{$1}");
    }

    @Test
    void everyCallerGetsExactlyTheExpectedAnswer() throws IOException {
        List<String> unexpected = new ArrayList<>();
        int checks = 0;
        int rows = 0;
        for (Row row : matrix()) {
            if (row.full() && !FULL) {
                continue;
            }
            rows++;
            // Reads share one fixture; so do the callers a change must refuse (a refusal changes nothing). Each
            // caller expected to succeed gets a fresh one, as the change would alter it for the next.
            boolean reading = "GET".equals(row.method()) && !row.path().startsWith("/join/");
            Map<String, String> fixture = fixture(row.fixture());
            for (Principal p : Principal.values()) {
                boolean succeeds = row.expected(p).stream().anyMatch(s -> s.startsWith("2") || s.startsWith("3"));
                Map<String, String> f = reading || !succeeds ? fixture : fixture(row.fixture());
                String answer = answer(row, p, f);
                checks++;
                if (!row.expected(p).contains(answer)) {
                    unexpected.add(row.key() + " [" + row.fixture() + "] as " + p + ": " + answer + ", expected "
                            + row.expected(p));
                }
            }
        }
        System.out.printf("Authorization matrix (%s run): %d rows × %d principals = %d checks, %d unexpected%n",
                FULL ? "full" : "reduced", rows, Principal.values().length, checks, unexpected.size());
        assertThat(unexpected).as("answers that differ from the matrix").isEmpty();
    }

    // --- running one check ---

    private static Map<String, String> fixture(String kind) {
        Map<String, String> f = new LinkedHashMap<>();
        switch (kind) {
            case "question" -> f.put("question", Fixtures.question());
            case "set" -> f.put("set", Fixtures.set(1));
            case "none" -> {
            }
            default -> {
                Fixtures.Session s = Fixtures.session(kind.substring("session-".length()));
                f.put("session", s.id());
                f.put("token", s.token());
                f.put("candidate", s.candidateCookie());
            }
        }
        return f;
    }

    private String answer(Row row, Principal p, Map<String, String> f) {
        String path = resolve(row.path(), f);
        if ("ws".equals(row.kind())) {
            return socket(path, p, f);
        }
        RequestSpecification request = given().redirects().follow(false);
        if (p == Principal.candidate) {
            request.cookie("panel_candidate", f.getOrDefault("candidate", Fixtures.session("live").candidateCookie()));
        } else if (p.user != null) {
            if ("pages".equals(row.kind())) {
                request.cookies(ConsoleLogin.cookies(p.user));
            } else {
                request.auth().oauth2(Tokens.token(p.user));
            }
        }
        if (row.body() != null) {
            String body = row.body().toString().equals("\"${attempt}\"")
                    ? new ObjectMapper().valueToTree(Fixtures.attempt(path.split("/")[4])).toString()
                    : row.body().toString().replace("${random}", UUID.randomUUID().toString())
                            .replace("${question}", Fixtures.bankQuestion())
                            .replace("${set}", f.containsKey("set") ? f.get("set") : Fixtures.set(1))
                            .replace("${tomorrow}", Instant.now().plus(1, ChronoUnit.DAYS).toString());
            request.contentType("application/json").body(body);
        }
        Response response = request.request(row.method(), path);
        if (response.statusCode() == 202 && path.equals("/api/admin/analytics/rebuild")) {
            awaitRebuild();
        }
        return String.valueOf(response.statusCode());
    }

    private static String resolve(String path, Map<String, String> f) {
        String id = path.startsWith("/api/questions/") || path.startsWith("/questions/") ? f.get("question")
                : path.contains("question-sets/") ? f.get("set")
                        : path.contains("calibration/") ? Fixtures.exercise() : f.get("session");
        if (path.contains("{candidateRef}")) {
            path = path.replace("{candidateRef}", given().auth().oauth2(Tokens.token("root"))
                    .get("/api/sessions/" + f.get("session")).then().statusCode(200).extract()
                    .<String> path("candidateRef"));
        }
        return path.replace("{id}", String.valueOf(id)).replace("{version}", "1").replace("{position}", "1")
                .replace("{token}", String.valueOf(f.get("token")))
                .replace("/events/schemas/{name}", "/events/schemas/session.started.v1.schema.json")
                .replace("{name}", "pipeline");
    }

    /** "snapshot" when the first frame is one; a close code when the server closes; the HTTP status of a refused upgrade. */
    private static String socket(String path, Principal p, Map<String, String> f) {
        int port = ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
        WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
        if (p == Principal.candidate) {
            builder.header("Cookie", "panel_candidate=" + f.get("candidate"));
        } else if (p.user != null) {
            builder.header("Authorization", "Bearer " + Tokens.token(p.user));
        }
        CompletableFuture<String> outcome = new CompletableFuture<>();
        WebSocket socket;
        try {
            socket = builder.buildAsync(URI.create("ws://localhost:" + port + path), new WebSocket.Listener() {
                @Override
                public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                    outcome.complete(data.toString().contains("\"type\":\"snapshot\"") ? "snapshot" : "frame");
                    return null;
                }

                @Override
                public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
                    outcome.complete(String.valueOf(statusCode));
                    return null;
                }
            }).orTimeout(15, TimeUnit.SECONDS).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException h) {
                return String.valueOf(h.getResponse().statusCode());
            }
            throw e;
        }
        try {
            return outcome.orTimeout(10, TimeUnit.SECONDS).join();
        } finally {
            socket.abort();
        }
    }

    private static void awaitRebuild() {
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).until(() -> !"RUNNING"
                .equals(given().auth().oauth2(Tokens.token("root")).get("/api/admin/analytics/rebuild").then()
                        .extract().path("state")));
    }
}
