package app.reseller.channel;

import app.reseller.channel.repository.ChannelRepository;
import app.reseller.channel.service.ChannelWebhooks;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static app.reseller.channel.ChannelTestSupport.DB;
import static app.reseller.channel.ChannelTestSupport.clearFaults;
import static app.reseller.channel.ChannelTestSupport.fault;
import static app.reseller.channel.ChannelTestSupport.linkedChannel;
import static app.reseller.channel.ChannelTestSupport.sandbox;
import static app.reseller.channel.ChannelTestSupport.whapiIdOf;
import static app.reseller.infra.TestCallers.newCustomer;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * A channel's webhook secret is renewed whenever its settings are applied again. WHAPI retries the
 * calls we did not answer 200 with the secret they were queued with, so the secret WHAPI last
 * confirmed stays accepted for channel.webhooks.previous-secret-grace; a secret WHAPI never
 * confirmed (a failed PATCH) does not push it out. A renewal and a status webhook write the same row:
 * raced, neither loses the other's write.
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
