package org.interviewpanel.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The production realm carries no users; the demo realm is the production one plus demo users and demo settings. */
class RealmFilesTest {

    static final Path PROJECT = Path.of(System.getProperty("panel.test.project-dir", "."));
    static final ObjectMapper JSON = new ObjectMapper();

    static JsonNode read(String path) throws IOException {
        return JSON.readTree(PROJECT.resolve(path).toFile());
    }

    @Test
    void onlyTheDemoRealmFileHasPeople() throws IOException {
        List<Path> withUsers = new ArrayList<>();
        try (Stream<Path> files = Files.walk(PROJECT.resolve("deploy"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).toList()) {
                JsonNode realm = JSON.readTree(file.toFile());
                boolean people = false;
                for (JsonNode user : realm.path("users")) {
                    people |= !user.has("serviceAccountClientId");
                }
                if (people) {
                    withUsers.add(PROJECT.relativize(file));
                }
            }
        }
        assertThat(withUsers).containsExactly(Path.of("deploy/keycloak/demo/interview-panel-realm.json"));
    }

    @Test
    void theRealmHasTheRolesClientsAndAudienceTheAppNeeds() throws IOException {
        JsonNode realm = read("deploy/keycloak/interview-panel-realm.json");
        assertThat(realm.get("realm").asText()).isEqualTo("interview-panel");
        assertThat(realm.get("roles").get("realm").findValuesAsText("name"))
                .containsExactlyInAnyOrder("admin", "interviewer", "hiring-manager");
        JsonNode console = client(realm, "panel-console");
        assertThat(console.get("publicClient").asBoolean()).isFalse();
        assertThat(console.get("standardFlowEnabled").asBoolean()).isTrue();
        assertThat(console.has("secret")).as("no secret in the production realm file").isFalse();
        JsonNode cli = client(realm, "panel-cli");
        assertThat(cli.get("publicClient").asBoolean()).isTrue();
        // Production scripts sign in with the device authorization grant; no client may take passwords.
        assertThat(cli.get("directAccessGrantsEnabled").asBoolean()).isFalse();
        assertThat(cli.get("attributes").get("oauth2.device.authorization.grant.enabled").asText()).isEqualTo("true");
        for (JsonNode client : realm.get("clients")) {
            assertThat(client.path("directAccessGrantsEnabled").asBoolean(false))
                    .as("%s takes passwords", client.get("clientId").asText()).isFalse();
        }
        for (JsonNode client : List.of(console, cli)) {
            assertThat(client.get("protocolMappers").findValuesAsText("included.custom.audience"))
                    .containsExactly("interview-panel-api");
        }
    }

    @Test
    void theDemoRealmIsTheRealmPlusDemoUsersAndDemoSettings() throws IOException {
        ObjectNode base = (ObjectNode) read("deploy/keycloak/interview-panel-realm.json");
        ObjectNode demo = (ObjectNode) read("deploy/keycloak/demo/interview-panel-realm.json");

        assertThat(demo.get("users").findValuesAsText("username"))
                .containsExactlyInAnyOrder("alice", "bob", "carol", "dave", "hana", "ivo", "root",
                        "service-account-panel-directory");
        assertThat(demo.get("users")).isNotEmpty();
        assertThat(base.get("users").findValuesAsText("username")).containsExactly("service-account-panel-directory");
        assertThat(demo.get("users").get(demo.get("users").size() - 1)).isEqualTo(base.get("users").get(0));
        assertThat(roleOf(demo, "hana")).isEqualTo("hiring-manager");
        assertThat(roleOf(demo, "root")).isEqualTo("admin");
        assertThat(roleOf(demo, "dave")).isEqualTo("interviewer");

        // Remove what the demo may add or loosen; the rest must be identical to the production realm.
        for (ObjectNode realm : List.of(base, demo)) {
            realm.remove(List.of("users", "displayName", "bruteForceProtected"));
            ArrayNode clients = (ArrayNode) realm.get("clients");
            for (int i = clients.size() - 1; i >= 0; i--) {
                ObjectNode client = (ObjectNode) clients.get(i);
                if (client.get("clientId").asText().startsWith("demo-")) {
                    clients.remove(i);
                } else {
                    // The demo's test scripts may also use the password grant (directAccessGrantsEnabled).
                    client.remove(Set.of("secret", "redirectUris", "description", "directAccessGrantsEnabled"));
                }
            }
        }
        assertThat(demo).isEqualTo(base);
    }

    private static JsonNode client(JsonNode realm, String clientId) {
        for (JsonNode client : realm.get("clients")) {
            if (client.get("clientId").asText().equals(clientId)) {
                return client;
            }
        }
        throw new AssertionError("no client " + clientId);
    }

    private static String roleOf(JsonNode realm, String username) {
        for (JsonNode user : realm.get("users")) {
            if (user.get("username").asText().equals(username)) {
                return user.get("realmRoles").get(0).asText();
            }
        }
        throw new AssertionError("no user " + username);
    }
}
