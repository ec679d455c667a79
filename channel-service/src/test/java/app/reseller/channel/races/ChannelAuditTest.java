package app.reseller.channel.races;

import app.reseller.channel.ChannelTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static app.reseller.channel.ChannelTestSupport.DB;
import static app.reseller.channel.ChannelTestSupport.createChannel;
import static app.reseller.channel.ChannelTestSupport.entitle;
import static app.reseller.channel.ChannelTestSupport.sandbox;
import static app.reseller.infra.TestCallers.asAdmin;
import static app.reseller.infra.TestCallers.newCustomer;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The channel side of the production audit: a channel whose activeTill was changed by SQL drifts
 * from WHAPI's, and a WHAPI channel of our project that we do not know is an orphan. Both on the
 * endpoint and the metric; the drift is gone once repaired.
 */
@ChannelTest
class ChannelAuditTest {

    @Test
    void aCorruptedActiveTillAndAnOrphanAtWhapiAreReported() {
        String customer = newCustomer();
        entitle(customer, 1, 10);
        String channelId = createChannel(customer, "audited");
        JsonPath clean = audit();
        assertTrue(!mentions(clean, "active-till-drift", channelId), clean.prettify());

        DB.execute("update channel set active_till = active_till + interval '3 days' where id = '" + channelId + "'");
        String orphan = sandbox().header("Authorization", "Bearer sandbox-partner-token")
                .body(Map.of("name", "made by hand at WHAPI", "projectId", "HPN0H0hFDL1GFg154PI"))
                .put("/manager/channels").then().statusCode(200).extract().path("id");

        JsonPath corrupt = audit();
        assertTrue(mentions(corrupt, "active-till-drift", channelId), corrupt.prettify());
        assertTrue(mentions(corrupt, "orphan-at-whapi", orphan), corrupt.prettify());
        assertTrue(metric("active-till-drift") >= 1 && metric("orphan-at-whapi") >= 1);

        DB.execute("update channel set active_till = active_till - interval '3 days' where id = '" + channelId + "'");
        JsonPath repaired = audit();
        assertTrue(!mentions(repaired, "active-till-drift", channelId), repaired.prettify());
    }

    private static JsonPath audit() {
        return asAdmin().get("/admin/channels/audit").then().statusCode(200).extract().jsonPath();
    }

    private static boolean mentions(JsonPath report, String rule, String text) {
        return report.getList("violations.'" + rule + "'").stream().anyMatch(v -> v.toString().contains(text));
    }

    private static double metric(String rule) {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher m = Pattern.compile("channel_audit_violations\\{rule=\"" + Pattern.quote(rule) + "\"[^}]*} ([0-9.E]+)").matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : -1;
    }
}
