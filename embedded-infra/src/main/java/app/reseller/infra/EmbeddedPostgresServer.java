package app.reseller.infra;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Pattern;

/**
 * A real PostgreSQL 17 server from the zonky binaries, bound to 127.0.0.1.
 * Throwaway (tests: random port, temporary data, durability off for speed) or
 * persistent (local run: fixed port, data kept in a folder between runs).
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    public static final String SUPERUSER = "postgres";
    private static final Pattern DATABASE_NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");

    private final EmbeddedPostgres postgres;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    /**
     * Tests: a free port, a temporary data folder deleted on close, no fsync. With
     * {@code -Dinfra.postgres.durable=true} (benchmarks that speak of "stored durably") every
     * commit is flushed to disk as in production.
     */
    public static EmbeddedPostgresServer throwaway() {
        var builder = builder().setPort(FreePort.pick());
        if (Boolean.getBoolean("infra.postgres.durable")) {
            // zonky starts the server with -F (fsync off) and synchronous_commit off whatever we ask
            // for, unless said otherwise here: without these two lines a "durable" run neither
            // flushed its WAL nor waited for it (every durable benchmark figure up to 2026-12-05
            // was measured so; docs/benchmarks.md says which). A -c after -F wins.
            builder.setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on");
        } else {
            builder.setServerConfig("fsync", "off")
                    .setServerConfig("synchronous_commit", "off")
                    .setServerConfig("full_page_writes", "off");
        }
        return start(builder);
    }

    /** Local run: a fixed port and a data folder that survives restarts. */
    public static EmbeddedPostgresServer persistent(int port, Path dataDirectory) {
        try {
            Files.createDirectories(dataDirectory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return start(builder().setPort(port)
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(false));
    }

    private static EmbeddedPostgres.Builder builder() {
        return EmbeddedPostgres.builder()
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setServerConfig("max_connections", "300")
                .setPGStartupWait(java.time.Duration.ofSeconds(60));
    }

    private static EmbeddedPostgresServer start(EmbeddedPostgres.Builder builder) {
        try {
            return new EmbeddedPostgresServer(builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException("could not start PostgreSQL", e);
        }
    }

    public int port() {
        return postgres.getPort();
    }

    /** Creates the database unless it exists; safe to call from several test classes. */
    public void ensureDatabase(String name) {
        if (!DATABASE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a plain database name: " + name);
        }
        try (Connection c = postgres.getPostgresDatabase().getConnection();
             PreparedStatement exists = c.prepareStatement("select 1 from pg_database where datname = ?")) {
            exists.setString(1, name);
            try (ResultSet rs = exists.executeQuery()) {
                if (rs.next()) {
                    return;
                }
            }
            try (Statement create = c.createStatement()) {
                create.execute("create database " + name);
            }
        } catch (SQLException e) {
            if (!"42P04".equals(e.getSQLState())) { // duplicate_database: another JVM won the race
                throw new IllegalStateException("could not create database " + name, e);
            }
        }
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/" + database;
    }

    /** The form the Vert.x reactive client takes. */
    public String reactiveUrl(String database) {
        return "postgresql://127.0.0.1:" + port() + "/" + database;
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
