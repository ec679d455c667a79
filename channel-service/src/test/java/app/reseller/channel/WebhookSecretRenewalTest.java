package app.reseller.channel;

import app.reseller.channel.repository.ChannelRepository;
import app.reseller.channel.service.ChannelWebhooks;
import app.reseller.infra.Race;
import app.reseller.platform.events.contract.ChannelEvents.ChannelDeleted;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;

import static app.reseller.channel.ChannelTestSupport.DB;
import static app.reseller.channel.ChannelTestSupport.channelEventTypes;
import static app.reseller.channel.ChannelTestSupport.clearFaults;
import static app.reseller.channel.ChannelTestSupport.fault;
import static app.reseller.channel.ChannelTestSupport.latency;
import static app.reseller.channel.ChannelTestSupport.linkedChannel;
import static app.reseller.channel.ChannelTestSupport.sandbox;
import static app.reseller.channel.ChannelTestSupport.whapiIdOf;
import static app.reseller.infra.TestCallers.asCustomer;
import static app.reseller.infra.TestCallers.newCustomer;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * A channel's webhook secret is renewed whenever its settings are applied again. WHAPI retries the
 * calls we did not answer 200 with the secret they were queued with, so the secret WHAPI last
 * confirmed stays accepted for channel.webhooks.previous-secret-grace; a secret WHAPI never
 * confirmed (a failed PATCH) does not push it out. A renewal and a status webhook write the same row:
 * raced, neither loses the other's write. A renewal racing the channel's deletion never leaves a secret on the
 * deleted channel.
 */
@ChannelTest
class WebhookSecretRenewalTest {

    private static final String HEADER = "X-Reseller-Webhook-Secret";

    @Inject
    ChannelWebhooks webhooks;

    @Inject
    ChannelRepository channels;

    @AfterEach
    void noFaults() {
        clearFaults();
    }

    @Test
    void aCallQueuedWithTheOldSecretIsStillTakenAfterARenewalUntilTheGraceEnds() throws Throwable {
        String channel = linkedChannel(newCustomer(), 1);
        String oldSecret = secretAtWhapi(channel);

        renew(channel);

        String newSecret = secretAtWhapi(channel);
        assertNotEquals(oldSecret, newSecret);
        assertEquals(200, inbound(channel, oldSecret), "a retry WHAPI queued before the renewal");
        assertEquals(200, inbound(channel, newSecret));
        assertEquals(401, inbound(channel, "a guess"));
        assertEquals(401, inbound(channel, null));
        assertEquals(List.of("2"), DB.strings("select count(*)::text from channel_message where channel_id = '" + channel
                + "' and direction = 'IN'"), "both messages stored");

        // the grace over (what the clock would do in channel.webhooks.previous-secret-grace)
        DB.execute("update channel set previous_webhook_secret_until = now() - interval '1 second' where id = '" + channel + "'");
        assertEquals(401, inbound(channel, oldSecret));
        assertEquals(200, inbound(channel, newSecret));
    }

    @Test
    void aRenewalWhapiRefusedKeepsTheSecretWhapiStillHasAccepted() throws Throwable {
        String channel = linkedChannel(newCustomer(), 1);
        String confirmed = secretAtWhapi(channel);

        // WHAPI refuses the new settings twice: it keeps sending with the secret it had
        fault("ERROR", "PATCH", "/gate/settings", 503, 50);
        renew(channel);
        renew(channel);
        assertEquals(List.of("false"), DB.strings("select webhooks_configured::text from channel where id = '" + channel + "'"));
        assertEquals(confirmed, secretAtWhapi(channel), "WHAPI kept its settings");
        assertEquals(200, inbound(channel, confirmed), "the secret WHAPI confirmed, not pushed out by two it never had");
        clearFaults();

        renew(channel);
        assertEquals(List.of("true"), DB.strings("select webhooks_configured::text from channel where id = '" + channel + "'"));
        assertEquals(200, inbound(channel, secretAtWhapi(channel)));
        assertEquals(200, inbound(channel, confirmed), "still the previous one WHAPI confirmed, within its grace");
    }

