package app.reseller.local;

import app.reseller.client.ApiClient;
import app.reseller.client.ApiException;
import app.reseller.client.api.BillingApi;
import app.reseller.client.api.ChannelsApi;
import app.reseller.client.api.GatewayApi;
import app.reseller.client.api.MessagingApi;
import app.reseller.client.model.AllocationMode;
import app.reseller.client.model.AllocationModeRequest;
import app.reseller.client.model.AllocationRequest;
import app.reseller.client.model.ChannelView;
import app.reseller.client.model.CreateChannelRequest;
import app.reseller.client.model.Dashboard;
import app.reseller.client.model.ExtensionRequest;
import app.reseller.client.model.ExtensionView;
import app.reseller.client.model.MessageView;
import app.reseller.client.model.MovementView;
import app.reseller.client.model.NotificationRequest;
import app.reseller.client.model.PlanRequest;
import app.reseller.client.model.PlanView;
import app.reseller.client.model.SubscribeRequest;
import app.reseller.client.model.SubscriptionView;
import app.reseller.client.model.TopUpRequest;
import app.reseller.client.model.WappinSettingsRequest;
import app.reseller.client.model.WhapiSettingsRequest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README journey through a Java client generated from the public OpenAPI document
 * (openapi-generator, {@code docs/openapi.json}) and nothing else: every call to the platform is a
 * method of the generated client. Only the provider sandbox's own controls (a phone scanning the QR,
 * where Wappin sends callbacks) are plain HTTP, as in the README. The first test proves the client
 * was generated from the document the gateway serves, and leaves that document in
 * {@code target/served-openapi.json} for {@code .ci/run}'s lint.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(SharedPlatform.class)
@org.junit.jupiter.api.Order(2)
class GeneratedClientJourneyTest {

    private static final String GATEWAY = "http://127.0.0.1:8080";
    private static final String SANDBOX = "http://127.0.0.1:8090";
    /** The journey's customer: its username in Keycloak is customer-3, its id (the token's sub) is set once the platform is up. */
    private static String CUSTOMER;
    private static KeycloakServer keycloak;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static OtlpCollector traces;

    @BeforeAll
    static void platformIsUp(LocalPlatform platform, OtlpCollector collector) {
        // started (once, for every end-to-end class) by SharedPlatform, its spans exported to the collector
        traces = collector;
        keycloak = platform.keycloak();
        CUSTOMER = keycloak.subjectOf("customer-3");
    }

