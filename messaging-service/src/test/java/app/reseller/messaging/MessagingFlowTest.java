package app.reseller.messaging;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static app.reseller.messaging.MessagingTestSupport.DB;
import static app.reseller.infra.TestCallers.asAdmin;
import static app.reseller.infra.TestCallers.asCustomer;
import static app.reseller.messaging.MessagingTestSupport.fault;
import static app.reseller.infra.TestCallers.newCustomer;
import static app.reseller.messaging.MessagingTestSupport.notification;
import static app.reseller.messaging.MessagingTestSupport.wappinSends;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Sending every kind, with validation at the edge, idempotency, number check, inquiry, history and isolation. */
@MessagingTest
class MessagingFlowTest {

    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0, 0, 13};

    // no breaker and no sandbox fault is inherited from another test: ProviderStateIsolation, before each test

    @Test
    void aNotificationWithSmsFallbackTextAndMediaAreStoredAndSent() {
        String customer = newCustomer();
        asCustomer(customer).body(Map.of("recipient", "081234500001", "template", "templ_uat_2", "params", List.of("a", "b"),
                        "smsFallback", Map.of("template", "templ_hsm", "params", List.of("a", "b"))))
                .post("/messages/notifications").then().statusCode(201).body("recipient", is("6281234500001"))
                .body("kind", is("NOTIFICATION")).body("wappinMessageId", notNullValue());
        asCustomer(customer).body(Map.of("recipient", "+6281234500002", "text", "hello")).post("/messages/text")
                .then().statusCode(201).body("kind", is("TEXT"));
        given().auth().oauth2(app.reseller.infra.TestIdentity.customer(customer))
                .multiPart("recipient", "6281234500003").multiPart("mediaType", "image").multiPart("caption", "our logo")
                .multiPart("file", "logo.png", PNG, "image/png")
                .post("/messages/media").then().statusCode(201).body("kind", is("MEDIA"));

        asCustomer(customer).queryParam("size", 2).get("/messages").then().statusCode(200)
                .body("items", hasSize(2)).body("total", is(3)).body("items[0].kind", is("MEDIA"));
        asCustomer(customer).queryParam("size", 2).queryParam("page", 1).get("/messages").then().statusCode(200)
                .body("items", hasSize(1)).body("items[0].kind", is("NOTIFICATION"));
    }

    @Test
    void badInputIsRefusedAtTheEdgeAndNothingIsSent() {
        String customer = newCustomer();
        long before = wappinSends();
        asCustomer(customer).body(Map.of("recipient", "12", "template", "templ_uat_2")).post("/messages/notifications")
                .then().statusCode(400).contentType("application/problem+json").body("title", is("Invalid phone number"));
        asCustomer(customer).body(Map.of("recipient", "6281234500004")).post("/messages/notifications").then().statusCode(400)
                .body("violations[0].field", notNullValue());
        // a registered template's parameter count is checked before Wappin is asked
        asAdmin().body(Map.of("paramCount", 3)).put("/admin/templates/templ_uat_3").then().statusCode(200);
        asCustomer(customer).body(Map.of("recipient", "6281234500004", "template", "templ_uat_3", "params", List.of("only one")))
                .post("/messages/notifications").then().statusCode(400).body("type", is("urn:reseller:problem:param-count"))
                .body("expected", is(3));
        var media = given().auth().oauth2(app.reseller.infra.TestIdentity.customer(customer));
        media.multiPart("recipient", "6281234500005").multiPart("mediaType", "image").multiPart("file", "run.exe", PNG, "image/png")
                .post("/messages/media").then().statusCode(400).body("type", is("urn:reseller:problem:invalid-media-file"));
        given().auth().oauth2(app.reseller.infra.TestIdentity.customer(customer))
                .multiPart("recipient", "6281234500005").multiPart("mediaType", "audio").multiPart("caption", "no")
                .multiPart("file", "voice.ogg", PNG, "audio/ogg")
                .post("/messages/media").then().statusCode(400).body("type", is("urn:reseller:problem:caption-not-allowed"));
        assertEquals(before, wappinSends());
        assertEquals(0, DB.number("select count(*) from outbound_message where customer_id = '" + customer + "'"));
    }

    @Test
    void anIdempotencyKeyMakesAResendReturnTheStoredMessage() {
        String customer = newCustomer();
        long before = wappinSends();
        String first = asCustomer(customer).header("Idempotency-Key", "order-42").body(notification("6281234500006"))
                .post("/messages/notifications").then().statusCode(201).extract().path("id");
        String again = asCustomer(customer).header("Idempotency-Key", "order-42").body(notification("6281234500006"))
                .post("/messages/notifications").then().statusCode(201).extract().path("id");
        assertEquals(first, again);
        assertEquals(before + 1, wappinSends(), "one send for two requests");
        // another customer's key is theirs alone
        asCustomer(newCustomer()).header("Idempotency-Key", "order-42").body(notification("6281234500006"))
                .post("/messages/notifications").then().statusCode(201);
        // the same key for another message is refused, and nothing is sent
        asCustomer(customer).header("Idempotency-Key", "order-42").body(notification("6281234500099"))
                .post("/messages/notifications").then().statusCode(422)
                .body("type", is("urn:reseller:problem:idempotency-key-reused")).body("messageId", is(first));
        assertEquals(before + 2, wappinSends(), "the other customer's send only");
    }

    @Test
    void aLostSendAnswerIsUnconfirmedAndNotResent() {
        String customer = newCustomer();
        asCustomer(customer).body(notification("6281234500010")).post("/messages/notifications").then().statusCode(201);
        long before = wappinSends();
        fault("LOST_ANSWER", "POST", "/wappin/v1/message/do-send-hsm", null, 1);
        String id = asCustomer(customer).body(notification("6281234500011")).post("/messages/notifications").then()
                .statusCode(503).body("type", is("urn:reseller:problem:wappin-unavailable")).extract().path("messageId");
        assertEquals("UNCONFIRMED", DB.strings("select status from outbound_message where id = '" + id + "'").get(0));
        assertEquals(before + 1, wappinSends(), "a send that may have gone out is never repeated blindly");
    }

    @Test
    void numberCheckAndInquiry() {
        String customer = newCustomer();
        asCustomer(customer).body(Map.of("phone", "081234500020")).post("/messages/number-check").then().statusCode(200)
                .body("onWhatsApp", is(true)).body("whatsAppNumber", is("+6281234500020"));
        asCustomer(customer).body(Map.of("phone", "6299900000001")).post("/messages/number-check").then().statusCode(200)
                .body("onWhatsApp", is(false));

        String id = asCustomer(customer).body(notification("6281234500021")).post("/messages/notifications").then()
                .statusCode(201).extract().path("id");
        await().atMost(Duration.ofSeconds(10)).until(() -> asCustomer(customer).post("/messages/" + id + "/inquiry").then()
                .statusCode(200).extract().jsonPath().getList("timeline.status").contains("READ"));
        asCustomer(customer).get("/messages/" + id).then().body("timeline.status", is(List.of("ACCEPTED", "SENT", "DELIVERED", "READ")));
    }

    @Test
    void aCustomerSeesOwnMessagesOnly() {
        String a = newCustomer();
        String b = newCustomer();
        String id = asCustomer(a).body(notification("6281234500030")).post("/messages/notifications").then().statusCode(201)
                .extract().path("id");
        asCustomer(b).get("/messages/" + id).then().statusCode(404).contentType("application/problem+json");
        asCustomer(b).post("/messages/" + id + "/inquiry").then().statusCode(404);
        asCustomer(b).queryParam("customerId", a).get("/messages").then().statusCode(200).body("total", is(0));
        asCustomer(b).get("/customers/" + a + "/contact").then().statusCode(404);
        asCustomer(a).get("/messages/" + id).then().statusCode(200);
        asCustomer(a).get("/admin/wappin/settings").then().statusCode(403);
        given().get("/messages").then().statusCode(401);
    }
}
