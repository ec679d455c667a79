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
import java.util.Map;
import java.util.stream.IntStream;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A relay pass commits without waiting for its WAL flush (OutboxRelay.PASS_SETTINGS), so a crash
 * of PostgreSQL can lose the newest passes' marks: rows Kafka has look unsent again. This test
 * loses them on purpose (sent_at back to null, what the crash leaves) and writes more events after:
 * the relay publishes the lost-mark rows again, before the new ones and in their order, and the
 * consumer applies every event once, each aggregate in order.
 */
@QuarkusTest
@WithTestResource(value = PlatformInfraResource.class, scope = TestResourceScope.MATCHING_RESOURCES, initArgs = {
        @ResourceArg(name = "database", value = ProbeInfra.DATABASE),
        @ResourceArg(name = "topics", value = "probe.events")})
class OutboxRelayLostMarkIsOnlyADuplicateTest {

    private static final int AGGREGATES = 5;
    private static final int BEFORE = 10;
    private static final int AFTER = 5;

    @Test
    void rowsWhoseMarkWasLostGoAgainInOrderAndAreAppliedOnce() {
        write(1, BEFORE);
        await().atMost(Duration.ofSeconds(30)).until(() -> effects() == AGGREGATES * BEFORE
                && ProbeInfra.count("select count(*) from outbox_event where aggregateid like 'lost-mark-%' and sent_at is null") == 0);

        ProbeInfra.execute("update outbox_event set sent_at = null where aggregateid like 'lost-mark-%'"); // the marks a crash lost
        write(BEFORE + 1, BEFORE + AFTER);

        int total = AGGREGATES * (BEFORE + AFTER);
        await().atMost(Duration.ofSeconds(30)).until(() -> effects() == total
                && ProbeInfra.count("select count(*) from outbox_event where aggregateid like 'lost-mark-%' and sent_at is null") == 0
                && records().size() == AGGREGATES * (2 * BEFORE + AFTER));

        // on the topic: each aggregate's first events twice, in order, then the new ones
        List<Integer> expectedOnTheTopic = new ArrayList<>();
        IntStream.rangeClosed(1, BEFORE).forEach(expectedOnTheTopic::add);
        IntStream.rangeClosed(1, BEFORE + AFTER).forEach(expectedOnTheTopic::add);
        Map<String, List<Integer>> published = ProbeInfra.seqsPerAggregate(records());
        assertEquals(AGGREGATES, published.size());
        published.forEach((aggregate, seqs) -> assertEquals(expectedOnTheTopic, seqs, "published, " + aggregate));

        // applied: every event once, each aggregate in order
        Map<String, List<Integer>> applied = ProbeInfra.appliedSeqsPerAggregate("lost-mark-");
        List<Integer> once = IntStream.rangeClosed(1, BEFORE + AFTER).boxed().toList();
        assertEquals(AGGREGATES, applied.size());
        applied.forEach((aggregate, seqs) -> assertEquals(once, seqs, "applied, " + aggregate));
    }

    private static void write(int fromSeq, int toSeq) {
        for (int seq = fromSeq; seq <= toSeq; seq++) {
            for (int a = 0; a < AGGREGATES; a++) {
                given().post("/probe/lost-mark-" + a + "/" + seq).then().statusCode(204);
            }
        }
    }

    private static long effects() {
        return ProbeInfra.count("select count(*) from probe_effect where aggregate_id like 'lost-mark-%'");
    }

    private static List<ConsumerRecord<String, String>> records() {
        return ProbeInfra.recordsOf("probe.events", key -> key.startsWith("lost-mark-"));
    }
}
