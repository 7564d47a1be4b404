package org.interviewpanel.testsupport;

import java.nio.file.Path;
import java.util.List;

/**
 * What tests need of the running stack. The test resource and the tests may live in different class loaders, so
 * everything travels as plain system properties and the broker is controlled by its PID.
 */
public final class Stack {

    private static final String KEYCLOAK = "panel.test.keycloak-url";
    private static final String KAFKA = "panel.test.kafka-bootstrap";
    private static final String KAFKA_DIR = "panel.test.kafka-dir";
    private static final String KAFKA_PORT = "panel.test.kafka-port";
    private static final String KAFKA_CONTROLLER_PORT = "panel.test.kafka-controller-port";
    private static final String KAFKA_PID = "panel.test.kafka-pid";
    private static final String SMTP_DIR = "panel.test.smtp-dir";
    private static final String SMTP_PORT = "panel.test.smtp-port";
    private static final String IMAP_PORT = "panel.test.imap-port";
    private static final String SMTP_PID = "panel.test.smtp-pid";

    private Stack() {
    }

    static void publish(String keycloakUrl, TestKafka kafka) {
        System.setProperty(KEYCLOAK, keycloakUrl);
        System.setProperty(KAFKA, kafka.bootstrapServers());
        System.setProperty(KAFKA_DIR, kafka.dir().toString());
        System.setProperty(KAFKA_PORT, String.valueOf(kafka.port()));
        System.setProperty(KAFKA_CONTROLLER_PORT, String.valueOf(kafka.controllerPort()));
        System.setProperty(KAFKA_PID, String.valueOf(kafka.pid()));
    }

    static void publish(TestSmtp smtp) {
        System.setProperty(SMTP_DIR, smtp.dir().toString());
        System.setProperty(SMTP_PORT, String.valueOf(smtp.smtpPort()));
        System.setProperty(IMAP_PORT, String.valueOf(smtp.imapPort()));
        System.setProperty(SMTP_PID, String.valueOf(smtp.pid()));
    }

    /** The IMAP port of the test stack's mail server, where tests read what the app sent. */
    public static int imapPort() {
        return Integer.parseInt(required(IMAP_PORT));
    }

    /** Kills the SMTP server, as an outage would, until {@link #startSmtp()}. */
    public static void stopSmtp() {
        ChildProcess.kill(Long.parseLong(required(SMTP_PID)));
    }

    /** Starts the SMTP server again on the same ports (with empty mailboxes) and waits until it answers. */
    public static void startSmtp() {
        TestSmtp smtp = new TestSmtp(Path.of(required(SMTP_DIR)), Integer.parseInt(required(SMTP_PORT)),
                Integer.parseInt(required(IMAP_PORT))).start();
        System.setProperty(SMTP_PID, String.valueOf(smtp.pid()));
    }

    public static String keycloakUrl() {
        return required(KEYCLOAK);
    }

    public static String kafkaBootstrap() {
        return required(KAFKA);
    }

    /** The broker's process id (a child process of the test JVM). */
    public static long kafkaPid() {
        return Long.parseLong(required(KAFKA_PID));
    }

    /** Kills the broker, as a crash would, until {@link #startKafka()}. */
    public static void stopKafka() {
        ChildProcess.kill(Long.parseLong(required(KAFKA_PID)));
    }

    /** Starts the broker again on the same port and data, and waits until it answers. */
    public static void startKafka() {
        TestKafka kafka = new TestKafka(Path.of(required(KAFKA_DIR)), Integer.parseInt(required(KAFKA_PORT)),
                Integer.parseInt(required(KAFKA_CONTROLLER_PORT))).start();
        System.setProperty(KAFKA_PID, String.valueOf(kafka.pid()));
    }

    static void stopAll() {
        for (String key : List.of(KAFKA_PID, SMTP_PID)) {
            String pid = System.getProperty(key);
            if (pid != null) {
                ChildProcess.kill(Long.parseLong(pid));
            }
        }
    }

    private static String required(String key) {
        String value = System.getProperty(key);
        if (value == null) {
            throw new IllegalStateException("The PanelStack test resource has not started");
        }
        return value;
    }
}
