package app.reseller.sandbox.whapi;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.LevelResolverFactory;
import com.atlassian.oai.validator.report.ValidationReport;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.restassured.RestAssured.given;
import static io.restassured.RestAssured.when;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Every request the contract scenario sends to the simulated WHAPI manager, and every answer it
 * gets, is checked against WHAPI's published OpenAPI description, so the sandbox cannot drift
 * from the real API. The description is not part of this project: it is read from
 * {@code -Dwhapi.openapi.dir} (default {@code ../../shared/providers}, present beside CI's clone).
 */
@QuarkusTest
class WhapiManagerContractTest {

    private static final String MANAGER_SPEC = "whapi-manager-openapi.json";
    private static OpenApiInteractionValidator validator;
    private static String skipReason;
    private final List<String> violations = new ArrayList<>();

    @BeforeAll
    static void loadDescription() {
        Path spec = Path.of(System.getProperty("whapi.openapi.dir", "../../shared/providers")).resolve(MANAGER_SPEC);
        if (!Files.isReadable(spec)) {
            skipReason = "SKIPPED: WHAPI's OpenAPI description is not at " + spec.toAbsolutePath()
                    + " (set -Dwhapi.openapi.dir to the folder holding " + MANAGER_SPEC + ")";
            System.out.println(skipReason);
            return;
        }
        validator = OpenApiInteractionValidator.createForSpecificationUrl(spec.toAbsolutePath().toUri().toString())
                .withBasePathOverride("/manager")
                // JSON Schema's own rule (additionalProperties defaults to true): WHAPI's description
                // splits Channel over allOf parts and lists no 'result' in ResponseSuccess although it
                // requires it, so the validator's stricter default would reject every possible answer
                .withLevelResolver(LevelResolverFactory.withAdditionalPropertiesIgnored())
                .build();
    }

    @AfterEach
    void reset() {
        when().post("/_sandbox/whapi/reset").then().statusCode(200);
    }

    @Test
    void everyRequestAndAnswerOfTheChannelLifeCycleMatchesWhapisDescription() {
        assumeTrue(validator != null, skipReason);
        String id = exchange(Request.Method.PUT, "/manager/channels",
                "{\"name\":\"contract\",\"projectId\":\"HPN0H0hFDL1GFg154PI\",\"phone\":\"6281234567\"}")
                .jsonPath().getString("id");
        exchange(Request.Method.GET, "/manager/channels/" + id, null);
        exchange(Request.Method.GET, "/manager/channels/list?count=10&offset=0", null);
        exchange(Request.Method.POST, "/manager/channels/" + id + "/extend", "{\"days\":30,\"comment\":\"contract\"}");
        exchange(Request.Method.PATCH, "/manager/channels/" + id + "/mode", "{\"mode\":\"live\"}");
        exchange(Request.Method.POST, "/manager/channels/" + id + "/extend", "{\"days\":1,\"comment\":\"blocked\"}"); // 400
        exchange(Request.Method.DELETE, "/manager/channels/" + id, null);
        exchange(Request.Method.GET, "/manager/channels/" + id, null); // 404

        assertTrue(violations.isEmpty(), "the sandbox drifted from WHAPI's description:\n" + String.join("\n", violations));
    }

    /** Sends the request to the sandbox and validates the pair against the description. */
    private ExtractableResponse<?> exchange(Request.Method method, String pathAndQuery, String json) {
        var spec = given().header("Authorization", WhapiManagerSimulatorTest.PARTNER);
        if (json != null) {
            spec = spec.contentType("application/json").body(json);
        }
        var answer = spec.request(method.name(), pathAndQuery).then().extract();

        String path = pathAndQuery.contains("?") ? pathAndQuery.substring(0, pathAndQuery.indexOf('?')) : pathAndQuery;
        var request = new SimpleRequest.Builder(method, path)
                .withAuthorization(WhapiManagerSimulatorTest.PARTNER);
        if (pathAndQuery.contains("?")) {
            for (String pair : pathAndQuery.substring(pathAndQuery.indexOf('?') + 1).split("&")) {
                String[] kv = pair.split("=", 2);
                request.withQueryParam(kv[0], kv[1]);
            }
        }
        if (json != null) {
            request.withContentType("application/json").withBody(json);
        }
        var response = SimpleResponse.Builder.status(answer.statusCode())
                .withContentType(answer.contentType()).withBody(answer.asString()).build();
        ValidationReport report = validator.validate(request.build(), response);
        report.getMessages().stream()
                .filter(m -> m.getLevel() == ValidationReport.Level.ERROR)
                .forEach(m -> violations.add(method + " " + pathAndQuery + " -> " + answer.statusCode() + ": " + m.getMessage()));
        return answer;
    }
}
