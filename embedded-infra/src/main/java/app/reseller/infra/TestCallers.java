package app.reseller.infra;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

import java.util.UUID;

import static io.restassured.RestAssured.given;

/** Callers of the app under test, with the test issuer's tokens: an admin, or a customer by id. */
public final class TestCallers {

    private TestCallers() {
    }

    public static RequestSpecification asAdmin() {
        return given().auth().oauth2(TestIdentity.admin()).contentType(ContentType.JSON);
    }

    public static RequestSpecification asCustomer(String customerId) {
        return given().auth().oauth2(TestIdentity.customer(customerId)).contentType(ContentType.JSON);
    }

    /** A customer id no other test uses. */
    public static String newCustomer() {
        return "cust-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
