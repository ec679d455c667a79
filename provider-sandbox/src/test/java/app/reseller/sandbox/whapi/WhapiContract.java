package app.reseller.sandbox.whapi;

import app.reseller.infra.OpenApiContract;
import io.restassured.response.ExtractableResponse;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;

/**
 * One of WHAPI's published OpenAPI descriptions, and the sandbox exchanges checked against it
 * (the check itself is the test kit's {@link OpenApiContract}, shared with channel-service's
 * client contract test).
 */
final class WhapiContract {

    private final OpenApiContract contract;
    private final List<String> violations = new ArrayList<>();

    private WhapiContract(OpenApiContract contract) {
        this.contract = contract;
    }

    /** The description in {@code file}, with the sandbox serving it under {@code basePath}. */
    static WhapiContract load(String file, String basePath) {
        return new WhapiContract(OpenApiContract.load(file, basePath));
    }

    boolean available() {
        return contract.available();
    }

    String skipReason() {
        return contract.skipReason();
    }

    List<String> violations() {
        return violations;
    }

    /** Sends the request to the sandbox and records every way the pair departs from the description. */
    ExtractableResponse<?> exchange(String authorization, com.atlassian.oai.validator.model.Request.Method method,
                                    String pathAndQuery, String json) {
        var spec = given().header("Authorization", authorization);
        if (json != null) {
            spec = spec.contentType("application/json").body(json);
        }
        var answer = spec.request(method.name(), pathAndQuery).then().extract();
        int q = pathAndQuery.indexOf('?');
        var headers = new java.util.HashMap<String, List<String>>(Map.of("Authorization", List.of(authorization)));
        if (json != null) {
            headers.put("Content-Type", List.of("application/json"));
        }
        violations.addAll(contract.violations(OpenApiContract.exchange(method.name(),
                q < 0 ? pathAndQuery : pathAndQuery.substring(0, q), q < 0 ? null : pathAndQuery.substring(q + 1),
                headers, json, answer.statusCode(), answer.contentType(), answer.asByteArray())));
        return answer;
    }
}
