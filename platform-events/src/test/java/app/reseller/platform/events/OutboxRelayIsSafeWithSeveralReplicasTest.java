package app.reseller.platform.events;

import app.reseller.infra.PlatformInfraResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Several relays working the same outbox at once (the app's own, plus four more passes looping in
 * parallel, as replicas would) publish every event exactly once and each aggregate in order.
 */
@QuarkusTest
@WithTestResource(value = PlatformInfraResource.class, scope = TestResourceScope.MATCHING_RESOURCES, initArgs = {
        @ResourceArg(name = "database", value = ProbeInfra.DATABASE),
        @ResourceArg(name = "topics", value = "probe.events")})
class OutboxRelayIsSafeWithSeveralReplicasTest {

    @Inject
    OutboxRelay relay;

    @Test
    void aPassTakesItsShareOfTheBucketsAsOtherRelaysConnect() throws Exception {
        assertEquals(16, takenWithOtherRelays(0), "alone, a relay takes every bucket");
        assertEquals(8, takenWithOtherRelays(1), "with one more relay connected, half");
        assertEquals(6, takenWithOtherRelays(2), "with two more, a third, rounded up");
    }

    /** How many buckets this app's relay takes in a pass while {@code others} relays of other replicas are connected. */
    private int takenWithOtherRelays(int others) throws Exception {
        List<java.sql.Connection> connected = new ArrayList<>();
        try {
            for (int i = 0; i < others; i++) {
                connected.add(ProbeInfra.connectAs(OutboxRelay.APPLICATION_NAME + "other-replica-" + i));
            }
            // the app's relay may be in a timed pass of its own, holding its share: ask again until it is not
            return await().atMost(Duration.ofSeconds(10)).until(
                    () -> relay.bucketsAPassWouldTake().await().atMost(Duration.ofSeconds(5)).size(),
                    taken -> taken == (int) Math.ceil(16.0 / (others + 1)));
        } finally {
            for (java.sql.Connection c : connected) {
                c.close();
            }
        }
    }

    @Test
    void concurrentRelayPassesPublishEachEventOnceAndInOrder() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        AtomicBoolean writing = new AtomicBoolean(true);
        List<Future<Integer>> replicas = new ArrayList<>();
        for (int r = 0; r < 4; r++) {
            replicas.add(pool.submit(() -> {
                int published = 0;
                while (writing.get() || ProbeInfra.count("select count(*) from outbox_event where sent_at is null") > 0) {
                    published += relay.relayOnePass().await().atMost(Duration.ofSeconds(30));
                }
                return published;
            }));
        }
        List<Future<?>> writers = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            int writer = w;
            writers.add(pool.submit(() -> IntStream.rangeClosed(1, 50).forEach(seq -> {
                for (int a = writer * 5; a < writer * 5 + 5; a++) {
                    given().post("/probe/replicas-" + a + "/" + seq).then().statusCode(204);
                }
            })));
        }
        for (Future<?> w : writers) {
            w.get(120, TimeUnit.SECONDS);
        }
        writing.set(false);
        int publishedByTestReplicas = 0;
        for (Future<Integer> r : replicas) {
            publishedByTestReplicas += r.get(120, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertTrue(publishedByTestReplicas > 0, "the extra relays took part");

        await().atMost(Duration.ofSeconds(60)).until(() ->
                ProbeInfra.recordsOf("probe.events", k -> k.startsWith("replicas-")).size() >= 1000);
        List<ConsumerRecord<String, String>> records = ProbeInfra.recordsOf("probe.events", k -> k.startsWith("replicas-"));
        Map<String, Long> perEventId = records.stream()
                .collect(Collectors.groupingBy(r -> ProbeInfra.header(r, "ce_id"), Collectors.counting()));
        assertEquals(1000, perEventId.size(), "every event published");
        assertTrue(perEventId.values().stream().allMatch(n -> n == 1), "no event published twice");

        Map<String, List<Integer>> seqsPerAggregate = ProbeInfra.seqsPerAggregate(records);
        assertEquals(20, seqsPerAggregate.size());
        seqsPerAggregate.forEach((aggregate, seqs) ->
                assertEquals(IntStream.rangeClosed(1, 50).boxed().toList(), seqs, "order of " + aggregate));
    }
}
