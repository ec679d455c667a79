package app.reseller.messaging.races;

import app.reseller.messaging.MessagingTest;
import app.reseller.messaging.config.MessagingConfig;
import app.reseller.messaging.repository.StatusCallbackStore;
import app.reseller.platform.events.contract.MessagingEvents.MessageStatusChanged;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import static app.reseller.messaging.MessagingTestSupport.DB;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Two pods' status groups on the same messages at the same moment: two StatusCallbackStores (each
 * its own group commit, as in two pods) get the statuses of the same 40 messages, one SENT and READ
 * in one order, the other DELIVERED and a copy of every READ in the reverse order, all at once. In
 * every round each status is stored once with its timeline row and its event, each message ends READ
 * and its last event says so, and every caller got an answer: two statements that wait on each
 * other's messages (a deadlock, which PostgreSQL ends by refusing one) are retried status by status.
 */
@MessagingTest
class StatusGroupsOfTwoPodsRaceTest {

    private static final int ROUNDS = 15;
    private static final int MESSAGES = 40;

    @Inject
    Pool pool;

    @Inject
    MessagingConfig config;

    @Inject
    MeterRegistry metrics;

    @Test
    void twoPodsStoringStatusesOfTheSameMessagesStoreEachOnceAndEndAtTheHighest() {
        StatusCallbackStore podA = new StatusCallbackStore(pool, config, metrics);
        StatusCallbackStore podB = new StatusCallbackStore(pool, config, metrics);
        long deadlocksBefore = deadlocks();
        for (int round = 0; round < ROUNDS; round++) {
            String run = "two-pods-" + round + "-" + UUID.randomUUID().toString().substring(0, 8);
            DB.execute("insert into outbound_message (id, customer_id, recipient, kind, template, params, status, wappin_message_id) "
                    + "select gen_random_uuid(), 'customer-1', '6281100000001', 'NOTIFICATION', 'otp', '{}', 'ACCEPTED', '" + run
                    + "-' || g from generate_series(0, " + (MESSAGES - 1) + ") g");
            List<Uni<Boolean>> all = new ArrayList<>();
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < MESSAGES; i++) {
                order.add(i);
            }
            Collections.shuffle(order, new Random(round));
            for (int k = 0; k < MESSAGES; k++) {
                int forward = order.get(k);
                int backward = order.get(MESSAGES - 1 - k);
                all.add(status(podA, run, forward, "SENT"));
                all.add(status(podB, run, backward, "DELIVERED"));
                all.add(status(podA, run, forward, "READ"));
                all.add(status(podB, run, backward, "READ"));
            }
            List<Boolean> answers = Uni.join().all(all).andCollectFailures().await().atMost(Duration.ofSeconds(60));
            String r = "round " + round + ": ";
            assertEquals(MESSAGES * 3L, answers.stream().filter(Boolean.TRUE::equals).count(), r + "each status stored once, its copy not");
            assertEquals(MESSAGES * 3L, DB.number("select count(*) from wappin_callback where wappin_message_id like '" + run + "-%'"), r);
            assertEquals(MESSAGES * 3L, DB.number("select count(*) from message_status s join outbound_message m on m.id = s.message_id "
                    + "where s.source = 'CALLBACK' and m.wappin_message_id like '" + run + "-%'"), r + "one timeline row per status");
            assertEquals(MESSAGES, DB.number("select count(*) from outbound_message where status = 'READ' and wappin_message_id like '"
                    + run + "-%'"), r + "every message READ");
            String events = "from outbox_event where type = '" + MessageStatusChanged.TYPE + "' and payload->>'wappinMessageId' like '" + run + "-%'";
            assertEquals(MESSAGES * 3L, DB.number("select count(*) " + events), r + "one event per status");
            assertEquals(MESSAGES, DB.number("select count(*) from (select distinct on (aggregateid) payload->>'currentStatus' as current "
                    + events + " order by aggregateid, seq desc) last where current = 'READ'"), r + "each message's last event says READ");
        }
        System.out.printf("[race] deadlocks PostgreSQL ended during %d rounds of two pods' status groups: %d%n", ROUNDS,
                deadlocks() - deadlocksBefore);
    }

    private static Uni<Boolean> status(StatusCallbackStore pod, String run, int message, String status) {
        String wappinId = run + "-" + message;
        return pod.store("status:" + wappinId + ":" + status, wappinId, status,
                "{\"message_id\":\"" + wappinId + "\",\"callback_type\":\"status\",\"status_messages\":\"" + status.toLowerCase() + "\"}",
                Instant.parse("2026-12-07T10:00:00Z"));
    }

    private static long deadlocks() {
        return DB.number("select deadlocks from pg_stat_database where datname = current_database()");
    }
}
