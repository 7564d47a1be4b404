package org.interviewpanel.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/** No Docker engine runs here, so the compose file is kept right by reading it. */
class DockerComposeTest {

    static final Path PROJECT = Path.of(System.getProperty("panel.test.project-dir", "."));

    static JsonNode compose() throws IOException {
        return new ObjectMapper(new YAMLFactory()).readTree(PROJECT.resolve("docker-compose.yml").toFile());
    }

    @Test
    void runsTheFourServicesFromOfficialImagesOnTheProjectPorts() throws IOException {
        JsonNode services = compose().get("services");
        assertThat(services.get("postgres").get("image").asText()).startsWith("postgres:");
        assertThat(services.get("kafka").get("image").asText()).startsWith("apache/kafka:");
        assertThat(services.get("keycloak").get("image").asText()).startsWith("quay.io/keycloak/keycloak:");
        assertThat(texts(services.get("postgres").get("ports"))).contains("5432:5432");
        assertThat(texts(services.get("kafka").get("ports"))).contains("9092:9092");
        assertThat(texts(services.get("keycloak").get("ports"))).contains("8180:8180");
        assertThat(texts(services.get("app").get("ports"))).contains("8080:8080");
        assertThat(services.get("kafka").get("environment").get("KAFKA_PROCESS_ROLES").asText())
                .isEqualTo("broker,controller");
        for (String name : List.of("postgres", "kafka", "keycloak", "app")) {
            assertThat(services.get(name).has("healthcheck")).as("%s has a health check", name).isTrue();
        }
    }

    @Test
    void keycloakImportsTheDemoRealmFileThatExists() throws IOException {
        JsonNode keycloak = compose().get("services").get("keycloak");
        assertThat(texts(keycloak.get("command"))).contains("--import-realm");
        String mount = texts(keycloak.get("volumes")).get(0);
        String[] parts = mount.split(":");
        assertThat(PROJECT.resolve(parts[0])).exists();
        assertThat(parts[0]).endsWith("deploy/keycloak/demo/interview-panel-realm.json");
        assertThat(parts[1]).startsWith("/opt/keycloak/data/import/");
    }

    @Test
    void theAppIsBuiltFromTheDockerfileAndWaitsForHealthyDependencies() throws IOException {
        JsonNode app = compose().get("services").get("app");
        assertThat(PROJECT.resolve(app.get("build").get("dockerfile").asText())).exists();
        for (String dependency : List.of("postgres", "kafka", "keycloak")) {
            assertThat(app.get("depends_on").get(dependency).get("condition").asText()).isEqualTo("service_healthy");
        }
    }

    @Test
    void theAppsEnvironmentNamesRealSettings() throws IOException {
        JsonNode env = compose().get("services").get("app").get("environment");
        assertThat(env.get("QUARKUS_DATASOURCE_JDBC_URL").asText()).isEqualTo("jdbc:postgresql://postgres:5432/panel");
        assertThat(env.get("KAFKA_BOOTSTRAP_SERVERS").asText()).startsWith("kafka:");
        assertThat(env.get("PANEL_KEYCLOAK_URL").asText()).isEqualTo("http://keycloak:8180");

        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(PROJECT.resolve("src/main/resources/application.properties"))) {
            properties.load(in);
        }
        List<String> known = new ArrayList<>();
        properties.stringPropertyNames().forEach(p -> {
            known.add(envName(p.replaceFirst("^%[a-z]+\\.", "")));
            var refs = java.util.regex.Pattern.compile("\\$\\{([A-Z0-9_]+)").matcher(properties.getProperty(p));
            while (refs.find()) {
                known.add(refs.group(1));
            }
        });
        List<String> unknown = new ArrayList<>();
        env.fieldNames().forEachRemaining(name -> {
            if (!known.contains(name) && !name.equals("QUARKUS_PROFILE") && !name.equals("QUARKUS_OIDC_TOKEN_ISSUER")
                    && !name.equals("QUARKUS_OIDC_WEB_TOKEN_ISSUER")) {
                unknown.add(name);
            }
        });
        assertThat(unknown).as("environment variables that set nothing the app reads").isEmpty();
    }

    private static String envName(String property) {
        return property.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
