package org.interviewpanel.testsupport;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The real Keycloak distribution (unpacked once per machine by the build) as a child process in dev mode with an
 * in-memory database, importing the demo realm from deploy/keycloak/demo on every start.
 */
final class TestKeycloak {

    private final int port = ChildProcess.freePort();
    private ChildProcess server;

    TestKeycloak start(Path projectDir, Path logDir) {
        Path home = Path.of(System.getProperty("panel.test.keycloak-home", "missing-keycloak-home"));
        if (!Files.isExecutable(home.resolve("bin/kc.sh"))) {
            throw new IllegalStateException("No Keycloak distribution at " + home
                    + "; `mvn process-test-resources` unpacks it (see pom.xml)");
        }
        try {
            Path imports = home.resolve("data/import");
            Files.createDirectories(imports);
            Files.copy(projectDir.resolve("deploy/keycloak/demo/interview-panel-realm.json"),
                    imports.resolve("interview-panel-realm.json"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server = new ChildProcess("Keycloak", List.of(home.resolve("bin/kc.sh").toString(), "start-dev",
                "--http-port=" + port, "--http-host=127.0.0.1", "--import-realm", "--db=dev-mem",
                "--health-enabled=false", "--metrics-enabled=false"), logDir.resolve("keycloak.log"),
                Map.of("JAVA_HOME", System.getProperty("java.home"), "JAVA_OPTS_KC_HEAP", "-Xms64m -Xmx512m"))
                .start(Duration.ofMinutes(4), this::realmAnswers);
        return this;
    }

    String url() {
        return "http://localhost:" + port;
    }

    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    private boolean realmAnswers() {
        try {
            HttpResponse<Void> response = HttpClient.newHttpClient().send(HttpRequest
                    .newBuilder(URI.create(url() + "/realms/interview-panel/.well-known/openid-configuration"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
