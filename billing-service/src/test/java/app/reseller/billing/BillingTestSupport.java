package app.reseller.billing;

import app.reseller.infra.SharedInfra;
import app.reseller.infra.TestIdentity;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import static io.restassured.RestAssured.given;

/** What billing's tests share: callers with tokens, SQL reads, channel events put on Kafka, billing events read back. */
final class BillingTestSupport {

    static final String DATABASE = "billing";
    static final String TOPICS = "billing.events,channel.events";
    static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private BillingTestSupport() {
    }

    static RequestSpecification asAdmin() {
        return given().auth().oauth2(TestIdentity.admin()).contentType(ContentType.JSON);
    }

    static RequestSpecification asCustomer(String customerId) {
        return given().auth().oauth2(TestIdentity.customer(customerId)).contentType(ContentType.JSON);
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    // ---- SQL ----

    static long number(String sql) {
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    static List<String> strings(String sql) {
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

    static void execute(String sql) {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    static long balance(String accountId) {
        return number("select coalesce((select balance from ledger_account where id = '" + accountId + "'), 0)");
    }

    private static Connection connect() throws SQLException {
        return DriverManager.getConnection(SharedInfra.get().postgres().jdbcUrl(DATABASE), "postgres", "postgres");
    }

    // ---- Kafka ----

    /** Puts a channel event on channel.events as channel-service's relay would; returns the record to resend it. */
    static ProducerRecord<String, String> publishChannelEvent(String channelId, String type, Object payload) {
        try {
            ProducerRecord<String, String> record = new ProducerRecord<>("channel.events", channelId, JSON.writeValueAsString(payload));
            header(record, "ce_specversion", "1.0");
            header(record, "ce_id", UUID.randomUUID().toString());
            header(record, "ce_type", type);
            header(record, "ce_source", "/reseller/channel-service");
            header(record, "ce_subject", channelId);
            header(record, "content-type", "application/json");
            send(record);
            return record;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static void send(ProducerRecord<String, String> record) {
        SharedInfra.get().kafka().send(List.of(record));
    }

    private static void header(ProducerRecord<?, ?> record, String name, String value) {
        record.headers().add(new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8)));
    }

    static String header(ConsumerRecord<?, ?> record, String name) {
        var h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    /** Every record now on the topic that matches, in offset order per partition. */
    static List<ConsumerRecord<String, String>> records(String topic, Predicate<ConsumerRecord<String, String>> wanted) {
        return SharedInfra.get().kafka().readAll(topic).stream().filter(wanted).toList();
    }

    static List<ConsumerRecord<String, String>> billingEvents(String type, String key) {
        return records("billing.events", r -> key.equals(r.key()) && type.equals(header(r, "ce_type")));
    }

    /** How many events billing's channel-events consumer has seen with this outcome (applied/duplicate/failed). */
    static double consumed(String outcome) {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        var m = java.util.regex.Pattern.compile("events_consumed_total\\{consumer=\"billing.channel-events\",outcome=\""
                + outcome + "\"[^}]*} ([0-9.E]+)").matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
