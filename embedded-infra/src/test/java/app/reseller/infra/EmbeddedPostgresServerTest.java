package app.reseller.infra;

import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A durable throwaway server flushes every commit, as production does; the test suite's does not.
 * Before 2026-12-05 the durable one silently kept the library's fsync and synchronous_commit off.
 */
class EmbeddedPostgresServerTest {

    @Test
    void aDurableServerFlushesEveryCommit() throws Exception {
        System.setProperty("infra.postgres.durable", "true");
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.throwaway()) {
            assertEquals("on", setting(server, "fsync"));
            assertEquals("on", setting(server, "synchronous_commit"));
            assertEquals("on", setting(server, "full_page_writes"));
        } finally {
            System.clearProperty("infra.postgres.durable");
        }
    }

    @Test
    void theTestSuitesServerDoesNot() throws Exception {
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.throwaway()) {
            assertEquals("off", setting(server, "fsync"));
            assertEquals("off", setting(server, "synchronous_commit"));
        }
    }

    private static String setting(EmbeddedPostgresServer server, String name) throws Exception {
        try (Connection c = DriverManager.getConnection(server.jdbcUrl("postgres"), EmbeddedPostgresServer.SUPERUSER, "postgres");
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery("show " + name)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
