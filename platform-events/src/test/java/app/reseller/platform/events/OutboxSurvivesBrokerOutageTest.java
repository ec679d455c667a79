package app.reseller.platform.events;

import app.reseller.infra.KafkaBroker;
import app.reseller.infra.PlatformInfraResource;
import app.reseller.infra.SharedInfra;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import static io.restassured.RestAssured.given;
import static io.restassured.RestAssured.when;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Foundation acceptance: with the broker stopped, 100 state changes commit; after the broker is
 * back all 100 events arrive, in order per aggregate, each applied once; delivering the same
 * records again changes nothing.
 */
@QuarkusTest
@WithTestResource(value = PlatformInfraResource.class, scope = TestResourceScope.MATCHING_RESOURCES, initArgs = {
        @ResourceArg(name = "database", value = ProbeInfra.DATABASE),
        @ResourceArg(name = "topics", value = "probe.events")})
class OutboxSurvivesBrokerOutageTest {

    private static final int AGGREGATES = 10;
    private static final int CHANGES_EACH = 10;

    @Test
    void changesCommittedDuringABrokerOutageArriveInOrderAndOnceEach() {
        // the consumer is subscribed and the relay works before the outage
        given().post("/probe/warmup/1").then().statusCode(204);
        await().atMost(Duration.ofSeconds(60)).until(() -> ProbeInfra.count(
                "select count(*) from probe_effect where aggregate_id = 'warmup'") == 1);

        KafkaBroker kafka = SharedInfra.get().kafka();
        kafka.stop();
        try {
            // interleaved across aggregates, as concurrent customers would
            for (int seq = 1; seq <= CHANGES_EACH; seq++) {
                for (int a = 0; a < AGGREGATES; a++) {
                    given().post("/probe/outage-" + a + "/" + seq).then().statusCode(204);
                }
            }
            assertEquals(100, ProbeInfra.count("select count(*) from probe_change where aggregate_id like 'outage-%'"),
                    "all 100 state changes committed while the broker was down");
            assertEquals(100, ProbeInfra.count(
                    "select count(*) from outbox_event where aggregateid like 'outage-%' and sent_at is null"),
                    "their events wait in the outbox");
            // only the messaging group (and its gauge) says the broker is away; the service stays ready and live
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                    when().get("/q/health/group/messaging").then().statusCode(503).body("status", is("DOWN")));
            await().atMost(Duration.ofSeconds(30)).until(() -> when().get("/q/metrics").then().extract().asString()
                    .contains("kafka_broker_reachable 0.0"));
            when().get("/q/health/ready").then().statusCode(200).body("status", is("UP"));
            when().get("/q/health/live").then().statusCode(200).body("status", is("UP"));
            given().post("/probe/after-the-group-went-down/1").then().statusCode(204); // and writes still commit
        } finally {
            kafka.start();
        }

        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).until(() -> ProbeInfra.count(
                "select count(*) from probe_effect where aggregate_id like 'outage-%'") == 100);
        assertEquals(0, ProbeInfra.count("select count(*) from outbox_event where sent_at is null"), "all rows marked sent");
        for (int a = 0; a < AGGREGATES; a++) {
            List<Integer> order = ProbeInfra.query("select seq from probe_effect where aggregate_id = 'outage-" + a
                    + "' order by consumed_order", rs -> rs.getInt(1));
            assertEquals(IntStream.rangeClosed(1, CHANGES_EACH).boxed().toList(), order, "order of outage-" + a);
        }

        // the same 100 records delivered again: each is consumed, none applied
        double duplicatesBefore = consumedWithOutcome("duplicate");
        List<ConsumerRecord<String, String>> records = ProbeInfra.recordsOf("probe.events", k -> k.startsWith("outage-"));
        assertEquals(100, records.size(), "exactly one record per event on the topic");
        redeliver(records);
        await().atMost(Duration.ofSeconds(60)).until(() -> consumedWithOutcome("duplicate") - duplicatesBefore >= 100);
        assertEquals(100, ProbeInfra.count("select count(*) from probe_effect where aggregate_id like 'outage-%'"));
        assertEquals(100, ProbeInfra.count("select count(*) from processed_event where consumer = 'probe'"
                + " and event_id in (select event_id from probe_effect where aggregate_id like 'outage-%')"));

        // the outage left no lasting mark on health
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                when().get("/q/health/group/messaging").then().statusCode(200).body("status", is("UP")));
        when().get("/q/health/live").then().statusCode(200).body("status", is("UP"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                when().get("/q/health/ready").then().statusCode(200).body("status", is("UP")));
    }

    private static void redeliver(List<ConsumerRecord<String, String>> records) {
        SharedInfra.get().kafka().send(records.stream()
                .map(r -> new ProducerRecord<>(r.topic(), r.partition(), r.key(), r.value(), r.headers())).toList());
    }

    static double consumedWithOutcome(String outcome) {
        String metrics = when().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher m = Pattern.compile("events_consumed_total\\{consumer=\"probe\",outcome=\"" + outcome + "\"[^}]*} ([0-9.E]+)")
                .matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
