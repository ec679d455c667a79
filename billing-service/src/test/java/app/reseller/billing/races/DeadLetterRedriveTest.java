package app.reseller.billing.races;

import app.reseller.billing.BillingTest;
import app.reseller.infra.SharedInfra;
import app.reseller.infra.TestEvents;
import app.reseller.platform.events.contract.ChannelEvents.ChannelCreated;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static app.reseller.billing.BillingTestSupport.execute;
import static app.reseller.billing.BillingTestSupport.number;
import static app.reseller.billing.BillingTestSupport.publishChannelEvent;
import static app.reseller.billing.BillingTestSupport.send;
import static app.reseller.billing.BillingTestSupport.unique;
import static app.reseller.infra.TestCallers.asAdmin;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A record that a rule will always refuse goes to the dead-letter topic (it does not block the
 * partition); once the rule is fixed, the redrive puts it back and it is applied, once.
 */
@BillingTest
class DeadLetterRedriveTest {

    private static final String DLQ = "channel.events.billing-dlq";

    @AfterEach
    void ruleRemoved() {
        execute("alter table billing_channel drop constraint if exists refuses_the_poison_channel");
    }

    @Test
    void aDeterministicFailureIsDeadLetteredAndRedrivenOnceFixed() {
        SharedInfra.get().kafka().createTopics(List.of(DLQ), 3);
        String poison = unique("poison");
        String healthy = unique("healthy");
        // a rule (a bug, a bad migration) that will always refuse this channel's replica
        execute("alter table billing_channel add constraint refuses_the_poison_channel check (channel_id <> '" + poison + "')");

        publishChannelEvent(poison, ChannelCreated.TYPE, new ChannelCreated(poison, poison + "-owner", "x", "TRIAL", Instant.now()));
        publishChannelEvent(healthy, ChannelCreated.TYPE, new ChannelCreated(healthy, healthy + "-owner", "x", "TRIAL", Instant.now()));
        await().atMost(Duration.ofSeconds(30)).until(() -> deadLettered(poison).size() == 1);
        // the partition moved on: the healthy record behind it is applied
        await().atMost(Duration.ofSeconds(30)).until(() -> replicas(healthy) == 1);
        assertEquals(0, replicas(poison));
        String reason = TestEvents.header(deadLettered(poison).get(0), "dead-letter-reason");
        assertTrue(reason != null && reason.contains("refuses_the_poison_channel"), "the DLQ record says why: " + reason);

        execute("alter table billing_channel drop constraint refuses_the_poison_channel"); // the fix
        int redriven = asAdmin().queryParam("topic", DLQ).post("/admin/dead-letters/redrive").then().statusCode(200)
                .body("deadLetterTopic", is(DLQ)).extract().jsonPath().getInt("records");
        assertTrue(redriven >= 1, "the poison record was redriven: " + redriven);
        await().atMost(Duration.ofSeconds(30)).until(() -> replicas(poison) == 1);

        // a second redrive finds nothing new, and the record stays applied once
        asAdmin().queryParam("topic", DLQ).post("/admin/dead-letters/redrive").then().statusCode(200).body("records", is(0));
        assertEquals(1, replicas(poison));
        asAdmin().queryParam("topic", "channel.events").post("/admin/dead-letters/redrive").then().statusCode(400);
    }

    /**
     * Data that does not read as its type (a field of the wrong shape, from a producer with a bug)
     * will not read on any retry either: it goes to the dead-letter topic, and the records behind
     * it in its partition are applied. Before, Jackson's exception (an IOException) counted as a
     * transient failure, and the record was retried forever, holding the partition.
     */
    @Test
    void anEventWhoseDataDoesNotReadIsDeadLetteredNotRetriedForever() {
        SharedInfra.get().kafka().createTopics(List.of(DLQ), 3);
        String key = unique("unreadable");
        String healthy = unique("healthy");
        String unreadable = "{\"channelId\":\"" + key + "\",\"customerId\":\"x\",\"name\":\"x\",\"mode\":\"TRIAL\","
                + "\"activeTill\":\"next tuesday\"}";
        send(TestEvents.cloudEvent("channel.events", key, ChannelCreated.TYPE, "/reseller/channel-service", unreadable));
        // the same key, so the same partition, right behind it
        var behind = TestEvents.cloudEvent("channel.events", key, ChannelCreated.TYPE, "/reseller/channel-service",
                "{\"channelId\":\"" + healthy + "\",\"customerId\":\"" + healthy + "-owner\",\"name\":\"x\",\"mode\":\"TRIAL\","
                        + "\"activeTill\":\"" + Instant.now() + "\"}");
        send(behind);

        await().atMost(Duration.ofSeconds(30)).until(() -> replicas(healthy) == 1);
        await().atMost(Duration.ofSeconds(30)).until(() -> deadLettered(key).size() == 1);
        assertTrue(deadLettered(key).get(0).value().contains("next tuesday"));
        String reason = TestEvents.header(deadLettered(key).get(0), "dead-letter-reason");
        assertTrue(reason != null && reason.contains("unreadable data"), "the DLQ record says why: " + reason);
        assertEquals(0, replicas(key));
        // and nothing else: the healthy record is not dead-lettered, the unreadable one not retried into a replica
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4))
                .until(() -> deadLettered(key).size() == 1 && replicas(key) == 0 && replicas(healthy) == 1);
    }

    private static List<ConsumerRecord<String, String>> deadLettered(String channel) {
        return TestEvents.records(DLQ, r -> channel.equals(r.key()));
    }

    private static long replicas(String channel) {
        return number("select count(*) from billing_channel where channel_id = '" + channel + "'");
    }
}
