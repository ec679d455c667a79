package app.reseller.messaging;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static app.reseller.messaging.MessagingTestSupport.DB;
import static app.reseller.infra.TestCallers.asCustomer;
import static app.reseller.messaging.MessagingTestSupport.fault;
import static app.reseller.infra.TestCallers.newCustomer;
import static app.reseller.messaging.MessagingTestSupport.notification;
import static app.reseller.messaging.MessagingTestSupport.tokenRequests;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every documented Wappin result code, answered by the sandbox in the body with HTTP 200 as Wappin
 * does, reaches the caller as our own problem+json; the message is stored as FAILED with the code.
 */
@MessagingTest
class WappinResultCodesTest {

    // no breaker and no sandbox fault is inherited from another test: ProviderStateIsolation, before each test

    @ParameterizedTest(name = "Wappin {0} -> {1} {2}")
    @CsvSource({
            "400, 422, wappin-bad-request",
            "401, 502, wappin-token-refused",
            "404, 422, template-not-found",
            "406, 502, wappin-auth-not-recognised",
            "407, 502, wappin-ip-not-whitelisted",
            "419, 409, wappin-project-not-production",
            "601, 422, not-on-whatsapp",
            "605, 422, media-upload-failed",
            "700, 502, wappin-vendor-error"})
    void eachResultCodeBecomesItsProblem(String code, int status, String slug) {
        String customer = newCustomer();
        asCustomer(customer).body(MessagingTestSupport.notification("6281244444444")).post("/messages/notifications")
                .then().statusCode(201); // a live token first
        int tokensBefore = tokenRequests();
        // a 401 is retried once after a token refresh: both attempts meet it
        fault("RESULT_CODE", "POST", "/wappin/v1/message/do-send-hsm", null, "401".equals(code) ? 2 : 1, code);

        String messageId = asCustomer(customer).body(notification("6281255555555")).post("/messages/notifications").then()
                .statusCode(status).contentType("application/problem+json")
                .body("type", is("urn:reseller:problem:" + slug))
                .body("title", notNullValue())
                .body("wappinCode", is(code))
                .body("correlationId", notNullValue())
                .extract().path("messageId");
        assertEquals("FAILED", DB.strings("select status from outbound_message where id = '" + messageId + "'").get(0));
        assertEquals(code, DB.strings("select failure_code from outbound_message where id = '" + messageId + "'").get(0));
        assertEquals("401".equals(code) ? 1 : 0, tokenRequests() - tokensBefore, "only a 401 refreshes the token (once)");
    }
}
