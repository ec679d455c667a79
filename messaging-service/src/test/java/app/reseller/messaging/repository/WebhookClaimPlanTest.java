package app.reseller.messaging.repository;

import app.reseller.messaging.MessagingTest;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.Statement;

import static app.reseller.messaging.MessagingTestSupport.DB;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The dispatcher's claim on a backlog its statistics have not seen (a burst queued since the last analysis):
 * 3,000 pending deliveries in 1,000 queues, three each, all due. It walks the due index in order and stops after
 * its 64 heads, without a bitmap scan of the whole backlog or a sort (seen before: 15.6 ms and 17,171 buffers a
 * claim, and slower the further behind).
 */
@MessagingTest
class WebhookClaimPlanTest {

    @Test
    void aClaimOnAnUnanalysedBacklogWalksTheDueIndexInOrderAndStopsAfterItsRound() throws Exception {
        String plan;
        try (Connection c = DB.open()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("""
                        insert into webhook_endpoint (id, customer_id, url, event_types, secret, created_at, updated_at)
                        values ('00000000-0000-0000-0000-00000000c1a1', 'claim-plan', 'https://example.com/hook', array['message.status'],
                                '\\x00', now(), now())""");
                // the burst: uncommitted, so no analysis has counted it
                s.execute("""
                        insert into webhook_delivery (id, endpoint_id, event_id, event_type, ordering_key, payload, event_at, created_at,
                                                      queued_at, status, next_attempt_at)
                        select gen_random_uuid(), '00000000-0000-0000-0000-00000000c1a1', gen_random_uuid(), 'message.status',
                               'q-' || (i % 1000), '{}', now(), now(), now(), 'PENDING', now() - interval '1 minute' + i * interval '1 ms'
                        from generate_series(0, 2999) i""");
                s.execute(WebhookDeliveryRepository.PLAN_THE_CLAIM_IN_ORDER);
                s.execute("prepare claim(timestamptz, timestamptz, uuid, int) as " + WebhookDeliveryRepository.CLAIM);
                StringBuilder text = new StringBuilder();
                try (var rows = s.executeQuery("explain (analyze, buffers) execute claim(now(), now() + interval '1 minute',"
                        + " gen_random_uuid(), 64)")) {
                    while (rows.next()) {
                        text.append(rows.getString(1)).append('\n');
                    }
                }
                plan = text.toString();
            } finally {
                c.rollback();
            }
        }
        assertTrue(plan.contains("webhook_delivery_due_in_order"), "walks the due index:\n" + plan);
        assertFalse(plan.contains("Bitmap"), "no bitmap scan of the backlog:\n" + plan);
        assertFalse(plan.contains("Sort"), "the order from the index, no sort:\n" + plan);
        assertTrue(plan.matches("(?s).*Limit +\\(cost=[^)]*\\) \\(actual time=[^)]* rows=64 .*"), "a round of 64 heads:\n" + plan);
    }
}
