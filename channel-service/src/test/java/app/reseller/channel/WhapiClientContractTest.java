package app.reseller.channel;

import app.reseller.infra.OpenApiContract;
import app.reseller.infra.RecordingProxy;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static app.reseller.infra.TestCallers.asAdmin;
import static app.reseller.infra.TestCallers.asCustomer;
import static app.reseller.channel.ChannelTestSupport.channelEvents;
import static app.reseller.channel.ChannelTestSupport.createChannel;
import static app.reseller.channel.ChannelTestSupport.entitle;
import static app.reseller.infra.TestCallers.newCustomer;
import static app.reseller.channel.ChannelTestSupport.requestExtension;
import static app.reseller.channel.ChannelTestSupport.wire;
import static app.reseller.channel.ChannelTestSupport.sandbox;
import static app.reseller.channel.ChannelTestSupport.whapiIdOf;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every request our WHAPI clients put on the wire, and every answer the sandbox gave them, checked
 * against WHAPI's published OpenAPI descriptions (manager and gate), so neither our clients nor the
 * sandbox can drift from the real API.
 */
@ChannelTest
class WhapiClientContractTest {

    private static final OpenApiContract MANAGER = OpenApiContract.load("whapi-manager-openapi.json", "/manager");
    private static final OpenApiContract GATE = OpenApiContract.load("whapi-gate-openapi.yaml", "/gate");

    @Inject
    CircuitBreakerMaintenance circuitBreakers;

    @Inject
    app.reseller.channel.service.ChannelHealthMonitor monitor;

    @BeforeEach
    void resetBreakers() {
        circuitBreakers.resetAll();
        Assumptions.assumeTrue(MANAGER.available() && GATE.available(),
                () -> MANAGER.available() ? GATE.skipReason() : MANAGER.skipReason());
    }

    @Test
    void everyCallOfTheClientsAndEveryAnswerOfTheSandboxFollowWhapisDescriptions() {
        wire().clear();
        // every client operation once: create (+ webhook settings), get, list, extend, mode, QR, PNG, pairing code,
        // sends, delete
        asAdmin().post("/admin/whapi/settings/test").then().statusCode(200);
        String customer = newCustomer();
        entitle(customer, 2, 10);
        String channelId = createChannel(customer, "contract");
        asCustomer(customer).post("/channels/" + channelId + "/sync").then().statusCode(200);
        asCustomer(customer).get("/channels/" + channelId + "/qr").then().statusCode(200);
        asCustomer(customer).get("/channels/" + channelId + "/qr.png").then().statusCode(200);
        asCustomer(customer).body(Map.of("phone", "6281234567890")).post("/channels/" + channelId + "/pairing-code")
                .then().statusCode(200);
        // linked (the phone scans the QR), the channel sends a text and an image replying to it
        sandbox().post("/_sandbox/whapi/channels/" + whapiIdOf(channelId) + "/login").then().statusCode(200);
        await().atMost(Duration.ofSeconds(15)).until(() -> "AUTH".equals(asCustomer(customer).get("/channels/" + channelId)
                .then().extract().path("linkStatus")));
        String quoted = asCustomer(customer).body(Map.of("to", "6281234567890", "type", "text", "text", "contract"))
                .post("/channels/" + channelId + "/messages").then().statusCode(201).extract().path("whapiMessageId");
        asCustomer(customer).body(Map.of("to", "6281234567890", "type", "image", "mediaUrl", "https://example.com/i.png",
                "caption", "c", "replyTo", quoted)).post("/channels/" + channelId + "/messages").then().statusCode(201);
        // WHAPI hangs the channel while launching: the health monitor polls GET /health; the restart brings it back
        sandbox().body(Map.of("restartsToRecover", 1)).post("/_sandbox/whapi/channels/" + whapiIdOf(channelId) + "/stuck")
                .then().statusCode(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> "STARTING".equals(asCustomer(customer).get("/channels/" + channelId
                + "/health").then().extract().path("health")));
        try {
            io.quarkus.vertx.VertxContextSupport.subscribeAndAwait(() -> monitor.runOnce());
        } catch (Throwable failure) {
            throw new IllegalStateException(failure);
        }
        asCustomer(customer).post("/channels/" + channelId + "/restart").then().statusCode(202);
        asCustomer(customer).post("/channels/" + channelId + "/logout").then().statusCode(202);
        requestExtension(UUID.randomUUID(), channelId, customer, 10);
        await().atMost(Duration.ofSeconds(30)).until(() -> channelEvents("channel.ChannelModeChanged.v1", channelId).size() == 1);
        asCustomer(customer).delete("/channels/" + channelId).then().statusCode(204);

        List<RecordingProxy.Exchange> exchanges = wire().exchanges();
        Set<String> operations = exchanges.stream()
                .map(e -> e.method() + " " + e.path().replaceAll("/channels/[A-Z0-9-]{12}", "/channels/{id}")
                        .replaceAll("/users/login/\\d+", "/users/login/{phone}"))
                .collect(Collectors.toSet());
        assertEquals(Set.of("GET /manager/channels/list", "PUT /manager/channels", "GET /manager/channels/{id}",
                "POST /manager/channels/{id}/extend", "PATCH /manager/channels/{id}/mode", "DELETE /manager/channels/{id}",
                "PATCH /gate/settings", "GET /gate/users/login", "GET /gate/users/login/image",
                "GET /gate/users/login/{phone}", "POST /gate/messages/text", "POST /gate/messages/image",
                "POST /manager/channels/{id}/restart", "POST /gate/users/logout", "GET /gate/health"), operations, "the test covers every call the clients make");

        List<String> violations = new ArrayList<>();
        for (RecordingProxy.Exchange e : exchanges) {
            violations.addAll(e.path().startsWith("/manager") ? MANAGER.violations(e)
                    : GATE.violations(e, OpenApiContract::mediaOneOfFlaw)); // WHAPI's own description flaw (see there)
        }
        assertTrue(violations.isEmpty(), "departures from WHAPI's OpenAPI:\n" + String.join("\n", violations));
    }

    @Test
    void theCheckCatchesARequestThatBreaksTheDescription() {
        // the same check on a request our client must never send: extend without its required comment
        var broken = OpenApiContract.exchange("POST", "/manager/channels/ABCDEF-12345/extend", null,
                Map.of("Authorization", List.of("Bearer x"), "Content-Type", List.of("application/json")),
                "{\"days\":3}", 200, "application/json", "{\"success\":true,\"result\":true}".getBytes());
        assertFalse(MANAGER.violations(broken).isEmpty(), "a missing required field must be reported");
        // and the one flaw the gate check leaves out (media's oneOf) hides nothing else: a media send
        // without its required "to" is still reported
        var noRecipient = OpenApiContract.exchange("POST", "/gate/messages/image", null,
                Map.of("Authorization", List.of("Bearer x"), "Content-Type", List.of("application/json")),
                "{\"media\":\"https://example.com/i.png\"}", 200, "application/json",
                "{\"sent\":true,\"message\":{\"id\":\"PsqXn5SAD5v7HRA-wHiQEhxVU9Ac\",\"type\":\"image\",\"chat_id\":\"6281234567890@s.whatsapp.net\",\"from_me\":true,\"timestamp\":1}}".getBytes());
        assertFalse(GATE.violations(noRecipient, OpenApiContract::mediaOneOfFlaw).isEmpty(), "a missing 'to' must be reported");
    }
}
