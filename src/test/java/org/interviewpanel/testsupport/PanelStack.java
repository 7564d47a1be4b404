package org.interviewpanel.testsupport;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Starts the real PostgreSQL database, Kafka broker, Keycloak and SMTP server (GreenMail) once per test run (in
 * parallel) and points the
 * application at them. Tests reach the running pieces through {@link Stack}.
 */
public class PanelStack implements QuarkusTestResourceLifecycleManager {

    private TestPostgres postgres;
    private TestKafka kafka;
    private TestKeycloak keycloak;

    @Override
    public Map<String, String> start() {
        Path project = Path.of(System.getProperty("panel.test.project-dir", "."));
        Path work = project.resolve("target/test-stack");
        long started = System.nanoTime();
        var db = CompletableFuture.supplyAsync(() -> new TestPostgres().start(work.resolve("postgres")));
        var broker = CompletableFuture.supplyAsync(() -> new TestKafka(work.resolve("kafka")).format().start());
        var idp = CompletableFuture.supplyAsync(() -> new TestKeycloak().start(project, work));
        var smtp = CompletableFuture.supplyAsync(() -> new TestSmtp(work.resolve("mail")).start());
        postgres = db.join();
        kafka = broker.join();
        keycloak = idp.join();
        TestSmtp mail = smtp.join();
        System.out.printf("PanelStack: PostgreSQL, Kafka, Keycloak and GreenMail ready in %.1f s%n",
                (System.nanoTime() - started) / 1e9);

        Stack.publish(keycloak.url(), kafka);
        Stack.publish(mail);

        Map<String, String> config = new HashMap<>();
        config.put("quarkus.datasource.jdbc.url", postgres.jdbcUrl());
        config.put("quarkus.datasource.username", postgres.login().user());
        config.put("quarkus.datasource.password", postgres.login().password());
        config.put("kafka.bootstrap.servers", kafka.bootstrapServers());
        config.put("panel.keycloak.url", keycloak.url());
        config.put("quarkus.mailer.host", "127.0.0.1");
        config.put("quarkus.mailer.port", String.valueOf(mail.smtpPort()));
        config.put("panel.questionbank.directory", project.resolve("questions").toString());
        return config;
    }

    @Override
    public void stop() {
        if (keycloak != null) {
            keycloak.stop();
        }
        Stack.stopAll();
        if (postgres != null) {
            postgres.stop();
        }
    }
}
