package app.reseller.sandbox.whapi;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.atlassian.oai.validator.model.Request.Method.DELETE;
import static com.atlassian.oai.validator.model.Request.Method.GET;
import static com.atlassian.oai.validator.model.Request.Method.PATCH;
import static com.atlassian.oai.validator.model.Request.Method.POST;
import static com.atlassian.oai.validator.model.Request.Method.PUT;
import static io.restassured.RestAssured.when;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Every request the scenarios send to the simulated WHAPI, and every answer they get, matches
 * WHAPI's published OpenAPI descriptions, so the sandbox cannot drift from the real API.
 */
@QuarkusTest
class WhapiContractTest {

    private static final String PARTNER = WhapiManagerSimulatorTest.PARTNER;
    private static WhapiContract manager;
    private static WhapiContract gate;

    @BeforeAll
    static void loadDescriptions() {
        manager = WhapiContract.load("whapi-manager-openapi.json", "/manager");
        gate = WhapiContract.load("whapi-gate-openapi.yaml", "/gate");
    }

    @AfterEach
    void reset() {
        when().post("/_sandbox/whapi/reset").then().statusCode(200);
    }

    @Test
    void theManagerApiMatchesWhapisDescriptionThroughAChannelsLife() {
        assumeTrue(manager.available(), manager.skipReason());
        String id = manager.exchange(PARTNER, PUT, "/manager/channels",
                "{\"name\":\"contract\",\"projectId\":\"HPN0H0hFDL1GFg154PI\",\"phone\":\"6281234567\"}").jsonPath().getString("id");
        manager.exchange(PARTNER, GET, "/manager/channels/" + id, null);
        manager.exchange(PARTNER, GET, "/manager/channels/list?count=10&offset=0", null);
        manager.exchange(PARTNER, POST, "/manager/channels/" + id + "/extend", "{\"days\":30,\"comment\":\"contract\"}");
        manager.exchange(PARTNER, PATCH, "/manager/channels/" + id + "/mode", "{\"mode\":\"live\"}");
        manager.exchange(PARTNER, POST, "/manager/channels/" + id + "/extend", "{\"days\":1,\"comment\":\"blocked\"}"); // 400
        manager.exchange(PARTNER, POST, "/manager/channels/" + id + "/stop", "{\"saveDays\":true}");
        manager.exchange(PARTNER, POST, "/manager/channels/" + id + "/start", null);
        manager.exchange(PARTNER, DELETE, "/manager/channels/" + id, null);
        manager.exchange(PARTNER, GET, "/manager/channels/" + id, null); // 404
        assertTrue(manager.violations().isEmpty(), "the sandbox drifted from WHAPI's manager description:\n"
                + String.join("\n", manager.violations()));
    }

    @Test
    void theGateApiMatchesWhapisDescriptionThroughALogin() {
        assumeTrue(gate.available(), gate.skipReason());
        var created = WhapiManagerSimulatorTest.partner().body(java.util.Map.of("name", "gate", "projectId", "p"))
                .put("/manager/channels").then().statusCode(200).extract().jsonPath();
        String id = created.getString("id");
        String channel = "Bearer " + created.getString("token");

        gate.exchange(channel, GET, "/gate/health?wakeup=true", null);
        gate.exchange(channel, GET, "/gate/users/login?wakeup=true", null);
        gate.exchange(channel, GET, "/gate/users/login/image?wakeup=true", null);
        gate.exchange(channel, GET, "/gate/users/login/6281234567890", null);
        gate.exchange(channel, PATCH, "/gate/settings", "{\"callback_backoff_delay_ms\":3000,\"max_callback_backoff_delay_ms\":900000,"
                + "\"callback_persist\":true,\"webhooks\":[{\"url\":\"http://127.0.0.1:9/hook\",\"mode\":\"body\","
                + "\"events\":[{\"type\":\"channel\",\"method\":\"post\"}],\"headers\":{\"X-Webhook-Secret\":\"s\"}}]}");
        when().post("/_sandbox/whapi/channels/" + id + "/login").then().statusCode(200);
        gate.exchange(channel, GET, "/gate/health", null);
        gate.exchange(channel, GET, "/gate/settings", null);
        gate.exchange(channel, GET, "/gate/users/login", null); // 409 already linked
        assertTrue(gate.violations().isEmpty(), "the sandbox drifted from WHAPI's gate description:\n"
                + String.join("\n", gate.violations()));
    }
}
