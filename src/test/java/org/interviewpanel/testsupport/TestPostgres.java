package org.interviewpanel.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A fresh, empty database for this test run: on the PostgreSQL server at 127.0.0.1:5432 when it answers and lets us
 * create databases, otherwise on a private cluster from the PostgreSQL binaries that come through Maven Central
 * ({@link MavenPostgres}; run as 'nobody' when we are root, since PostgreSQL refuses to run as root). With
 * {@code -Dpanel.test.postgres=maven} the private cluster is used even where a server answers.
 */
final class TestPostgres {

    record Login(String user, String password) {
    }

    /** Tried in order; the first that may create databases wins. .ci/run creates panel_test where trust is off. */
    private static final List<Login> LOGINS = List.of(new Login("postgres", ""), new Login("panel_test", "panel_test"),
            new Login("panel", "panel"));

    private final String database = "panel_test_" + ProcessHandle.current().pid() + "_" + System.currentTimeMillis() % 100000;
    private String host = "127.0.0.1";
    private int port = 5432;
    private Login login;
    private ChildProcess privateCluster;
    private Path privateData;

    TestPostgres start(Path workDir) {
        if (!"maven".equals(System.getProperty("panel.test.postgres"))) {
            login = LOGINS.stream().filter(this::canConnect).findFirst().orElse(null);
        }
        if (login == null) {
            startPrivateCluster(workDir);
        }
        execute("create database " + database);
        return this;
    }

    String jdbcUrl() {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    Login login() {
        return login;
    }

    void stop() {
        if (privateCluster != null) {
            privateCluster.stop();
            try {
                ChildProcess.deleteRecursively(privateData);
            } catch (IOException e) {
                // A leftover data folder of a stopped cluster is harmless.
            }
            return;
        }
        try {
            execute("drop database if exists " + database + " with (force)");
        } catch (RuntimeException e) {
            // Leaving a test database behind is untidy, not wrong.
        }
    }

    private boolean canConnect(Login candidate) {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + host + ":" + port + "/postgres",
                candidate.user(), candidate.password())) {
            try (Statement s = c.createStatement();
                    var rs = s.executeQuery("select rolcreatedb or rolsuper from pg_roles where rolname = current_user")) {
                return rs.next() && rs.getBoolean(1);
            }
        } catch (SQLException e) {
            return false;
        }
    }

    private void execute(String sql) {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + host + ":" + port + "/postgres",
                login.user(), login.password()); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    private void startPrivateCluster(Path workDir) {
        Path bin = MavenPostgres.bin();
        port = ChildProcess.freePort();
        boolean root = ChildProcess.isRoot();
        Path data;
        try {
            // As root the server runs as 'nobody', which must reach its data: a folder of its own under /tmp.
            data = root ? Files.createTempDirectory("panel-test-pgdata-") : workDir.resolve("pgdata");
            ChildProcess.deleteRecursively(data);
            Files.createDirectories(data);
            if (root) {
                run(List.of("chown", "nobody", data.toString()));
            }
            run(asUser(root, List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", "postgres",
                    "--auth=trust", "-E", "UTF8", "--locale=C", "--no-sync")));
        } catch (IOException e) {
            throw new IllegalStateException("Cannot prepare a private PostgreSQL cluster: " + e.getMessage(), e);
        }
        login = new Login("postgres", "");
        privateData = data;
        privateCluster = new ChildProcess("PostgreSQL", asUser(root, List.of(bin.resolve("postgres").toString(), "-D",
                data.toString(), "-p", String.valueOf(port), "-h", "127.0.0.1", "-k", data.toString(), "-F")),
                workDir.resolve("postgres.log"), Map.of()).start(Duration.ofSeconds(60), () -> canConnect(login));
        System.out.println("TestPostgres: no PostgreSQL server to use on 127.0.0.1:5432; started PostgreSQL from "
                + bin.getParent() + " on port " + port);
    }

    /** Whether this run uses a private cluster (from Maven's binaries) rather than the machine's server. */
    boolean isPrivate() {
        return privateCluster != null;
    }

    private static List<String> asUser(boolean root, List<String> command) {
        if (!root) {
            return command;
        }
        List<String> wrapped = new ArrayList<>(List.of("runuser", "-u", "nobody", "--"));
        wrapped.addAll(command);
        return wrapped;
    }

    private static void run(List<String> command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        try {
            if (p.waitFor() != 0) {
                throw new IOException(String.join(" ", command) + " failed: " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

}
