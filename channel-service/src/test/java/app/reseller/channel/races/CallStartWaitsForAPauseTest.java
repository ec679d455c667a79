package app.reseller.channel.races;

import app.reseller.channel.ChannelTest;
import app.reseller.channel.CleanWhapiPerTest;
import app.reseller.channel.repository.ExtensionRequestRepository;
import app.reseller.channel.repository.ExtensionRequestRepository.Claim;
import io.quarkus.hibernate.reactive.panache.Panache;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static app.reseller.channel.ChannelTestSupport.DB;
import static app.reseller.channel.ChannelTestSupport.createChannel;
import static app.reseller.channel.ChannelTestSupport.entitle;
import static app.reseller.channel.ChannelTestSupport.onVertx;
import static app.reseller.infra.TestCallers.newCustomer;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The interleaving PauseRacesTest met once in CI, made to happen every time: an executor marks its
 * extend call started while a pause holds the channel's row (its ACTIVE -> PAUSING update not yet
 * committed). The mark must wait for the pause and then refuse (no extend goes out to a channel
 * being stopped); with the channel ACTIVE and nobody holding it, the mark is made at once.
 */
@ChannelTest
class CallStartWaitsForAPauseTest extends CleanWhapiPerTest {

    @Inject
    ExtensionRequestRepository requests;

    @Test
    void aCallStartWaitsForAPauseHoldingTheChannelAndThenGoesNowhere() throws Exception {
        String customer = newCustomer();
        entitle(customer, 2, 100);
        String channel = createChannel(customer, "held by a pause");
        Claim claim = claimedRequest(channel, customer);

        try (Connection pause = DB.open()) {
            pause.setAutoCommit(false);
            pause.createStatement().execute("update channel set state = 'PAUSING' where id = '" + channel + "'");
            CompletableFuture<Boolean> marked = CompletableFuture.supplyAsync(() -> markCallStarted(claim));
            // the pause holds the row: the mark waits, and nothing is marked meanwhile
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> !marked.isDone()
                    && DB.number("select count(*) from extension_request where request_id = '" + claim.requestId()
                    + "' and call_started_at is not null") == 0);
            pause.commit();
            assertFalse(marked.get(), "after the pause committed, the extend does not start");
        }
        assertEquals(0, DB.number("select count(*) from extension_request where request_id = '" + claim.requestId()
                + "' and call_started_at is not null"), "no call is marked started on a pausing channel");

        // the control: an ACTIVE channel nobody holds is marked at once
        String free = createChannel(customer, "not held");
        assertTrue(markCallStarted(claimedRequest(free, customer)));

        // nothing of this test is left for the executor, the monitor or the auditors of later tests
        DB.execute("update extension_request set state = 'FAILED', claim_token = null, lease_until = null, last_error = 'lock test over' "
                + "where comment = 'lock test' and customer_id = '" + customer + "'");
        DB.execute("update channel set state = 'DELETED', deleted_at = now() where customer_id = '" + customer + "'");
    }

    /** An open request of the channel, claimed by this test (a long lease: the executor leaves it alone). */
    private static Claim claimedRequest(String channel, String customer) {
        UUID requestId = UUID.randomUUID();
        UUID token = UUID.randomUUID();
        DB.execute("insert into extension_request (request_id, channel_id, customer_id, days, comment, state, claim_token, lease_until) "
                + "values ('" + requestId + "', '" + channel + "', '" + customer + "', 3, 'lock test', 'CALLING', '" + token
                + "', now() + interval '1 hour')");
        return new Claim(requestId, token);
    }

    private boolean markCallStarted(Claim claim) {
        return onVertx(() -> Panache.withTransaction(() -> requests.markCallStarted(claim, Instant.now(), Instant.now())));
    }
}