    @Test
    @Order(1)
    void theClientIsGeneratedFromTheDocumentTheGatewayServes() throws Exception {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        String served = HTTP.send(HttpRequest.newBuilder(URI.create(GATEWAY + "/api/v1/openapi.json")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Path copy = SharedPlatform.ROOT.resolve("end-to-end/target/served-openapi.json");
        Files.writeString(copy, json.writeValueAsString(json.readTree(served)) + "\n");
        JsonNode committed = json.readTree(SharedPlatform.ROOT.resolve("docs/openapi.json").toFile());
        assertEquals(committed, json.readTree(served), "docs/openapi.json (the client's source) is not what the gateway serves:"
                + " after a deliberate change of the API, cp end-to-end/target/served-openapi.json docs/openapi.json");
    }

    @Test
    @Order(2)
    void theReadmeJourneyThroughTheGeneratedClient() throws Exception {
        ApiClient admin = as("admin");
        ApiClient customer = as("customer-3");
        ApiClient other = as("customer-2");

        // admin: provider credentials, a plan, days bought from WHAPI
        assertEquals("Bearer san…ken", new ChannelsApi(admin).updateWhapiSettings(
                new WhapiSettingsRequest().partnerToken("Bearer sandbox-partner-token")).getPartnerToken());
        assertTrue(new ChannelsApi(admin).testWhapiSettings().getOk());
        String callbackToken = "client-journey-" + UUID.randomUUID();
        new MessagingApi(admin).updateWappinSettings(new WappinSettingsRequest().clientId("sandbox-client").secretKey("sandbox-secret")
                .projectId("52").callbackToken(callbackToken).environment("PRODUCTION"));
        sandbox("PUT", "/_sandbox/wappin/callback", "{\"url\":\"" + GATEWAY + "/webhooks/wappin\",\"token\":\"" + callbackToken + "\"}");
        PlanView plan = new BillingApi(admin).createPlan(new PlanRequest().name("Client journey").maxChannels(1).periodDays(30)
                .extensionDays(30).price(new BigDecimal(450000)).currency("IDR"));
        MovementView topUp = new BillingApi(admin).topUpPool(new TopUpRequest().days(500L).reference("client journey: WHAPI invoice"), "client-journey-top-up-" + UUID.randomUUID());
        assertEquals("TOP_UP", topUp.getKind());

        // the customer subscribes; the admin keeps allocation MANUAL, confirms the payment and gives 30 days
        SubscriptionView subscription = new BillingApi(customer).subscribe(new SubscribeRequest().planId(plan.getId()), null);
        assertEquals("PENDING_PAYMENT", subscription.getStatus());
        assertEquals("MANUAL", new BillingApi(admin).setAllocationMode(CUSTOMER, new AllocationModeRequest().mode(AllocationMode.MANUAL))
                .getAllocationMode());
        assertEquals("ACTIVE", new BillingApi(admin).confirmSubscriptionPayment(subscription.getId()).getStatus());
        MovementView allocated = new BillingApi(admin).allocateDays(new AllocationRequest().customerId(CUSTOMER).days(30L).reference("client journey: paid"),
                "client-journey-30-" + subscription.getId());
        assertEquals(30L, allocated.getBalanceDays());

        // a channel, once the entitlement reached channel-service (until then: 409 "No active plan")
        ChannelView channel = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .ignoreExceptionsMatching(e -> e instanceof ApiException a && a.getCode() == 409)
                .until(() -> new ChannelsApi(customer).createChannel(new CreateChannelRequest().name("Client shop"), null), c -> c != null);
        UUID channelId = channel.getId();
        assertEquals("TRIAL", channel.getMode());
        ApiException limit = assertThrows(ApiException.class,
                () -> new ChannelsApi(customer).createChannel(new CreateChannelRequest().name("Second"), null));
        assertEquals(409, limit.getCode());
        assertTrue(limit.getResponseBody().contains("Channel limit reached"), limit.getResponseBody());

        // the QR as a PNG; a phone scans it (the sandbox) and WHAPI's webhook flips the status
        byte[] png = Files.readAllBytes(new ChannelsApi(customer).getChannelQrImage(channelId).toPath());
        assertArrayEquals(new byte[]{(byte) 0x89, 'P', 'N', 'G'}, java.util.Arrays.copyOf(png, 4));
        sandbox("POST", "/_sandbox/whapi/channels/" + whapiIdOf(channelId) + "/login", "");
        await().atMost(Duration.ofSeconds(20)).until(() -> "AUTH".equals(new ChannelsApi(customer).getChannel(channelId).getLinkStatus()));

        // the admin extends the channel by the customer's 30 days (billing knows the channel once ChannelCreated arrived),
        // in a trace the admin's frontend started: its traceparent goes along
        String traceId = UUID.randomUUID().toString().replace("-", "");
        Map<String, String> traceparent = Map.of("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01");
        ExtensionView extension = await().atMost(Duration.ofSeconds(20)).ignoreExceptionsMatching(e -> e instanceof ApiException a && a.getCode() == 404)
                .until(() -> new BillingApi(admin).requestChannelExtension(new ExtensionRequest().channelId(channelId.toString()).days(30L)
                        .comment("client journey"), "client-journey-extend-" + channelId, traceparent), x -> x != null);
        assertEquals("RESERVED", extension.getStatus());
        assertEquals(0L, extension.getCustomerBalanceDays());
        await().atMost(Duration.ofSeconds(30)).until(() -> new ChannelsApi(admin).listChannelExtensions(channelId).stream()
                .anyMatch(x -> x.getDays() == 30 && "EXTENDED".equals(x.getState())));
        await().atMost(Duration.ofSeconds(10)).until(() -> "LIVE".equals(new ChannelsApi(customer).getChannel(channelId).getMode()));

        // one trace: the gateway, billing-service (its request, then the relay's record), the consumer in
        // channel-service and the WHAPI call its executor made, each span under the one before
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            List<OtlpCollector.ExportedSpan> spans = traces.spansOf(traceId);
            String seen = spans.stream().map(x -> x.service() + ":" + x.kind() + ":" + x.name()).toList().toString();
            assertTrue(spans.stream().anyMatch(x -> x.service().equals("gateway") && x.kind().equals("SPAN_KIND_SERVER")), seen);
            assertTrue(spans.stream().anyMatch(x -> x.service().equals("billing-service") && x.kind().equals("SPAN_KIND_SERVER")), seen);
            assertTrue(spans.stream().anyMatch(x -> x.service().equals("billing-service") && x.kind().equals("SPAN_KIND_PRODUCER")), seen);
            assertTrue(spans.stream().anyMatch(x -> x.service().equals("channel-service") && x.kind().equals("SPAN_KIND_CONSUMER")
                    && x.name().startsWith("process channel.billing-events")), seen);
            assertTrue(spans.stream().anyMatch(x -> x.service().equals("channel-service") && x.kind().equals("SPAN_KIND_CLIENT")
                    && x.name().startsWith("POST")), "the WHAPI extend call: " + seen);
            // one chain: only the gateway's server span hangs off the caller's span; every other span's
            // parent is a span of the trace itself (the service's request under the gateway's client call, ...)
            java.util.Set<String> ids = new java.util.HashSet<>(spans.stream().map(OtlpCollector.ExportedSpan::spanId).toList());
            assertTrue(spans.stream().allMatch(x -> ids.contains(x.parentSpanId())
                    || x.parentSpanId().equals("00f067aa0ba902b7") && x.service().equals("gateway") && x.kind().equals("SPAN_KIND_SERVER")),
                    "every span's parent is in the trace: " + spans);
        });
        System.out.printf("[trace] %s: %s%n", traceId, traces.spansOf(traceId).stream()
                .map(x -> x.service() + " " + x.kind().replace("SPAN_KIND_", "") + " '" + x.name() + "'").toList());
        assertTrue(Files.readString(SharedPlatform.STATE.resolve("logs/channel-service.log")).contains("trace=" + traceId),
                "channel-service's log lines of the extension carry the trace id");

        // a notification, moved to READ by Wappin's callbacks
        MessageView message = new MessagingApi(customer).sendNotification(new NotificationRequest().recipient("081234567890")
                .template("templ_uat_2").params(List.of("Budi", "30 days")), null, "client-journey-" + channelId);
        await().atMost(Duration.ofSeconds(20)).until(() -> "READ".equals(new MessagingApi(customer).getMessage(message.getId()).getStatus()));
        assertEquals(List.of("ACCEPTED", "SENT", "DELIVERED", "READ"), new MessagingApi(customer).getMessage(message.getId())
                .getTimeline().stream().map(t -> t.getStatus()).toList());

        // the dashboard in one call; another customer sees none of it
        Dashboard dashboard = new GatewayApi(customer).getDashboard(null);
        assertEquals(List.of(), dashboard.getMissing());
        assertEquals(404, assertThrows(ApiException.class, () -> new ChannelsApi(other).getChannel(channelId)).getCode());

        // deleting the channel gives the unused paid days back (the trial days are not the customer's)
        new ChannelsApi(customer).deleteChannel(channelId);
        await().atMost(Duration.ofSeconds(20)).until(() -> new BillingApi(customer).getCustomerBalance(CUSTOMER).getBalanceDays() == 30L);
        assertEquals(404, assertThrows(ApiException.class, () -> new ChannelsApi(customer).getChannel(channelId)).getCode());
        List<String> kinds = new BillingApi(customer).getCustomerLedger(CUSTOMER, null, null).getItems().stream().map(t -> t.getKind()).toList();
        assertTrue(kinds.contains("REFUND"), "the refund is on the ledger: " + kinds);
    }

    /** A client for a demo user: its token from the development issuer, through the generated client too. */
    private static ApiClient as(String user) throws ApiException {
        String token = keycloak.tokenFor(user); // the client calls the platform only; the token comes from Keycloak
        ApiClient client = new ApiClient();
        client.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + token));
        return client;
    }

    private static void sandbox(String method, String path, String body) throws Exception {
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(SANDBOX + path)).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, answer.statusCode(), method + " " + path + ": " + answer.body());
    }

    /** WHAPI's id of the channel: only the sandbox's own list shows it (our API never does). */
    private static String whapiIdOf(UUID channelId) throws Exception {
        JsonNode channels = new ObjectMapper().readTree(HTTP.send(HttpRequest.newBuilder(URI.create(SANDBOX + "/manager/channels/list?count=100"))
                .header("Authorization", "Bearer sandbox-partner-token").build(), HttpResponse.BodyHandlers.ofString()).body()).path("channels");
        for (JsonNode c : channels) {
            if (c.path("name").asText().endsWith("[" + channelId.toString().substring(0, 8) + "]")) {
                return c.path("id").asText();
            }
        }
        throw new AssertionError("no WHAPI channel for " + channelId + ": " + channels);
    }
}
