package app.reseller.platform.events;

import app.reseller.infra.PlatformInfraResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import static io.restassured.RestAssured.given;
import static io.restassured.RestAssured.when;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link IdempotentConsumer#applyBatch}: a poll is applied in one transaction, and a record that
 * will never apply (the probe refuses a negative seq) rolls its batch back; the batch is then applied
 * one record at a time, so that record alone goes to the dead-letter topic and every other event is
 * applied exactly once, in order per aggregate.
 */
@QuarkusTest
@WithTestResource(value = PlatformInfraResource.class, scope = TestResourceScope.MATCHING_RESOURCES, initArgs = {
        @ResourceArg(name = "database", value = ProbeInfra.DATABASE),
        @ResourceArg(name = "topics", value = "probe.events")})
class BatchConsumerSetsTheFailingEventApartTest {

    private static final int AGGREGATES = 3;
    private static final int CHANGES_EACH = 10;

    @Test
    void onlyTheRefusedEventGoesToTheDeadLetterTopicAndTheRestApplyOnce() {
        given().post("/probe/batch-warmup/1").then().statusCode(204);
        await().atMost(Duration.ofSeconds(60)).until(() -> ProbeInfra.count(
                "select count(*) from probe_effect where aggregate_id = 'batch-warmup'") == 1);
        double splitBefore = batches("split");

        // 30 events committed in one statement: the relay publishes them in one pass and the
        // consumer polls them together; batch-1's fifth one is refused by the consumer
        List<String> rows = new ArrayList<>();
        for (int seq = 1; seq <= CHANGES_EACH; seq++) {
            for (int a = 0; a < AGGREGATES; a++) {
                String aggregate = "batch-" + a;
                int value = a == 1 && seq == 5 ? -5 : seq;
                rows.add("(gen_random_uuid(), 'probe', '%1$s', 'probe.ProbeChanged.v1', 'probe.events', '%1$s', '{\"aggregateId\":\"%1$s\",\"seq\":%2$d,\"committedAt\":\"2026-12-05T00:00:00Z\"}', %3$d)"
                        .formatted(aggregate, value, OutboxBuckets.of(aggregate)));
            }
        }
        ProbeInfra.execute("insert into outbox_event (id, aggregatetype, aggregateid, type, topic, subject, payload, bucket) values "
                + String.join(", ", rows));

        await().atMost(Duration.ofSeconds(60)).until(() -> ProbeInfra.count(
                "select count(*) from probe_effect where aggregate_id like 'batch-_'") == 29);
        List<ConsumerRecord<String, String>> dead = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> { // the topic appears with its first record
            dead.clear();
            dead.addAll(ProbeInfra.recordsOf("probe.events.dlq", key -> key.startsWith("batch-")));
            return !dead.isEmpty();
        });
        // and nothing else happens: no second dead letter, no effect applied twice or late
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() ->
                ProbeInfra.recordsOf("probe.events.dlq", key -> key.startsWith("batch-")).size() == 1
                        && ProbeInfra.count("select count(*) from probe_effect where aggregate_id like 'batch-_'") == 29);
        assertEquals("batch-1", dead.get(0).key());
        assertTrue(dead.get(0).value().contains("-5"), dead.get(0).value());
        assertEquals(29, ProbeInfra.count("select count(*) from processed_event where consumer = 'probe' and event_id in "
                + "(select id from outbox_event where aggregateid like 'batch-_')"), "the refused event is not marked processed");
        assertTrue(batches("split") > splitBefore, "the refused event's batch was split");
        for (int a = 0; a < AGGREGATES; a++) {
            List<Integer> order = ProbeInfra.query("select seq from probe_effect where aggregate_id = 'batch-" + a
                    + "' order by consumed_order", rs -> rs.getInt(1));
            List<Integer> expected = IntStream.rangeClosed(1, CHANGES_EACH).boxed().toList();
            if (a == 1) {
                expected = expected.stream().filter(seq -> seq != 5).toList();
            }
            assertEquals(expected, order, "order of batch-" + a);
        }
    }

    /**
     * The relay is at-least-once: the same event may reach one poll twice. The batch records its
     * ids in one statement, and the second copy must find the first one's id, not apply again.
     */
    @Test
    void anEventPublishedTwiceIntoOnePollIsAppliedOnce() {
        given().post("/probe/twice-warmup/1").then().statusCode(204);
        await().atMost(Duration.ofSeconds(60)).until(() -> ProbeInfra.count(
                "select count(*) from probe_effect where aggregate_id = 'twice-warmup'") == 1);
        double splitBefore = batches("split");
        String aggregate = "twice";
        String payload = "'{\"aggregateId\":\"twice\",\"seq\":%d,\"committedAt\":\"2026-12-05T00:00:00Z\"}'";
        // only this test writes one id twice: the unique id is lifted for one statement's worth of rows
        ProbeInfra.execute("alter table outbox_event drop constraint outbox_event_id_key");
        try {
            ProbeInfra.execute("""
                    insert into outbox_event (id, aggregatetype, aggregateid, type, topic, subject, payload, bucket)
                    select case when n = 3 then 'a1f7c9e0-0000-4000-8000-000000000002'::uuid else gen_random_uuid() end,
                           'probe', '%1$s', 'probe.ProbeChanged.v1', 'probe.events', '%1$s', format(%2$s, n)::jsonb, %3$d
                      from generate_series(1, 5) n
                    union all
                    select 'a1f7c9e0-0000-4000-8000-000000000002'::uuid, 'probe', '%1$s', 'probe.ProbeChanged.v1', 'probe.events',
                           '%1$s', format(%2$s, 3)::jsonb, %3$d
                    """.formatted(aggregate, payload.replace("%d", "%s"), OutboxBuckets.of(aggregate)));
            await().atMost(Duration.ofSeconds(60)).until(() -> ProbeInfra.count(
                    "select count(*) from outbox_event where aggregateid = 'twice' and sent_at is null") == 0);
        } finally {
            ProbeInfra.execute("delete from outbox_event where aggregateid = 'twice'");
            ProbeInfra.execute("alter table outbox_event add constraint outbox_event_id_key unique (id)");
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> ProbeInfra.count(
                "select count(*) from probe_effect where aggregate_id = 'twice'") == 5);
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> ProbeInfra.count(
                "select count(*) from probe_effect where aggregate_id = 'twice'") == 5);
        assertEquals(1, ProbeInfra.count("select count(*) from probe_effect where event_id = 'a1f7c9e0-0000-4000-8000-000000000002'"));
        // the probe's effect table would refuse a second apply and split the batch: it must not come to that
        assertEquals(splitBefore, batches("split"), "the copy was recognised inside the batch, not by a failed apply");
    }

    private static double batches(String outcome) {
        String metrics = when().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher m = Pattern.compile("events_batches_total\\{consumer=\"probe\",outcome=\"" + outcome + "\"[^}]*} ([0-9.E]+)")
                .matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
