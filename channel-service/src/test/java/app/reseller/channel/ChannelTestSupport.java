package app.reseller.channel;

import app.reseller.infra.RecordingProxy;
import app.reseller.infra.TestDatabase;
import app.reseller.infra.TestEvents;
import app.reseller.platform.events.contract.BillingEvents.ChannelExtensionRequested;
import app.reseller.platform.events.contract.BillingEvents.EntitlementChanged;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static app.reseller.infra.TestCallers.asCustomer;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

/** What channel-service's tests share (callers: the test kit's TestCallers): SQL, billing events put on Kafka, the sandbox and the wire log. */
public final class ChannelTestSupport {

    public static final String DATABASE = "channel";
    public static final String TOPICS = "billing.events,channel.events";
    public static final TestDatabase DB = new TestDatabase(DATABASE);
    public static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private ChannelTestSupport() {
    }

    // ---- billing's side, as events ----

    /** Billing says the customer may have maxChannels channels; waits until the replica has it. */
    public static void entitle(String customerId, int maxChannels, long balanceDays) {
        publishBillingEvent(customerId, EntitlementChanged.TYPE,
                new EntitlementChanged(customerId, true, maxChannels, balanceDays, "MANUAL"));
        await().atMost(Duration.ofSeconds(20)).until(() -> DB.number(
                "select count(*) from entitlement where customer_id = '" + customerId + "' and max_channels = " + maxChannels
                        + " and active") == 1);
    }

    public static ProducerRecord<String, String> requestExtension(UUID requestId, String channelId, String customerId, int days) {
        return publishBillingEvent(customerId, ChannelExtensionRequested.TYPE,
                new ChannelExtensionRequested(requestId, channelId, customerId, days, "test extension"));
    }

    public static ProducerRecord<String, String> publishBillingEvent(String customerId, String type, Object payload) {
        try {
            ProducerRecord<String, String> record = TestEvents.cloudEvent("billing.events", customerId, type,
                    "/reseller/billing-service", JSON.writeValueAsString(payload));
            TestEvents.send(record);
            return record;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static List<ConsumerRecord<String, String>> channelEvents(String type, String channelId) {
        return TestEvents.records("channel.events", type, channelId);
    }

    /**
     * The types of every event of the channel in the order the relay publishes them and consumers
     * see them (outbox order per aggregate; one key, one partition). Read from the outbox: cheaper
     * than reading the whole topic on every poll of a many-round race.
     */
    public static List<String> channelEventTypes(String channelId) {
        return DB.strings("select type from outbox_event where aggregateid = '" + channelId + "' order by seq");
    }

    public static JsonNode data(ConsumerRecord<String, String> record) {
        try {
            return JSON.readTree(record.value());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- the app's own code, called as a replica would ----

    /** Runs {@code work} on a Vert.x context of the app and waits for its item (a repository call, a worker's pass). */
    public static <T> T onVertx(java.util.function.Supplier<io.smallrye.mutiny.Uni<T>> work) {
        try {
            return io.quarkus.vertx.VertxContextSupport.subscribeAndAwait(work);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    // ---- channels ----

    /** Creates a channel through the API and returns its id. */
    public static String createChannel(String customerId, String name) {
        return asCustomer(customerId).body(Map.of("name", name, "phone", "6281234567890"))
                .post("/channels").then().statusCode(201).extract().path("id");
    }

    /** An entitled customer's new channel with its webhooks configured and a phone linked (AUTH). */
    public static String linkedChannel(String customerId, int maxChannels) {
        entitle(customerId, maxChannels, 10);
        String channel = createChannel(customerId, "linked");
        org.awaitility.Awaitility.await().until(() -> DB.number("select count(*) from channel where id = '" + channel
                + "' and webhooks_configured") == 1);
        sandbox().post("/_sandbox/whapi/channels/" + whapiIdOf(channel) + "/login").then().statusCode(200);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(15)).until(() -> "AUTH".equals(asCustomer(customerId)
                .get("/channels/" + channel).then().extract().path("linkStatus")));
        return channel;
    }

    public static String whapiIdOf(String channelId) {
        return DB.strings("select whapi_id from channel where id = '" + channelId + "'").get(0);
    }

    // ---- the sandbox and the wire ----

    public static RequestSpecification sandbox() {
        return given().baseUri(ChannelTestResource.sandboxUrl()).contentType(ContentType.JSON);
    }

    public static void fault(String kind, String method, String pathPattern, Integer status, int times) {
        Map<String, Object> fault = new java.util.HashMap<>(Map.of("kind", kind, "method", method, "pathPattern", pathPattern,
                "times", times));
        if (status != null) {
            fault.put("status", status);
        }
        sandbox().body(fault).post("/_sandbox/faults").then().statusCode(201);
    }

    /** WHAPI waits {@code delayMs} before it handles the matching requests (so an extend applies late). */
    public static void latency(String method, String pathPattern, int delayMs, int times) {
        sandbox().body(Map.of("kind", "LATENCY", "method", method, "pathPattern", pathPattern, "delayMs", delayMs,
                "times", times)).post("/_sandbox/faults").then().statusCode(201);
    }

    public static void clearFaults() {
        sandbox().delete("/_sandbox/faults").then().statusCode(204);
    }

    /** How many times WHAPI really added days to the channel. */
    public static int extensionsAtWhapi(String whapiId) {
        return sandbox().get("/_sandbox/whapi/channels/" + whapiId + "/extensions").then().statusCode(200)
                .extract().jsonPath().getList("$").size();
    }

    public static long activeTillAtWhapi(String whapiId) {
        return sandbox().header("Authorization", "Bearer " + ChannelTestResource.PARTNER_TOKEN)
                .get("/manager/channels/" + whapiId).then().statusCode(200).extract().jsonPath().getLong("activeTill");
    }

    public static RecordingProxy wire() {
        return ChannelTestResource.proxy();
    }

    /** Calls to WHAPI (manager and gate) the service has made so far. */
    public static long whapiCalls() {
        return wire().count(e -> e.path().startsWith("/manager") || e.path().startsWith("/gate"));
    }
}
