package app.reseller.sandbox.whapi;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.LevelResolverFactory;
import com.atlassian.oai.validator.report.ValidationReport;
import io.restassured.response.ExtractableResponse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.restassured.RestAssured.given;

/**
 * One of WHAPI's published OpenAPI descriptions, and the exchanges checked against it. The
 * descriptions are not part of this project: they are read from {@code -Dwhapi.openapi.dir}
 * (default {@code ../../shared/providers}, present beside CI's clone).
 */
final class WhapiContract {

    private final OpenApiInteractionValidator validator;
    private final String skipReason;
    private final List<String> violations = new ArrayList<>();

    private WhapiContract(OpenApiInteractionValidator validator, String skipReason) {
        this.validator = validator;
        this.skipReason = skipReason;
    }

    /** The description in {@code file}, with the sandbox serving it under {@code basePath}. */
    static WhapiContract load(String file, String basePath) {
        Path spec = Path.of(System.getProperty("whapi.openapi.dir", "../../shared/providers")).resolve(file);
        if (!Files.isReadable(spec)) {
            String reason = "SKIPPED: WHAPI's OpenAPI description is not at " + spec.toAbsolutePath()
                    + " (set -Dwhapi.openapi.dir to the folder holding " + file + ")";
            System.out.println(reason);
            return new WhapiContract(null, reason);
        }
        return new WhapiContract(OpenApiInteractionValidator.createForSpecificationUrl(spec.toAbsolutePath().toUri().toString())
                .withBasePathOverride(basePath)
                // JSON Schema's own rule (additionalProperties defaults to true): WHAPI's descriptions
                // split objects over allOf parts and list no 'result' in ResponseSuccess although they
                // require it, so the validator's stricter default would reject every possible answer
                .withLevelResolver(LevelResolverFactory.withAdditionalPropertiesIgnored())
                .build(), null);
    }

    boolean available() {
        return validator != null;
    }

    String skipReason() {
        return skipReason;
    }

    List<String> violations() {
        return violations;
    }

    /** Sends the request to the sandbox and records every way the pair departs from the description. */
    ExtractableResponse<?> exchange(String authorization, Request.Method method, String pathAndQuery, String json) {
        var spec = given().header("Authorization", authorization);
        if (json != null) {
            spec = spec.contentType("application/json").body(json);
        }
        var answer = spec.request(method.name(), pathAndQuery).then().extract();

        int q = pathAndQuery.indexOf('?');
        var request = new SimpleRequest.Builder(method, q < 0 ? pathAndQuery : pathAndQuery.substring(0, q))
                .withAuthorization(authorization);
        if (q >= 0) {
            for (String pair : pathAndQuery.substring(q + 1).split("&")) {
                String[] kv = pair.split("=", 2);
                request.withQueryParam(kv[0], kv[1]);
            }
        }
        if (json != null) {
            request.withContentType("application/json").withBody(json);
        }
        boolean binary = answer.contentType() != null && answer.contentType().startsWith("image/");
        var response = binary
                ? SimpleResponse.Builder.status(answer.statusCode()).withContentType(answer.contentType())
                        .withBody(answer.asByteArray()).build()
                : SimpleResponse.Builder.status(answer.statusCode()).withContentType(answer.contentType())
                        .withBody(answer.asString()).build();
        validator.validate(request.build(), response).getMessages().stream()
                .filter(m -> m.getLevel() == ValidationReport.Level.ERROR)
                .forEach(m -> violations.add(method + " " + pathAndQuery + " -> " + answer.statusCode() + ": " + m.getMessage()));
        return answer;
    }
}
