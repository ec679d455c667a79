package app.reseller.billing;

import app.reseller.platform.events.contract.BillingEvents.PartnerDaysLow;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;

import static app.reseller.billing.BillingTestSupport.JSON;
import static app.reseller.billing.BillingTestSupport.billingEvents;
import static app.reseller.billing.BillingTestSupport.number;
import static app.reseller.infra.TestCallers.asAdmin;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * WHAPI's partner webhook on the real database and broker: authenticated by the secret in its path,
 * stored before it is answered, the same body on one day stored and raised once (also when WHAPI
 * repeats it in parallel), a body naming no day count kept but raising nothing, and the
 * reconciliation showing the last report unless the operator types a figure.
 */
@BillingTest
class PartnerDaysWebhookTest {

    private static final String PATH = "/webhooks/whapi-partner/test-partner-secret";

    private static long reports(String marker) {
        return number("select count(*) from partner_days_report where body like '%" + marker + "%'");
    }

    private static List<PartnerDaysLow> raised(long reportId) {
        return billingEvents(PartnerDaysLow.TYPE, "WHAPI").stream().map(r -> {
            try {
                return JSON.readValue(r.value(), PartnerDaysLow.class);
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }).filter(e -> e.reportId() == reportId).toList();
    }

    @Test
    void aReportIsStoredBeforeItIsAnsweredOnceADayAndRaisedOnce() throws Exception {
        String marker = UUID.randomUUID().toString();
        String body = "{\"event\":{\"type\":\"days\"},\"days\":6,\"ref\":\"" + marker + "\"}";
        given().contentType("application/json").body(body).post("/webhooks/whapi-partner/wrong-secret").then().statusCode(404)
                .contentType("application/problem+json");
        given().contentType("application/json").body(body).post("/webhooks/whapi-partner/").then().statusCode(404);
        assertEquals(0, reports(marker), "a report with a wrong secret is not stored");

        // WHAPI delivering the same report eight times at once (it repeats what it thinks failed)
        List<Callable<Integer>> deliveries = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            deliveries.add(() -> given().contentType("application/json").body(body).post(PATH).statusCode());
        }
        assertEquals(List.of(200, 200, 200, 200, 200, 200, 200, 200), LedgerInvariantsTest.runConcurrently(deliveries));
        assertEquals(1, reports(marker), "stored by the time it was answered, once");
        long id = number("select id from partner_days_report where body like '%" + marker + "%'");
        await().atMost(Duration.ofSeconds(30)).until(() -> raised(id).size() == 1);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> raised(id).size() == 1);
        assertEquals(new PartnerDaysLow(6, id), raised(id).get(0));
        given().contentType("application/json").body(body).post(PATH).then().statusCode(200).body("stored", is(false));

        // the reconciliation shows it, unless the operator types a figure (which overrides)
        asAdmin().get("/ledger/reconciliation").then().statusCode(200)
                .body("lastWebhookPartnerDays", is(6)).body("reportedBy", is("WEBHOOK")).body("reportedPartnerDays", is(6));
        asAdmin().get("/ledger/reconciliation?partnerDays=100").then().statusCode(200)
                .body("reportedBy", is("OPERATOR")).body("reportedPartnerDays", is(100)).body("lastWebhookPartnerDays", is(6));
        asAdmin().get("/ledger/overview").then().statusCode(200).body("partnerDays.days", is(6));
    }

    @Test
    void aBodyNamingNoDayCountIsKeptAndRaisesNothing() {
        String marker = UUID.randomUUID().toString();
        given().contentType("text/plain").body("low balance " + marker).post(PATH).then().statusCode(200).body("stored", is(true));
        assertEquals(1, reports(marker));
        assertEquals(1, number("select count(*) from partner_days_report where days is null and body like '%" + marker + "%'"));
    }
}
