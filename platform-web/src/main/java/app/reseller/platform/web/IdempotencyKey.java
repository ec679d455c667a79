package app.reseller.platform.web;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import jakarta.validation.ReportAsSingleViolation;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The one rule for an {@code Idempotency-Key} header, on every operation that takes one: absent is
 * allowed (the request is simply not deduplicated; HTTP trims a value's blanks, and an empty value
 * arrives as no key); present, it has 1 to 200 characters and no control character (a key is stored
 * and compared; a 10 kB one or one with a control character is a client's bug).
 * Put on the header parameter in {@code rest/}; a bad key is a 400 naming the header, before any
 * service runs:
 * <pre>{@code @HeaderParam(IdempotencyKey.HEADER) @IdempotencyKey String idempotencyKey}</pre>
 * What a repeated key does (replay the first answer, or 422 {@code idempotency-key-reused} for
 * another request) is each app's to keep; the refusal is {@code platform.domain.IdempotencyKeyReused}.
 */
@Documented
@Target({ElementType.PARAMETER, ElementType.FIELD})
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = {})
@ReportAsSingleViolation
@Size(min = 1, max = IdempotencyKey.MAX_LENGTH)
@Pattern(regexp = "^[^\\x00-\\x1F\\x7F]*$")
public @interface IdempotencyKey {

    String HEADER = "Idempotency-Key";
    int MAX_LENGTH = 200;

    String message() default "must have 1 to 200 characters and no control character";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
