package org.interviewpanel.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import jakarta.inject.Inject;

import org.interviewpanel.testsupport.DatabaseFingerprint;
import org.interviewpanel.testsupport.Fixtures;
import org.interviewpanel.testsupport.Management;
import org.interviewpanel.testsupport.Tokens;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/**
 * Fuzzing from the OpenAPI document: for every operation that takes a body, bodies generated from its schema and then
 * bent (wrong types, missing and unknown fields, values past every bound, hostile strings); for every operation, junk
 * path parameters and query values; and hand-made malformed input (broken and deeply nested JSON, huge numbers, invalid
 * UTF-8, NUL). The answer is never a 5xx, an error is always problem+json, and a refused request leaves every
 * operational table exactly as it was. The full run ({@code -Psecurity}) tries many more cases.
 */
@QuarkusTest
class FuzzTest {

    static final boolean FULL = Boolean.getBoolean("panel.security.full");
    static final int BODIES_PER_OPERATION = FULL ? 200 : 12;
    static final int JUNK_PER_PARAMETER = FULL ? 100 : 4;
    static final long SEED = Long.getLong("panel.security.seed", 20261129L);
    static final ObjectMapper JSON = new ObjectMapper();
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    @Inject
    AgroalDataSource dataSource;

    final Random random = new Random(SEED);
    final List<String> failures = new ArrayList<>();
    final Map<String, Integer> statuses = new TreeMap<>();
    JsonNode components;
    int cases;

    /** Who calls an operation, and on what, so that the body gets past authorization to validation. */
    record Target(String user, String path) {
    }

    @Test
    void noInputGivesA5xxOrWritesOnRefusal() {
        // jqwik's generators, outside a jqwik property: a session gives them their context.
        net.jqwik.api.sessions.JqwikSession.start();
        try {
            fuzz();
        } finally {
            net.jqwik.api.sessions.JqwikSession.finish();
        }
    }

