package app.reseller.sandbox.fault;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/**
 * A fault rule as a test or an operator posts it.
 *
 * @param kind        what to do
 * @param method      HTTP method to match, or null for any
 * @param pathPattern Java regex the whole request path must match, e.g. {@code /channels/.+/extend}
 * @param status      for ERROR: the HTTP status to answer (default 503)
 * @param delayMs     for LATENCY and TIMEOUT: how long to wait
 * @param times       how many matching requests it applies to; null = until cleared
 * @param code        for RESULT_CODE: the Wappin result code to answer (default 700)
 * @param retryAfterSeconds for ERROR: a Retry-After header to send with it (none when null)
 */
public record Fault(
        @NotNull FaultKind kind,
        @Pattern(regexp = "GET|POST|PUT|PATCH|DELETE") String method,
        @NotBlank String pathPattern,
        @Min(400) @Max(599) Integer status,
        @Min(0) @Max(120_000) Integer delayMs,
        @Min(1) Integer times,
        @Pattern(regexp = "\\d{3}") String code,
        @Min(0) @Max(86_400) Integer retryAfterSeconds) {
}
