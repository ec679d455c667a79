package app.reseller.platform.web;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

/** ARCHITECTURE.md invariant 9, the shared part: every kind of bad input gets a clear problem+json. */
@QuarkusTest
class ProblemJsonTest {

    @Test
    void aDomainRefusalCarriesItsTypeTitleDetailAndExtensions() {
        given().contentType(ContentType.JSON).body("{\"customerId\":\"c-1\",\"days\":80}")
                .when().post("/problem-probe/allocations").then().statusCode(409)
                .contentType("application/problem+json")
                .body("type", is("urn:reseller:problem:insufficient-balance"))
                .body("title", is("Insufficient balance"))
                .body("detail", is("the customer has 50 days, 80 were asked"))
                .body("balanceDays", is(50)).body("requestedDays", is(80))
                .body("instance", is("/problem-probe/allocations"))
                .body("correlationId", notNullValue());
    }

    @Test
    void constraintViolationsNameEachField() {
        given().contentType(ContentType.JSON).body("{\"customerId\":\"\",\"days\":0}")
                .when().post("/problem-probe/allocations").then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", is("urn:reseller:problem:invalid-request"))
                .body("violations.field", org.hamcrest.Matchers.contains("customerId", "days"));
    }

    @Test
    void aMissingBodyIsAViolationToo() {
        given().contentType(ContentType.JSON)
                .when().post("/problem-probe/allocations").then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", is("urn:reseller:problem:invalid-request"));
    }

    @Test
    void malformedJsonIsABadRequestNotAServerError() {
        given().contentType(ContentType.JSON).body("{\"customerId\": \"c-1\", \"days\": ")
                .when().post("/problem-probe/allocations").then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", is("urn:reseller:problem:malformed-body"));
    }

    @Test
    void aWrongFieldTypeNamesTheField() {
        given().contentType(ContentType.JSON).body("{\"customerId\":\"c-1\",\"days\":\"many\"}")
                .when().post("/problem-probe/allocations").then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", is("urn:reseller:problem:malformed-body"))
                .body("detail", containsString("days"));
    }

    @Test
    void anUnsupportedMediaTypeIsProblemJson() {
        given().contentType(ContentType.TEXT).body("days=3")
                .when().post("/problem-probe/allocations").then().statusCode(415)
                .contentType("application/problem+json")
                .body("type", is("urn:reseller:problem:unsupported-media-type"));
    }

    @Test
    void anUnexpectedFailureIs500WithoutInternals() {
        given().header(CorrelationId.HEADER, "boom-1")
                .when().get("/problem-probe/boom").then().statusCode(500)
                .contentType("application/problem+json")
                .body("type", is("urn:reseller:problem:internal-error"))
                .body("correlationId", is("boom-1"))
                .body(not(containsString("secret internals")));
    }

    @Test
    void aMalformedCorrelationIdIsReplacedNotEchoed() {
        given().header(CorrelationId.HEADER, "<script>")
                .when().get("/problem-probe/boom").then().statusCode(500)
                .header(CorrelationId.HEADER, not(containsString("<")))
                .body("correlationId", not(containsString("<")));
    }
}
