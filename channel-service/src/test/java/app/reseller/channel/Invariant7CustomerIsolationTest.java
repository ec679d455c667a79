package app.reseller.channel;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static app.reseller.channel.ChannelTestSupport.DB;
import static app.reseller.infra.TestCallers.asAdmin;
import static app.reseller.infra.TestCallers.asCustomer;
import static app.reseller.channel.ChannelTestSupport.createChannel;
import static app.reseller.channel.ChannelTestSupport.entitle;
import static app.reseller.infra.TestCallers.newCustomer;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Invariant 7: a customer sees and acts on own channels only; admin endpoints need the admin role. */
@ChannelTest
class Invariant7CustomerIsolationTest {

    @Test
    void anotherCustomersChannelIsNotFoundForEveryAction() {
        String a = newCustomer();
        String b = newCustomer();
        entitle(a, 2, 10);
        String channel = createChannel(a, "A's channel");

        asCustomer(b).get("/channels/" + channel).then().statusCode(404).contentType("application/problem+json");
        asCustomer(b).get("/channels/" + channel + "/qr").then().statusCode(404);
        asCustomer(b).get("/channels/" + channel + "/qr.png").then().statusCode(404);
        asCustomer(b).body(Map.of("phone", "6281234567890")).post("/channels/" + channel + "/pairing-code").then().statusCode(404);
        asCustomer(b).post("/channels/" + channel + "/sync").then().statusCode(404);
        asCustomer(b).delete("/channels/" + channel).then().statusCode(404);
        asCustomer(b).get("/channels").then().statusCode(200).body("id", not(hasItem(channel)));
        // a customer cannot list another's channels by asking for them
        asCustomer(b).queryParam("customerId", a).get("/channels").then().statusCode(200).body("id", not(hasItem(channel)));

        // nothing B did touched A's channel
        assertEquals("ACTIVE", DB.strings("select state from channel where id = '" + channel + "'").get(0));
        asCustomer(a).get("/channels/" + channel).then().statusCode(200).body("name", is("A's channel"));
        asCustomer(a).get("/channels").then().statusCode(200).body("id", hasItem(channel));
        asAdmin().queryParam("customerId", a).get("/channels").then().statusCode(200).body("id", hasItem(channel));
    }

    @Test
    void adminEndpointsNeedTheAdminRoleAndEverythingNeedsAToken() {
        String customer = newCustomer();
        asCustomer(customer).get("/admin/whapi/settings").then().statusCode(403).contentType("application/problem+json");
        asCustomer(customer).body(Map.of("projectId", "abcd")).put("/admin/whapi/settings").then().statusCode(403);
        asCustomer(customer).post("/admin/whapi/settings/test").then().statusCode(403);
        given().get("/channels").then().statusCode(401).contentType("application/problem+json");
        given().get("/admin/whapi/settings").then().statusCode(401);
        // admins create no channels of their own: channels belong to customers
        asAdmin().body(Map.of("name", "x")).post("/channels").then().statusCode(403);
    }
}
