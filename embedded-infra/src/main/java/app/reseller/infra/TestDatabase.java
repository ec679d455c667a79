package app.reseller.infra;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Plain JDBC reads and writes on one database of the shared test PostgreSQL, for asserts and set-up. */
public final class TestDatabase {

    private final String database;

    public TestDatabase(String database) {
        this.database = database;
    }

    public long number(String sql) {
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    public List<String> strings(String sql) {
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            List<String> out = new ArrayList<>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    public void execute(String sql) {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    /** Every row of every table of the public schema as text: for asserting that a secret is stored nowhere in plain. */
    public String dumpAllTables() {
        StringBuilder dump = new StringBuilder();
        for (String table : strings("select tablename from pg_tables where schemaname = 'public'")) {
            strings("select t::text from \"" + table + "\" t").forEach(row -> dump.append(table).append(": ").append(row).append('\n'));
        }
        return dump.toString();
    }

    /** A connection of the test's own (for holding a lock or a transaction open while the app works); the caller closes it. */
    public Connection open() throws SQLException {
        return connect();
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(SharedInfra.get().postgres().jdbcUrl(database),
                EmbeddedPostgresServer.SUPERUSER, EmbeddedPostgresServer.SUPERUSER);
    }
}
