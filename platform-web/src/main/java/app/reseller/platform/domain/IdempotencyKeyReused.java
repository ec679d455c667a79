package app.reseller.platform.domain;

/**
 * The Idempotency-Key was already used for a different request: replaying its answer would be a
 * lie, and running the new request would make the key mean two things.
 */
public final class IdempotencyKeyReused extends Refusal {

    /** @param detail what the key was used for ("this Idempotency-Key was used for a different message") */
    public IdempotencyKeyReused(String detail) {
        super("idempotency-key-reused", "Idempotency-Key reused", detail);
    }

}
