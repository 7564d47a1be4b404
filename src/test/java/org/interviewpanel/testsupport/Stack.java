package org.interviewpanel.testsupport;

import java.nio.file.Path;

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

    public static String keycloakUrl() {
        return required(KEYCLOAK);
    }

    public static String kafkaBootstrap() {
        return required(KAFKA);
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
        String pid = System.getProperty(KAFKA_PID);
        if (pid != null) {
            ChildProcess.kill(Long.parseLong(pid));
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
