package app.reseller.billing.races;

import app.reseller.billing.BillingTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static app.reseller.billing.BillingTestSupport.execute;
import static app.reseller.billing.BillingTestSupport.number;
import static app.reseller.billing.BillingTestSupport.unique;
import static app.reseller.infra.TestCallers.asAdmin;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The production ledger auditor sees what SQL did behind the ledger's back: a cached balance
 * changed by hand, a transfer's days changed by hand; both on the endpoint and on the metric, and
 * both gone once repaired.
 */
@BillingTest
class LedgerAuditorTest {

    @Test
    void aCorruptedBalanceAndACorruptedTransferAreReported() {
        String customer = unique("audit");
        Ledger.topUpPool(100);
        Ledger.allocate(customer, 30);
        long transfer = number("select id from ledger_transfer where kind = 'ALLOCATE' and customer_id = '" + customer + "'");
        JsonPath clean = audit();
        assertTrue(clean.getList("violations.'cached-balance-matches-transfers'").stream()
                .noneMatch(v -> v.toString().contains(customer)), "the fresh customer is clean");

        execute("update ledger_account set balance = balance + 7 where id = 'CUSTOMER:" + customer + "'");
        JsonPath corruptBalance = audit();
        assertTrue(mentions(corruptBalance, "cached-balance-matches-transfers", "CUSTOMER:" + customer),
                "the balance changed by hand: " + corruptBalance.prettify());
        assertTrue(corruptBalance.getList("violations.'days-conserved'").size() == 1, "7 days came from nowhere");
        assertTrue(metric("cached-balance-matches-transfers") >= 1);
        assertTrue(metric("days-conserved") >= 1);
        execute("update ledger_account set balance = balance - 7 where id = 'CUSTOMER:" + customer + "'");

        execute("update ledger_transfer set days = days + 3 where id = " + transfer);
        JsonPath corruptTransfer = audit();
        assertTrue(mentions(corruptTransfer, "cached-balance-matches-transfers", "CUSTOMER:" + customer),
                "the transfer changed by hand: " + corruptTransfer.prettify());
        assertTrue(mentions(corruptTransfer, "cached-balance-matches-transfers", "account POOL "));
        execute("update ledger_transfer set days = days - 3 where id = " + transfer);

        JsonPath repaired = audit();
        assertTrue(!mentions(repaired, "cached-balance-matches-transfers", customer), repaired.prettify());
        assertEquals(List.of(), repaired.getList("violations.'days-conserved'"));
        assertEquals(0.0, metric("days-conserved"));
    }

    private static JsonPath audit() {
        return asAdmin().get("/ledger/audit").then().statusCode(200).extract().jsonPath();
    }

    private static boolean mentions(JsonPath report, String rule, String text) {
        return report.getList("violations.'" + rule + "'").stream().anyMatch(v -> v.toString().contains(text));
    }

    private static double metric(String rule) {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher m = Pattern.compile("ledger_audit_violations\\{rule=\"" + Pattern.quote(rule) + "\"[^}]*} ([0-9.E]+)").matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : -1;
    }
}
