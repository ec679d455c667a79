package app.reseller.billing;

import app.reseller.infra.TestDatabase;
import app.reseller.infra.TestEvents;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

import static io.restassured.RestAssured.given;

/** What billing's tests share: callers with tokens, SQL reads, channel events put on Kafka, billing events read back. */
public final class BillingTestSupport {

    public static final String DATABASE = "billing";
    public static final String TOPICS = "billing.events,channel.events";
    public static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private BillingTestSupport() {
    }

    public static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    // ---- SQL ----

    public static final TestDatabase DB = new TestDatabase(DATABASE);

    public static long number(String sql) {
        return DB.number(sql);
    }

    public static List<String> strings(String sql) {
        return DB.strings(sql);
    }

    public static void execute(String sql) {
        DB.execute(sql);
    }

    public static long balance(String accountId) {
        return number("select coalesce((select balance from ledger_account where id = '" + accountId + "'), 0)");
    }

    // ---- Kafka ----

    /** Puts a channel event on channel.events as channel-service's relay would; returns the record to resend it. */
    public static ProducerRecord<String, String> publishChannelEvent(String channelId, String type, Object payload) {
        try {
            ProducerRecord<String, String> record = TestEvents.cloudEvent("channel.events", channelId, type,
                    "/reseller/channel-service", JSON.writeValueAsString(payload));
            send(record);
            return record;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static void send(ProducerRecord<String, String> record) {
        TestEvents.send(record);
    }

    public static String header(ConsumerRecord<?, ?> record, String name) {
        return TestEvents.header(record, name);
    }

    /** Every record now on the topic that matches, in offset order per partition. */
    public static List<ConsumerRecord<String, String>> records(String topic, Predicate<ConsumerRecord<String, String>> wanted) {
        return TestEvents.records(topic, wanted);
    }

    public static List<ConsumerRecord<String, String>> billingEvents(String type, String key) {
        return TestEvents.records("billing.events", type, key);
    }

    /** How many events billing's channel-events consumer has seen with this outcome (applied/duplicate/failed). */
    public static double consumed(String outcome) {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        var m = java.util.regex.Pattern.compile("events_consumed_total\\{consumer=\"billing.channel-events\",outcome=\""
                + outcome + "\"[^}]*} ([0-9.E]+)").matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    /** A new AUTOMATIC customer on an active plan of {@code maxChannels} channels of 30 days a period (30 days an extension). */
    public static String automaticCustomer(String prefix, int maxChannels) {
        String customer = unique(prefix);
        String plan = app.reseller.infra.TestCallers.asAdmin().body(java.util.Map.of("name", unique(prefix + " plan"),
                        "maxChannels", maxChannels, "periodDays", 30, "extensionDays", 30, "price", 100, "currency", "IDR"))
                .post("/plans").then().statusCode(201).extract().jsonPath().getString("id");
        String subscription = app.reseller.infra.TestCallers.asCustomer(customer).body(java.util.Map.of("planId", plan))
                .post("/subscriptions").then().statusCode(201).extract().jsonPath().getString("id");
        app.reseller.infra.TestCallers.asAdmin().post("/subscriptions/" + subscription + "/confirm-payment").then().statusCode(200);
        app.reseller.infra.TestCallers.asAdmin().body(java.util.Map.of("mode", "AUTOMATIC"))
                .put("/customers/" + customer + "/allocation-mode").then().statusCode(200);
        return customer;
    }
}