    private void fuzz() {
        JsonNode openapi = Management.given().accept("application/json").get("/q/openapi").then().statusCode(200)
                .extract().as(JsonNode.class);
        components = openapi.path("components").path("schemas");
        DatabaseFingerprint db = new DatabaseFingerprint(dataSource);
        int operations = 0;
        for (Iterator<Map.Entry<String, JsonNode>> paths = openapi.path("paths").fields(); paths.hasNext();) {
            var path = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext();) {
                var op = ops.next();
                String method = op.getKey().toUpperCase();
                if (!List.of("GET", "POST", "PUT", "DELETE", "PATCH").contains(method)
                        || path.getKey().startsWith("/join/") || path.getKey().equals("/api/admin/analytics/rebuild")
                                && method.equals("POST")) {
                    continue; // redeeming links and starting rebuilds are exercised elsewhere; they take no input
                }
                operations++;
                Target target = target(method, path.getKey());
                JsonNode schema = op.getValue().path("requestBody").path("content").path("application/json")
                        .path("schema");
                if (!schema.isMissingNode()) {
                    for (int i = 0; i < BODIES_PER_OPERATION; i++) {
                        JsonNode body = bend(generate(schema, 0), i % 6);
                        send(db, method, target, target.path(), JSON.valueToTree(body).toString()
                                .getBytes(StandardCharsets.UTF_8), "application/json", null);
                    }
                    for (byte[] raw : malformed()) {
                        send(db, method, target, target.path(), raw, "application/json", null);
                    }
                }
                for (String junk : pick(junkPathValues())) {
                    if (path.getKey().contains("{")) {
                        String junkPath = path.getKey().replaceAll("\\{[^}]+}", junk);
                        send(db, method, target, junkPath, schema.isMissingNode() ? null : "{}".getBytes(),
                                "application/json", null);
                    }
                }
                for (JsonNode parameter : op.getValue().path("parameters")) {
                    if ("query".equals(parameter.path("in").asText())) {
                        for (String junk : pick(junkQueryValues())) {
                            send(db, method, target, target.path(), schema.isMissingNode() ? null : "{}".getBytes(),
                                    "application/json", Map.of(parameter.path("name").asText(), junk));
                        }
                    }
                }
            }
        }
        System.out.printf("Fuzzing (%s run, seed %d): %d operations, %d cases; answers %s; %d failures%n",
                FULL ? "full" : "reduced", SEED, operations, cases, statuses, failures.size());
        assertThat(failures).as("5xx answers, non-problem errors, or refused requests that wrote").isEmpty();
    }

    private Target target(String method, String path) {
        // Fresh fixtures per operation: a generated body that happens to be valid may change them.
        if (path.startsWith("/api/questions/{id}")) {
            return new Target("alice", path.replace("{id}", Fixtures.question()).replace("{version}", "1"));
        }
        if (path.startsWith("/api/question-sets/{id}")) {
            return new Target("alice", path.replace("{id}", Fixtures.set(2)));
        }
        if (path.startsWith("/api/sessions/{id}")) {
            String state = path.endsWith("/scorecard") && method.equals("POST") || path.endsWith("/decision")
                    || path.endsWith("/debrief") ? "ended" : "live";
            String user = path.endsWith("/decision") || path.endsWith("/debrief") ? "hana"
                    : path.contains("/ratings/") || path.endsWith("/scorecard") ? "bob" : "alice";
            return new Target(user, path.replace("{id}", Fixtures.session(state).id()).replace("{position}", "1"));
        }
        if (path.startsWith("/api/candidate/")) {
            return new Target(null, path);
        }
        if (path.startsWith("/api/calibration/exercises/{id}")) {
            return new Target("carol", path.replace("{id}", Fixtures.exercise()));
        }
        if (path.contains("{candidateRef}")) {
            String session = Fixtures.session("ended").id();
            String ref = given().auth().oauth2(Tokens.token("root")).get("/api/sessions/" + session).then()
                    .statusCode(200).extract().path("candidateRef");
            return new Target("root", path.replace("{candidateRef}", ref));
        }
        String user = path.startsWith("/api/reports") || path.startsWith("/api/admin") ? "root" : "alice";
        return new Target(user, path.replace("{name}", "session.started.v1.schema.json"));
    }

    private void send(DatabaseFingerprint db, String method, Target target, String path, byte[] body,
            String contentType, Map<String, String> query) {
        cases++;
        Map<String, String> before = db.take();
        RequestSpecification request = given().redirects().follow(false).urlEncodingEnabled(query != null);
        if (target.user() != null) {
            request.auth().oauth2(Tokens.token(target.user()));
        }
        if (body != null) {
            request.contentType(contentType).body(body);
        }
        if (query != null) {
            request.queryParams(query);
        }
        Response response;
        try {
            response = request.request(method, path);
        } catch (RuntimeException e) {
            failures.add(method + " " + path + ": the connection failed (" + e + ")");
            return;
        }
        int status = response.statusCode();
        statuses.merge(String.valueOf(status), 1, Integer::sum);
        String what = method + " " + abbreviate(path) + (query == null ? "" : " " + abbreviate(query.toString())) + " with "
                + (body == null ? "no body" : abbreviate(new String(body, StandardCharsets.UTF_8)));
        if ((status == 414 || status == 431) && response.asString().isEmpty()) {
            // The HTTP server refused the request line or headers as too long before the app saw it (see README).
            return;
        }
        if (status >= 500) {
            failures.add(what + " → " + status + " " + abbreviate(response.asString()));
        } else if (status >= 400) {
            if (path.startsWith("/api/") && !String.valueOf(response.contentType()).startsWith("application/problem+json")) {
                failures.add(what + " → " + status + " not problem+json but " + response.contentType());
            }
            List<String> changed = DatabaseFingerprint.changed(before, db.take());
            if (!changed.isEmpty()) {
                failures.add(what + " → " + status + " but changed " + changed);
            }
        }
    }

    // --- generating from the schema ---

    private JsonNode generate(JsonNode schema, int depth) {
        if (schema.has("$ref")) {
            String ref = schema.get("$ref").asText();
            return generate(components.path(ref.substring(ref.lastIndexOf('/') + 1)), depth);
        }
        if (schema.has("enum")) {
            JsonNode values = schema.get("enum");
            return values.get(random.nextInt(values.size()));
        }
        String type = schema.path("type").asText(schema.has("properties") ? "object" : "string");
        return switch (type) {
            case "object" -> {
                ObjectNode object = NODES.objectNode();
                schema.path("properties").fields().forEachRemaining(p -> {
                    if (depth < 6 && (schema.path("required").toString().contains("\"" + p.getKey() + "\"")
                            || random.nextInt(3) > 0)) {
                        object.set(p.getKey(), generate(p.getValue(), depth + 1));
                    }
                });
                yield object;
            }
            case "array" -> {
                ArrayNode array = NODES.arrayNode();
                int n = sample(Arbitraries.integers().between(0, Math.min(schema.path("maxItems").asInt(5), 8)));
                for (int i = 0; i < n && depth < 6; i++) {
                    array.add(generate(schema.path("items"), depth + 1));
                }
                yield array;
            }
            case "integer" -> NODES.numberNode(sample(Arbitraries.integers().between(
                    schema.path("minimum").asInt(-5), schema.path("maximum").asInt(10_000))));
            case "number" -> NODES.numberNode(sample(Arbitraries.doubles().between(-10, 1e6)));
            case "boolean" -> NODES.booleanNode(random.nextBoolean());
            default -> NODES.textNode(string(schema));
        };
    }

    private String string(JsonNode schema) {
        String format = schema.path("format").asText("");
        return switch (format) {
            case "uuid" -> random.nextInt(4) == 0 ? Fixtures.bankQuestion() : java.util.UUID.randomUUID().toString();
            case "date-time" -> random.nextBoolean() ? "2027-01-0" + (1 + random.nextInt(9)) + "T10:00:00Z" : "yesterday";
            case "email" -> random.nextBoolean() ? "someone@example.test" : "not-an-email";
            default -> sample(Arbitraries.strings().withCharRange('a', 'z').withChars(' ', '-', '/', '.')
                    .ofMinLength(0).ofMaxLength(Math.min(schema.path("maxLength").asInt(60), 60)));
        };
    }

    /** Takes a valid-looking body and breaks it one way. */
    private JsonNode bend(JsonNode body, int how) {
        if (!(body instanceof ObjectNode object) || object.isEmpty()) {
            return body;
        }
        List<String> fields = new ArrayList<>();
        object.fieldNames().forEachRemaining(fields::add);
        String field = fields.get(random.nextInt(fields.size()));
        switch (how) {
            case 1 -> object.set(field, wrongType(object.get(field)));
            case 2 -> object.remove(field);
            case 3 -> object.put("unexpected" + random.nextInt(100), "x");
            case 4 -> object.set(field, pastTheBounds(object.get(field)));
            case 5 -> object.put(field, hostileString());
            default -> {
                // as generated: shaped like the schema, values random
            }
        }
        return object;
    }

    private JsonNode wrongType(JsonNode value) {
        return switch (random.nextInt(5)) {
            case 0 -> value.isTextual() ? NODES.numberNode(7) : NODES.textNode("7");
            case 1 -> NODES.arrayNode().add(value);
            case 2 -> NODES.objectNode().set("v", value);
            case 3 -> NODES.nullNode();
            default -> NODES.booleanNode(true);
        };
    }

    private JsonNode pastTheBounds(JsonNode value) {
        if (value.isNumber()) {
            return switch (random.nextInt(4)) {
                case 0 -> NODES.numberNode(new BigInteger("123456789012345678901234567890"));
                case 1 -> NODES.numberNode(-2147483649L);
                case 2 -> NODES.numberNode(2.5);
                default -> NODES.numberNode(0);
            };
        }
        if (value.isArray()) {
            ArrayNode many = NODES.arrayNode();
            for (int i = 0; i < 500; i++) {
                many.add(value.isEmpty() ? NODES.textNode("x") : value.get(0));
            }
            return many;
        }
        return NODES.textNode("x".repeat(sample(Arbitraries.integers().between(2_001, 200_000))));
    }

    private String hostileString() {
        List<String> nasty = List.of("a\u0000b", "\u202Eevil", "'; drop table question; --", "<script>alert(1)</script>",
                "{{ 7*7 }}", "${jndi:ldap://x}", "\uD83D\uDE00".repeat(1000), "\t\r\n", " ", "",
                "=cmd|'/C calc'!A0", "../../etc/passwd", "%00", "\uFEFF");
        return nasty.get(random.nextInt(nasty.size()));
    }

    private static List<byte[]> malformed() {
        List<byte[]> cases = new ArrayList<>();
        for (String text : List.of("", "{", "}", "{\"a\":", "[", "null", "[]", "\"text\"", "42", "true", "1e999999",
                "{\"rating\": 1e999999}", "{\"rating\": 123456789012345678901234567890}", "{\"a\":\"\\u0000\"}",
                "{\"a\":\"\\uD800\"}", "{\"a\":1,\"a\":2}", "{'single': 'quotes'}", "{\"a\":NaN}")) {
            cases.add(text.getBytes(StandardCharsets.UTF_8));
        }
        cases.add(("[".repeat(100_000) + "]".repeat(100_000)).getBytes(StandardCharsets.UTF_8));
        cases.add(("{\"a\":".repeat(50_000) + "1" + "}".repeat(50_000)).getBytes(StandardCharsets.UTF_8));
        cases.add(new byte[] { '{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}' });
        cases.add(new byte[] { (byte) 0xFF, (byte) 0xFE, '{', '}' });
        cases.add(new byte[] { '{', '"', 'a', '"', ':', '"', 0, '"', '}' });
        return cases;
    }

    private static List<String> junkPathValues() {
        return List.of("x", "-1", "0", "99999999999999999999", "null", "00000000-0000-0000-0000-000000000000",
                "a".repeat(3000), "%C3%A9", "%20", "%25", "%00");
    }

    private static List<String> junkQueryValues() {
        return List.of("", "x", "-1", "99999999999999999999", "2026-13-45", "2026-11-01T25:61:00Z", "\u0000", "é",
                "a".repeat(5000), "1 or 1=1", "true");
    }

    /** All of them in the full run; a few, chosen by the seed, in the reduced one. */
    private List<String> pick(List<String> values) {
        List<String> shuffled = new ArrayList<>(values);
        java.util.Collections.shuffle(shuffled, random);
        return shuffled.subList(0, Math.min(JUNK_PER_PARAMETER, shuffled.size()));
    }

    private <T> T sample(Arbitrary<T> arbitrary) {
        return arbitrary.generator(1000).next(random).value();
    }

    private static String abbreviate(String text) {
        return text.length() > 160 ? text.substring(0, 160) + "…(" + text.length() + " chars)" : text;
    }
}
