package app.reseller.platform.web;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

/**
 * Paging and parameters a fuzzer sends: a value that is not of the parameter's type is a 400 naming
 * the parameter (JAX-RS alone answers 404 "Not Found"), and a page beyond the shared bound is refused
 * before any offset is computed (page 2147483647 once reached PostgreSQL as a negative OFFSET: 500).
 */
@QuarkusTest
class UnreadableParameterTest {

    private static final String OWNER = "2b8e3f4c-0000-4000-8000-000000000001";

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "page=1e3                  | page",
            "page=99999999999          | page",
            "page=abc                  | page",
            "size=%F0%9F%98%80         | size",
            "page=2147483647           | page",
            "page=-1                   | page",
            "page=10001                | page",
            "size=0                    | size",
            "size=201                  | size",
            "size=-2147483648          | size",
            "colour=PURPLE             | colour",
            // a repeatable parameter (Set<Colour>): its elements are converted one by one
            "shade=RED&shade=%E2%80%AEevil | shade"})
    void badPagingOrParametersAre400NamingTheParameter(String query, String field) {
        given().urlEncodingEnabled(false).get("/problem-probe/list/" + OWNER + "?" + query).then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", is("urn:reseller:problem:invalid-request"))
                .body("violations.field", contains(field));
    }

    @Test
    void aPathParameterOfTheWrongTypeStays404AndIsNamedInTheDetail() {
        given().get("/problem-probe/list/not-a-uuid").then().statusCode(404)
                .contentType("application/problem+json")
                .body("detail", containsString("owner: 'not-a-uuid' is not a UUID"));
    }

    @Test
    void theLastPageTheRuleAllowsHasAnOffsetThatFits() {
        given().get("/problem-probe/list/" + OWNER + "?page=10000&size=200&colour=RED").then().statusCode(200)
                .body("page", is(10000)).body("size", is(200)).body("offset", is(2_000_000)).body("colour", is("RED"));
        given().get("/problem-probe/list/" + OWNER).then().statusCode(200).body("page", is(0)).body("size", is(50));
    }

    @Test
    void aNulCharacterInAQueryOrPathParameterIsA400NamingIt() {
        // PostgreSQL cannot store U+0000 in text and refused the statement: a 500 before
        given().urlEncodingEnabled(false).get("/problem-probe/list/" + OWNER + "?colour=%00").then().statusCode(400)
                .contentType("application/problem+json").body("violations.field", contains("colour"));
        given().urlEncodingEnabled(false).get("/problem-probe/list/a%00b").then().statusCode(400)
                .contentType("application/problem+json").body("violations.field", contains("owner"));
    }

    @Test
    void aNulCharacterOrAnOutOfRangeNumberInTheBodyIsA400NamingTheField() {
        given().contentType("application/json").body("{\"customerId\":\"a\\u0000b\",\"days\":3}")
                .post("/problem-probe/allocations").then().statusCode(400).contentType("application/problem+json")
                .body("violations.field", contains("customerId"));
        given().contentType("application/json").body("{\"customerId\":\"c-1\",\"days\":2147483648}")
                .post("/problem-probe/allocations").then().statusCode(400).contentType("application/problem+json")
                .body("violations.field", contains("days"));
        given().contentType("application/json").body("{\"customerId\":\"c-1\",\"days\":\"" + "9".repeat(5_000) + "\"}")
                .post("/problem-probe/allocations").then().statusCode(400).contentType("application/problem+json")
                .body("violations.field", contains("days"));
    }

    @Test
    void anUnknownPathIsStillA404() {
        given().get("/problem-probe/nothing-here").then().statusCode(404).contentType("application/problem+json");
    }
}
