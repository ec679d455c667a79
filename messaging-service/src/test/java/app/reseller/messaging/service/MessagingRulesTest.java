package app.reseller.messaging.service;

import app.reseller.messaging.MessageStatus;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The messaging rules that need no database or provider. */
class MessagingRulesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void phoneNumbersAreNormalisedToWappinsForm() {
        assertEquals("6281234567890", Phones.normalize("6281234567890", "p"));
        assertEquals("6281234567890", Phones.normalize("+62 812-3456-7890", "p"));
        assertEquals("6281234567890", Phones.normalize("081234567890", "p"));
        assertThrows(app.reseller.platform.domain.InvalidValue.class, () -> Phones.normalize("12ab", "p"));
        assertThrows(app.reseller.platform.domain.InvalidValue.class, () -> Phones.normalize(null, "p"));
    }

    @Test
    void aWebhookRoundsClaimsOutliveTheRoundWhateverItsSize() {
        // 32 attempts at a time, each up to the timeout: a round of 64 whose endpoints all time out takes two timeouts
        assertEquals(java.time.Duration.ofSeconds(50), WebhookDispatcher.lease(64, java.time.Duration.ofSeconds(10)));
        assertEquals(java.time.Duration.ofSeconds(40), WebhookDispatcher.lease(1, java.time.Duration.ofSeconds(10)));
        assertEquals(java.time.Duration.ofSeconds(40), WebhookDispatcher.lease(32, java.time.Duration.ofSeconds(10)));
        assertEquals(java.time.Duration.ofSeconds(50), WebhookDispatcher.lease(33, java.time.Duration.ofSeconds(10)));
        assertEquals(java.time.Duration.ofSeconds(110), WebhookDispatcher.lease(256, java.time.Duration.ofSeconds(10)));
        for (int batch = 1; batch <= 1024; batch++) {
            java.time.Duration worstRound = java.time.Duration.ofSeconds(3).multipliedBy((batch + 31) / 32);
            assertTrue(WebhookDispatcher.lease(batch, java.time.Duration.ofSeconds(3)).compareTo(worstRound.plusSeconds(30)) >= 0,
                    "batch " + batch);
        }
    }

    @Test
    void deliveryStatusesOnlyMoveForward() {
        assertTrue(MessageStatus.READ.rank() > MessageStatus.DELIVERED.rank());
        assertTrue(MessageStatus.DELIVERED.rank() > MessageStatus.SENT.rank());
        assertTrue(MessageStatus.SENT.rank() > MessageStatus.ACCEPTED.rank());
        assertEquals(MessageStatus.READ, MessageStatus.fromWappin("READ"));
        assertNull(MessageStatus.fromWappin("exploded"));
    }

    @Test
    void ruleParametersAreFilledFromTheEvent() throws Exception {
        var event = JSON.readTree("{\"customerId\":\"c1\",\"balanceDays\":2}");
        assertEquals(List.of("c1", "2 days left", "{missing} stays"),
                NotificationService.render(List.of("{customerId}", "{balanceDays} days left", "{missing} stays"), event));
        assertEquals(Map.of("1", "a", "2", "b"), MessageService.numbered(List.of("a", "b")));
        assertEquals("BalanceLow", NotificationService.shortName("billing.BalanceLow.v1"));
    }

    @Test
    void callbackBodiesAreCheckedFieldByField() throws Exception {
        var status = CallbackService.read(JSON.readTree(
                "{\"message_id\":\"m1\",\"callback_type\":\"status\",\"status_messages\":\"delivered\",\"timestamp\":\"1700000000\"}"), java.time.Instant.EPOCH);
        assertEquals("status:m1:DELIVERED", status.dedupKey());
        assertEquals(1700000000L, status.at().getEpochSecond());
        var message = CallbackService.read(JSON.readTree(
                "{\"message_id\":\"m2\",\"callback_type\":\"message\",\"sender_number\":\"62812\",\"message_content\":\"hi\"}"), java.time.Instant.EPOCH);
        assertEquals("message:m2", message.dedupKey());
        assertThrows(app.reseller.messaging.MessagingRefusal.InvalidCallback.class, () -> CallbackService.read(JSON.readTree("{\"callback_type\":\"status\"}"), java.time.Instant.EPOCH));
        assertThrows(app.reseller.messaging.MessagingRefusal.InvalidCallback.class, () -> CallbackService.read(JSON.readTree("[1]"), java.time.Instant.EPOCH));
        assertThrows(app.reseller.messaging.MessagingRefusal.InvalidCallback.class, () -> CallbackService.read(JSON.readTree(
                "{\"message_id\":\"m3\",\"callback_type\":\"message\"}"), java.time.Instant.EPOCH));
    }

    @Test
    void everyDocumentedCodeHasItsOwnProblem() {
        for (String code : List.of("400", "401", "404", "406", "407", "419", "601", "605", "700")) {
            assertTrue(app.reseller.messaging.client.WappinFaults.CODES.containsKey(code), code);
        }
        var fault = app.reseller.messaging.client.WappinFaults.describe(new app.reseller.messaging.client.WappinException("601", "x"))
                .orElseThrow();
        assertEquals(422, app.reseller.messaging.rest.WappinFaultMapper.STATUS.get(fault.kind()));
        assertEquals("The recipient is not a WhatsApp number", fault.title());
    }
}
