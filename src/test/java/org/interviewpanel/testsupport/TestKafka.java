package org.interviewpanel.testsupport;

import java.io.IOException;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * A real single-node Kafka broker (KRaft, combined broker + controller) as a child JVM, from the kafka_2.13 jars on
 * the test classpath. It can be stopped and started again on the same port and data, for outage tests.
 */
public final class TestKafka {

    private final Path dir;
    private final int port;
    private final int controllerPort;
    private ChildProcess broker;

    TestKafka(Path dir) {
        this(dir, ChildProcess.freePort(), ChildProcess.freePort());
    }

    TestKafka(Path dir, int port, int controllerPort) {
        this.dir = dir;
        this.port = port;
        this.controllerPort = controllerPort;
    }

    TestKafka format() {
        Path config = dir.resolve("server.properties");
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", "1");
        p.setProperty("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.setProperty("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.setProperty("log.dirs", dir.resolve("data").toString());
        p.setProperty("offsets.topic.replication.factor", "1");
        p.setProperty("offsets.topic.num.partitions", "3");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("share.coordinator.state.topic.replication.factor", "1");
        p.setProperty("share.coordinator.state.topic.min.isr", "1");
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        p.setProperty("auto.create.topics.enable", "false");
        try {
            ChildProcess.deleteRecursively(dir);
            Files.createDirectories(dir);
            try (Writer out = Files.newBufferedWriter(config)) {
                p.store(out, "test broker");
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        run(List.of(ChildProcess.java(), "-cp", System.getProperty("java.class.path"), "kafka.tools.StorageTool",
                "format", "-t", Uuid.randomUuid().toString(), "-c", config.toString()));
        return this;
    }

    public TestKafka start() {
        broker = new ChildProcess("Kafka", List.of(ChildProcess.java(), "-Xms128m", "-Xmx768m",
                "-Dlog4j2.configurationFile=" + writeLogConfig(), "-cp", System.getProperty("java.class.path"),
                "kafka.Kafka", dir.resolve("server.properties").toString()), dir.resolve("kafka.log"), Map.of())
                .start(Duration.ofSeconds(90), this::answers);
        return this;
    }

    long pid() {
        return broker.pid();
    }

    Path dir() {
        return dir;
    }

    int port() {
        return port;
    }

    int controllerPort() {
        return controllerPort;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    private boolean answers() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
        } catch (IOException e) {
            return false;
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 2000))) {
            return !admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).isEmpty();
        } catch (Exception e) {
            return false;
        }
    }

    private String writeLogConfig() {
        Path file = dir.resolve("log4j2.properties");
        try {
            Files.writeString(file, """
                    rootLogger.level = INFO
                    rootLogger.appenderRef.stdout.ref = STDOUT
                    appender.stdout.type = Console
                    appender.stdout.name = STDOUT
                    appender.stdout.layout.type = PatternLayout
                    appender.stdout.layout.pattern = %d %p [%c] %m%n
                    """);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return file.toString();
    }

    private void run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("format.log").toFile())).start();
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("Formatting Kafka storage failed; see " + dir.resolve("format.log"));
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