    @Test
    void renewalsRacingStatusWebhooksWithTheOldSecretLoseNeitherTheStatusNorTheSecret() throws Throwable {
        String channel = linkedChannel(newCustomer(), 1);
        var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 10; round++) {
                String confirmed = secretAtWhapi(channel);
                String status = round % 2 == 0 ? "QR" : "AUTH";
                var start = new java.util.concurrent.CountDownLatch(1);
                var webhook = pool.submit(() -> {
                    start.await();
                    return health(channel, confirmed, status);
                });
                var renewal = pool.submit(() -> {
                    start.await();
                    try {
                        renew(channel);
                    } catch (Throwable e) {
                        throw new IllegalStateException(e);
                    }
                    return null;
                });
                start.countDown();
                assertEquals(200, webhook.get(), "round " + round + ": the old secret, sent while it was renewed");
                renewal.get();
                assertEquals(List.of(status), DB.strings("select link_status from channel where id = '" + channel + "'"), "round " + round);
                assertNotEquals(confirmed, secretAtWhapi(channel), "round " + round + ": renewed");
                assertEquals(List.of("true"), DB.strings("select webhooks_configured::text from channel where id = '" + channel + "'"));
                assertEquals(200, health(channel, secretAtWhapi(channel), status), "round " + round + ": the new secret is current");
                assertEquals(200, health(channel, confirmed, status), "round " + round + ": the one before it is the previous");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * The renewal's two writes (the new hash before the PATCH, "configured" after it) against the deletion's (DELETING,
     * then DELETED with every secret cleared). The renewal works from the channel as read before the deletion, as the
     * reconciler's batch does; in every other round it starts only once the deletion is done. Whichever order they commit
     * in, the deleted channel keeps no secret, takes no webhook, and is deleted once.
     */
    @Test
    void renewalsRacingTheChannelsDeletionLeaveNoSecretOnTheDeletedChannel() throws Throwable {
        for (int round = 0; round < 6; round++) {
            String customer = newCustomer();
            String channel = linkedChannel(customer, 1);
            String confirmed = secretAtWhapi(channel);
            Channel readBefore = VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(
                    () -> channels.findById(UUID.fromString(channel))));
            boolean afterTheDeletion = round % 2 == 1;
            // the PATCH slow by a different amount each round, so the delete meets the renewal before, during and after it
            latency("PATCH", "/gate/settings", 1 + 60 * (round % 4), 1);
            List<Race.Outcome<Integer>> outcomes = Race.run(List.<Callable<Integer>>of(
                    () -> asCustomer(customer).delete("/channels/" + channel).then().extract().statusCode(),
                    () -> {
                        if (afterTheDeletion) {
                            await().until(() -> DB.strings("select state from channel where id = '" + channel + "'"),
                                    List.of("DELETED")::equals);
                        }
                        try {
                            VertxContextSupport.subscribeAndAwait(() -> webhooks.configure(readBefore));
                        } catch (Throwable e) {
                            throw new IllegalStateException(e);
                        }
                        return 0;
                    }));
            clearFaults();
            assertEquals(204, outcomes.get(0).value(), "round " + round + ": the delete");
            assertEquals(0, outcomes.get(1).value(), "round " + round + ": the renewal, failures recovered inside it");
            assertEquals(List.of("DELETED|||"), DB.strings("select state || '|' || coalesce(encode(webhook_secret_hash, 'hex'), '')"
                    + " || '|' || coalesce(encode(previous_webhook_secret_hash, 'hex'), '') || '|'"
                    + " || coalesce(previous_webhook_secret_until::text, '') from channel where id = '" + channel + "'"),
                    "round " + round + ": deleted, no secret left");
            assertEquals(401, health(channel, confirmed, "QR"), "round " + round + ": the secret WHAPI had");
            assertEquals(1, channelEventTypes(channel).stream().filter(ChannelDeleted.TYPE::equals).count(),
                    "round " + round + ": deleted once");
        }
    }

    /** WHAPI's "channel" webhook telling the channel's health status, carrying the given secret. */
    private static int health(String channel, String secret, String status) {
        return given().contentType("application/json").header(HEADER, secret)
                .body(Map.of("event", Map.of("type", "channel", "event", "patch"), "health", Map.of("status", Map.of("text", status))))
                .post("/webhooks/whapi/" + channel).then().extract().statusCode();
    }

    /** Applies the channel's settings again, as the reconciler (an older settings version) and a sync (unconfigured) do. */
    private void renew(String channel) throws Throwable {
        VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() -> channels.findById(UUID.fromString(channel)))
                .chain(webhooks::configure));
    }

    @SuppressWarnings("unchecked")
    private static String secretAtWhapi(String channel) {
        List<Map<String, Object>> hooks = sandbox().get("/_sandbox/whapi/channels/" + whapiIdOf(channel) + "/webhook-settings")
                .then().statusCode(200).extract().jsonPath().getList("$");
        return String.valueOf(((Map<String, Object>) hooks.get(0).get("headers")).get(HEADER));
    }

    /** WHAPI's "messages" webhook with one new inbound message, carrying the given secret. */
    private static int inbound(String channel, String secret) {
        var request = given().contentType("application/json").body(Map.of("event", Map.of("type", "messages", "event", "post"),
                "messages", List.of(Map.of("id", "wamid-" + UUID.randomUUID(), "type", "text", "chat_id", "6281277770002@s.whatsapp.net",
                        "from_me", false, "from", "6281277770002", "timestamp", 1765100000, "text", Map.of("body", "hello")))));
        if (secret != null) {
            request.header(HEADER, secret);
        }
        return request.post("/webhooks/whapi/" + channel).then().extract().statusCode();
    }
}
