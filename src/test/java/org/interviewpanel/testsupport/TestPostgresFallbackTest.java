package org.interviewpanel.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where no PostgreSQL server answers (a laptop, a fresh container), the suite starts a real PostgreSQL from the
 * binaries that come through Maven Central, as root too (PostgreSQL itself refuses root; it runs as 'nobody').
 */
class TestPostgresFallbackTest {

    @Test
    void startsARealPostgresFromMavensBinaries(@TempDir Path work) throws Exception {
        System.setProperty("panel.test.postgres", "maven");
        TestPostgres postgres = null;
        try {
            postgres = new TestPostgres().start(work);
            assertThat(postgres.isPrivate()).isTrue();
            try (Connection c = DriverManager.getConnection(postgres.jdbcUrl(), postgres.login().user(),
                    postgres.login().password()); ResultSet rs = c.createStatement().executeQuery("select version()")) {
                rs.next();
                assertThat(rs.getString(1)).startsWith("PostgreSQL 17.");
            }
        } finally {
            System.clearProperty("panel.test.postgres");
            if (postgres != null) {
                postgres.stop();
            }
        }
    }
}
