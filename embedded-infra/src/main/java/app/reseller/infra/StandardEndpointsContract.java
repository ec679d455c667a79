package app.reseller.infra;

import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static io.restassured.RestAssured.when;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

/**
 * What every platform app must offer an operator, checked the same way for each: liveness and
 * readiness (readiness asks the database where the app has one; Kafka is in its own health group,
 * {@code /q/health/group/messaging}, never in readiness), the OpenAPI
 * description and Swagger UI, Prometheus metrics, and problem+json errors that carry the
 * request's correlation id. Each app's test extends it with its own {@code @QuarkusTest} set-up.
 */
public abstract class StandardEndpointsContract {

    private final String openApiTitle;
    private final boolean hasDatabaseAndKafka;

    protected StandardEndpointsContract(String openApiTitle, boolean hasDatabaseAndKafka) {
        this.openApiTitle = openApiTitle;
        this.hasDatabaseAndKafka = hasDatabaseAndKafka;
    }

    @Test
    void livenessIsUp() {
        when().get("/q/health/live").then().statusCode(200).body("status", is("UP"));
    }

    @Test
    void readinessIsUpAndChecksItsDependencies() {
        var ready = when().get("/q/health/ready").then().statusCode(200).body("status", is("UP"));
        if (hasDatabaseAndKafka) {
            ready.body("checks.name", hasItem(containsString("PostgreSQL")))
                    .body("checks.name", not(hasItem(containsString("Kafka"))))
                    .body("checks.status.unique()", equalTo(java.util.List.of("UP")));
        }
    }

    @Test
    void kafkaHasItsOwnHealthGroup() {
        if (hasDatabaseAndKafka) {
            when().get("/q/health/group/messaging").then().statusCode(200).body("status", is("UP"))
                    .body("checks.name", hasItem(containsString("Kafka")));
        }
    }

    @Test
    void servesItsOpenApiDescriptionAndSwaggerUi() {
        given().accept(ContentType.JSON).when().get("/q/openapi").then().statusCode(200)
                .body("info.title", is(openApiTitle));
        when().get("/q/swagger-ui/").then().statusCode(200);
    }

    @Test
    void exposesPrometheusMetrics() {
        when().get("/q/metrics").then().statusCode(200)
                .contentType(anyOf(startsWith("text/plain"), startsWith("application/openmetrics-text")))
                .body(containsString("jvm_memory_used_bytes"));
    }

    @Test
    void anUnknownRouteAnswersProblemJsonWithTheCorrelationId() {
        given().header("X-Correlation-Id", "contract-test-42").accept(ContentType.JSON)
                .when().get("/no/such/route").then().statusCode(404)
                .contentType("application/problem+json")
                .header("X-Correlation-Id", "contract-test-42")
                .body("type", is("urn:reseller:problem:not-found"))
                .body("status", is(404))
                .body("correlationId", is("contract-test-42"));
    }
}
