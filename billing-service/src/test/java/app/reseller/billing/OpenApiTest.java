package app.reseller.billing;

import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.notNullValue;

/** Every billing endpoint is described, and the request bodies carry examples. */
@BillingTest
class OpenApiTest {

    @Test
    void everyEndpointIsDescribedWithExamples() {
        var spec = given().accept(ContentType.JSON).get("/q/openapi").then().statusCode(200);
        for (String path : List.of("/plans", "/plans/{id}", "/plans/{id}/retire", "/subscriptions", "/subscriptions/{id}",
                "/subscriptions/{id}/history", "/subscriptions/{id}/confirm-payment", "/subscriptions/{id}/renew",
                "/subscriptions/{id}/cancel", "/customers/{customerId}/balance", "/customers/{customerId}/ledger",
                "/customers/{customerId}/allocation-mode", "/ledger/top-ups", "/ledger/allocations", "/ledger/extensions",
                "/ledger/reclaims", "/ledger/adjustments", "/ledger/pool", "/ledger/reconciliation")) {
            spec.body("paths", hasKey(path));
        }
        for (String schema : List.of("PlanRequest", "TopUpRequest", "AllocationRequest", "ExtensionRequest", "ReclaimRequest",
                "AdjustmentRequest", "SubscribeRequest", "AllocationModeRequest")) {
            spec.body("components.schemas." + schema + ".examples[0]", notNullValue());
        }
    }
}
