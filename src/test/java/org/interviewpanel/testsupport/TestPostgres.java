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
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A fresh, empty database for this test run: on the PostgreSQL server at 127.0.0.1:5432 when it answers, otherwise on
 * a private cluster started from the installed PostgreSQL binaries (as the postgres user when we are root).
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

    TestPostgres start(Path workDir) {
        login = LOGINS.stream().filter(this::canConnect).findFirst().orElse(null);
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
        Path bin = findPostgresBin();
        Path data = workDir.resolve("pgdata");
        port = ChildProcess.freePort();
        boolean root = "root".equals(System.getProperty("user.name"));
        try {
            ChildProcess.deleteRecursively(data);
            Files.createDirectories(data);
            if (root) {
                run(List.of("chown", "-R", "postgres:postgres", workDir.toString()));
            }
            run(asUser(root, List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", "postgres",
                    "--auth=trust", "-E", "UTF8", "--no-sync")));
        } catch (IOException e) {
            throw new IllegalStateException("Cannot prepare a private PostgreSQL cluster: " + e.getMessage(), e);
        }
        login = new Login("postgres", "");
        privateCluster = new ChildProcess("PostgreSQL", asUser(root, List.of(bin.resolve("postgres").toString(), "-D",
                data.toString(), "-p", String.valueOf(port), "-h", "127.0.0.1", "-k", "/tmp", "-F")),
                workDir.resolve("postgres.log"), Map.of()).start(Duration.ofSeconds(60), () -> canConnect(login));
    }

    private static List<String> asUser(boolean root, List<String> command) {
        if (!root) {
            return command;
        }
        List<String> wrapped = new ArrayList<>(List.of("runuser", "-u", "postgres", "--"));
        wrapped.addAll(command);
        return wrapped;
    }

    private static Path findPostgresBin() {
        try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            return versions.sorted(Comparator.reverseOrder()).map(v -> v.resolve("bin"))
                    .filter(b -> Files.isExecutable(b.resolve("initdb"))).findFirst()
                    .orElseThrow(() -> new IllegalStateException("No PostgreSQL server binaries under /usr/lib/postgresql"));
        } catch (IOException e) {
            throw new IllegalStateException("PostgreSQL is neither running on 127.0.0.1:5432 nor installed "
                    + "(apt-get install postgresql)", e);
        }
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
