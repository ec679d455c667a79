package app.reseller.channel;

import app.reseller.channel.service.ChannelReconciler;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static app.reseller.channel.ChannelTestSupport.DB;
import static app.reseller.channel.ChannelTestSupport.linkedChannel;
import static app.reseller.channel.ChannelTestSupport.sandbox;
import static app.reseller.channel.ChannelTestSupport.whapiIdOf;
import static app.reseller.infra.TestCallers.asCustomer;
import static app.reseller.infra.TestCallers.newCustomer;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A channel configured with an older version of its WHAPI settings (before the statuses and
 * messages events, before callback retries were asked for) gets the current ones from the reconciler.
 */
@ChannelTest
class OutdatedWebhookSettingsTest {

    @Inject
    ChannelReconciler reconciler;

    @Test
    void aChannelWithAnOlderSetOfWebhookEventsIsReconfiguredAndItsWebhooksStillPass() throws Throwable {
        String customer = newCustomer();
        String channel = linkedChannel(customer, 1);
        // as a channel made before this version looks
        DB.execute("update channel set webhook_settings_version = 1 where id = '" + channel + "'");
        String secretBefore = DB.strings("select encode(webhook_secret_hash, 'hex') from channel where id = '" + channel + "'").get(0);

        VertxContextSupport.subscribeAndAwait(() -> reconciler.runOnce());

        assertEquals(3L, DB.number("select webhook_settings_version from channel where id = '" + channel + "'"));
        assertNotEquals(secretBefore, DB.strings("select encode(webhook_secret_hash, 'hex') from channel where id = '" + channel + "'").get(0));
        List<Map<String, Object>> settings = sandbox().get("/_sandbox/whapi/channels/" + whapiIdOf(channel) + "/webhook-settings")
                .then().statusCode(200).extract().jsonPath().getList("[0].events");
        assertTrue(settings.containsAll(List.of(Map.of("type", "statuses", "method", "post"), Map.of("type", "messages", "method", "post"))),
                settings.toString());
        // WHAPI keeps and retries the calls we do not answer 200 (a restart of ours loses nothing)
        var retries = sandbox().get("/_sandbox/whapi/channels/" + whapiIdOf(channel) + "/settings").then().statusCode(200).extract().jsonPath();
        assertEquals(3000, retries.getInt("callback_backoff_delay_ms"));
        assertEquals(900000, retries.getInt("max_callback_backoff_delay_ms"));
        assertTrue(retries.getBoolean("callback_persist"));
        // WHAPI's webhooks carry the new secret and pass: a sent message reaches READ
        String id = asCustomer(customer).body(Map.of("to", "6281234567890", "type", "text", "text", "after the reconfiguration"))
                .post("/channels/" + channel + "/messages").then().statusCode(201).extract().path("id");
        await().atMost(Duration.ofSeconds(20)).until(() -> "READ".equals(DB.strings("select status from channel_message where id = '"
                + id + "'").get(0)));
        String current = DB.strings("select encode(webhook_secret_hash, 'hex') from channel where id = '" + channel + "'").get(0);
        VertxContextSupport.subscribeAndAwait(() -> reconciler.runOnce());
        assertEquals(current, DB.strings("select encode(webhook_secret_hash, 'hex') from channel where id = '" + channel + "'").get(0),
                "a current channel is left alone");
    }

    @Test
    void aChannelWhoseTokenCannotBeOpenedDoesNotHoldBackTheOthers() throws Throwable {
        // the first in the reconciler's order has a token no key of the keyset opens (sealed with a key since retired)
        String broken = linkedChannel(newCustomer(), 1);
        String fine = linkedChannel(newCustomer(), 1);
        DB.execute("update channel set webhook_settings_version = 1, created_at = created_at - interval '10 years',"
                + " token_sealed = decode('00112233445566778899', 'hex') where id = '" + broken + "'");
        DB.execute("update channel set webhook_settings_version = 1 where id = '" + fine + "'");

        VertxContextSupport.subscribeAndAwait(() -> reconciler.runOnce());

        assertEquals(3L, DB.number("select webhook_settings_version from channel where id = '" + fine + "'"));
        assertEquals(List.of("false"), DB.strings("select webhooks_configured::text from channel where id = '" + broken + "'"),
                "the broken one is marked not configured, for a sync, and no longer taken by the reconciler");
        DB.execute("update channel set state = 'DELETED', deleted_at = now() where id = '" + broken + "'");
    }
}
