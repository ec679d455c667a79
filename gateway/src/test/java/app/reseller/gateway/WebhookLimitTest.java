package app.reseller.gateway;

import app.reseller.infra.ConfigOverrides;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;


import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Provider webhooks have a bucket of their own: a flood of them neither is refused by the API's limit nor starves the API. */
@GatewayTest
@TestProfile(WebhookLimitTest.SmallApiLimit.class)
class WebhookLimitTest {

    public static class SmallApiLimit extends ConfigOverrides {
        public SmallApiLimit() {
            super("gateway.rate-limit.burst", "5", "gateway.rate-limit.per-ip-per-minute", "6",
                    "gateway.rate-limit.webhook-per-minute", "6");
        }
    }

    @Test
    void aWebhookFloodDoesNotEatTheApisBudgetNorTheOtherWay() {
        int limitedWebhooks = 0;
        for (int i = 0; i < 20; i++) {
            int status = given().contentType("application/json").body("{\"event\":{\"type\":\"channel\"}}")
                    .post("/webhooks/whapi/00000000-0000-0000-0000-000000000001").then().extract().statusCode();
            limitedWebhooks += status == 429 ? 1 : 0;
        }
        assertEquals(15, limitedWebhooks, "the webhooks' own bucket: a burst of 5, then 429");
        // the API from the same address still has its whole burst
        for (int i = 0; i < 5; i++) {
            int status = given().get("/api/v1/plans").then().extract().statusCode();
            assertTrue(status != 429, "call " + i + " of the API was limited by the webhook flood: " + status);
        }
        assertEquals(429, given().get("/api/v1/plans").then().extract().statusCode(), "and the API's own limit still holds");
    }
}
