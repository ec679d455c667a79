package app.reseller.platform.events;

import app.reseller.infra.SharedInfra;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** Test helpers: plain JDBC reads of the probe database and raw reads of a Kafka topic. */
final class ProbeInfra {

    static final String DATABASE = "events_kit";
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    private ProbeInfra() {
    }

    /** A connection to the probe database that names itself {@code applicationName}, as a relay's connections do. */
    static Connection connectAs(String applicationName) throws SQLException {
        java.util.Properties as = new java.util.Properties();
        as.setProperty("user", "postgres");
        as.setProperty("password", "postgres");
        as.setProperty("ApplicationName", applicationName);
        return DriverManager.getConnection(SharedInfra.get().postgres().jdbcUrl(DATABASE), as);
    }

    static long count(String sql) {
        try (Connection c = DriverManager.getConnection(SharedInfra.get().postgres().jdbcUrl(DATABASE), "postgres", "postgres");
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    static void execute(String sql) {
        try (Connection c = DriverManager.getConnection(SharedInfra.get().postgres().jdbcUrl(DATABASE), "postgres", "postgres");
             Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    static <T> List<T> query(String sql, RowReader<T> reader) {
        try (Connection c = DriverManager.getConnection(SharedInfra.get().postgres().jdbcUrl(DATABASE), "postgres", "postgres");
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            List<T> out = new ArrayList<>();
            while (rs.next()) {
                out.add(reader.read(rs));
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    interface RowReader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    /** Every record now on the topic whose key matches, in offset order per partition. */
    static List<ConsumerRecord<String, String>> recordsOf(String topic, Predicate<String> key) {
        return SharedInfra.get().kafka().readAll(topic).stream()
                .filter(r -> r.key() != null && key.test(r.key())).toList();
    }

    /** Each aggregate's probe seqs as the records hold them, in offset order: what a consumer would see. */
    static java.util.Map<String, List<Integer>> seqsPerAggregate(List<ConsumerRecord<String, String>> records) {
        java.util.Map<String, List<Integer>> seqs = new java.util.HashMap<>();
        records.stream().sorted((x, y) -> Long.compare(x.offset(), y.offset()))
                .forEach(r -> seqs.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(seqOf(r.value())));
        return seqs;
    }

    /** Each aggregate (of those whose id starts with the prefix) and the probe seqs the consumer applied to it, in the order applied. */
    static java.util.Map<String, List<Integer>> appliedSeqsPerAggregate(String prefix) {
        java.util.Map<String, List<Integer>> applied = new java.util.HashMap<>();
        query("select aggregate_id, seq from probe_effect where aggregate_id like '" + prefix + "%' order by consumed_order",
                rs -> java.util.Map.entry(rs.getString(1), rs.getInt(2)))
                .forEach(e -> applied.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
        return applied;
    }

    private static int seqOf(String payload) {
        try {
            return JSON.readTree(payload).get("seq").asInt();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(payload, e);
        }
    }

    static String header(ConsumerRecord<?, ?> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
