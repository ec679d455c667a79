package app.reseller.infra;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.LevelResolverFactory;
import com.atlassian.oai.validator.report.ValidationReport;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A provider's published OpenAPI description, and the check of one exchange (request and answer)
 * against it. The descriptions are not part of this project: they are read from
 * {@code -Dwhapi.openapi.dir} (default {@code ../../shared/providers}, present beside CI's clone);
 * when absent, {@link #skipReason()} says why the check cannot run.
 */
public final class OpenApiContract {

    private final OpenApiInteractionValidator validator;
    private final String skipReason;

    private OpenApiContract(OpenApiInteractionValidator validator, String skipReason) {
        this.validator = validator;
        this.skipReason = skipReason;
    }

    /** The description in {@code file}, with the API served under {@code basePath} (e.g. /manager in the sandbox). */
    public static OpenApiContract load(String file, String basePath) {
        Path spec = Path.of(System.getProperty("whapi.openapi.dir", "../../shared/providers")).resolve(file);
        if (!Files.isReadable(spec)) {
            String reason = "SKIPPED: the OpenAPI description is not at " + spec.toAbsolutePath()
                    + " (set -Dwhapi.openapi.dir to the folder holding " + file + ")";
            System.out.println(reason);
            return new OpenApiContract(null, reason);
        }
        return new OpenApiContract(OpenApiInteractionValidator.createForSpecificationUrl(spec.toAbsolutePath().toUri().toString())
                .withBasePathOverride(basePath)
                // JSON Schema's own rule (additionalProperties defaults to true): WHAPI's descriptions
                // split objects over allOf parts and list no 'result' in ResponseSuccess although they
                // require it, so the validator's stricter default would reject every possible answer
                .withLevelResolver(LevelResolverFactory.withAdditionalPropertiesIgnored())
                .build(), null);
    }

    public boolean available() {
        return validator != null;
    }

    public String skipReason() {
        return skipReason;
    }

    /**
     * Every way the exchange departs from the description. An answer that never came (a lost
     * answer, status -1) checks the request alone.
     */
    public List<String> violations(RecordingProxy.Exchange exchange) {
        return violations(exchange, m -> false);
    }

    /**
     * The same, leaving out the messages {@code known} names: a flaw of the published description
     * itself, which no request or answer could satisfy (say so where it is used).
     */
    public List<String> violations(RecordingProxy.Exchange exchange, java.util.function.Predicate<ValidationReport.Message> known) {
        var request = new SimpleRequest.Builder(Request.Method.valueOf(exchange.method()), exchange.path());
        exchange.requestHeaders().forEach((name, values) -> values.forEach(v -> request.withHeader(name, v)));
        if (exchange.query() != null) {
            for (String pair : exchange.query().split("&")) {
                String[] kv = pair.split("=", 2);
                request.withQueryParam(kv[0], kv.length > 1 ? kv[1] : "");
            }
        }
        if (exchange.requestBody().length > 0) {
            request.withBody(exchange.requestText());
        }
        ValidationReport report;
        if (exchange.status() < 0) {
            report = validator.validateRequest(request.build());
        } else {
            var response = SimpleResponse.Builder.status(exchange.status());
            if (exchange.responseContentType() != null) {
                response.withContentType(exchange.responseContentType());
            }
            boolean binary = exchange.responseContentType() != null && exchange.responseContentType().startsWith("image/");
            if (exchange.responseBody().length > 0) {
                if (binary) {
                    response.withBody(exchange.responseBody());
                } else {
                    response.withBody(new String(exchange.responseBody(), StandardCharsets.UTF_8));
                }
            }
            report = validator.validate(request.build(), response.build());
        }
        String where = exchange.method() + " " + exchange.path() + (exchange.query() == null ? "" : "?" + exchange.query())
                + " -> " + exchange.status() + ": ";
        return report.getMessages().stream().filter(m -> m.getLevel() == ValidationReport.Level.ERROR && !known.test(m))
                .map(m -> where + m.getMessage()).toList();
    }

    /**
     * WHAPI's gate description gives a media send's {@code media} as a oneOf of four plain strings
     * (file, URL, base64, media id): every string matches all four, so no JSON media request can pass
     * the oneOf, nor the allOf around it. Only that message: its nested messages are all that oneOf.
     */
    public static boolean mediaOneOfFlaw(ValidationReport.Message message) {
        return message.getKey().startsWith("validation.request.body.schema.") && onlyMediaOneOf(message);
    }

    private static boolean onlyMediaOneOf(ValidationReport.Message message) {
        if (message.getKey().endsWith(".oneOf")) {
            return message.getContext().flatMap(ValidationReport.MessageContext::getPointers)
                    .map(p -> "/media".equals(p.getInstance())).orElse(false);
        }
        List<ValidationReport.Message> nested = message.getNestedMessages();
        return !nested.isEmpty() && nested.stream().allMatch(OpenApiContract::onlyMediaOneOf);
    }

    /** An exchange made by a test itself (not through the proxy), to check the same way. */
    public static RecordingProxy.Exchange exchange(String method, String path, String query, Map<String, List<String>> headers,
                                                   String requestJson, int status, String contentType, byte[] answer) {
        return new RecordingProxy.Exchange(method, path, query, headers,
                requestJson == null ? new byte[0] : requestJson.getBytes(StandardCharsets.UTF_8), status, contentType, answer);
    }
}
