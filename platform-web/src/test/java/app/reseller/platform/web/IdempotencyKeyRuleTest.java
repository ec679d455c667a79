package app.reseller.platform.web;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

/** The one Idempotency-Key rule every operation that takes the header shares (@IdempotencyKey). */
@QuarkusTest
class IdempotencyKeyRuleTest {

    @Test
    void anAbsentOrEmptyKeyOrOneOfOneTo200CharactersIsTaken() {
        given().get("/problem-probe/keyed").then().statusCode(200).body(containsString("none"));
        given().header("Idempotency-Key", "k").get("/problem-probe/keyed").then().statusCode(200).body(containsString("k"));
        String longest = "x".repeat(200);
        given().header("Idempotency-Key", longest).get("/problem-probe/keyed").then().statusCode(200).body(containsString(longest));
        given().header("Idempotency-Key", "order 42 / café").get("/problem-probe/keyed").then().statusCode(200);
        // HTTP drops a header value's surrounding blanks; an empty one is no key (the request is not deduplicated)
        given().header("Idempotency-Key", "").get("/problem-probe/keyed").then().statusCode(200).body(containsString("none"));
        given().header("Idempotency-Key", "   ").get("/problem-probe/keyed").then().statusCode(200).body(containsString("none"));
    }

    @Test
    void aTooLongOrAControlCharacterKeyIsA400() {
        // a tab is the control character an HTTP client sends inside a value (it replaces the others)
        for (String bad : new String[] {"x".repeat(201), "tab\there"}) {
            given().header("Idempotency-Key", bad).get("/problem-probe/keyed").then().statusCode(400)
                    .contentType("application/problem+json")
                    .body("type", is("urn:reseller:problem:invalid-request"))
                    .body(containsString("1 to 200 characters and no control character"));
        }
    }
}
