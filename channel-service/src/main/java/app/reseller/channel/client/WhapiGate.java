package app.reseller.channel.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;

import java.io.IOException;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.time.temporal.ChronoUnit;

/**
 * WHAPI's gate API, called with a channel's own token (the full Authorization header value). Every
 * call here is safe to repeat (reads, and a settings PATCH that sets the same value), so transient
 * faults are retried with back-off; a 4xx (e.g. 409 "already linked") never is.
 */
@ApplicationScoped
public class WhapiGate {

    private final WhapiGateApi api;

    public WhapiGate(@RestClient WhapiGateApi api) {
        this.api = api;
    }

    @Timeout(value = 10, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 200, jitter = 100,
            retryOn = {WhapiException.Transient.class, ProcessingException.class, IOException.class, TimeoutException.class},
            abortOn = WhapiException.Rejected.class)
    @ExponentialBackoff(maxDelay = 2000)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.6, delay = 10, delayUnit = ChronoUnit.SECONDS,
            skipOn = WhapiException.Rejected.class)
    public Uni<JsonNode> qr(String authorization) {
        return api.qr(authorization, true);
    }

    @Timeout(value = 10, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 200, jitter = 100,
            retryOn = {WhapiException.Transient.class, ProcessingException.class, IOException.class, TimeoutException.class},
            abortOn = WhapiException.Rejected.class)
    @ExponentialBackoff(maxDelay = 2000)
    public Uni<byte[]> qrImage(String authorization) {
        return api.qrImage(authorization, true);
    }

    @Timeout(value = 10, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 200, jitter = 100,
            retryOn = {WhapiException.Transient.class, ProcessingException.class, IOException.class, TimeoutException.class},
            abortOn = WhapiException.Rejected.class)
    @ExponentialBackoff(maxDelay = 2000)
    public Uni<JsonNode> pairingCode(String authorization, String phone) {
        return api.pairingCode(authorization, phone);
    }

    @Timeout(value = 10, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 200, jitter = 100,
            retryOn = {WhapiException.Transient.class, ProcessingException.class, IOException.class, TimeoutException.class},
            abortOn = WhapiException.Rejected.class)
    @ExponentialBackoff(maxDelay = 2000)
    public Uni<JsonNode> health(String authorization) {
        return api.health(authorization);
    }

    @Timeout(value = 10, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 3, delay = 300, jitter = 100,
            retryOn = {WhapiException.Transient.class, ProcessingException.class, IOException.class, TimeoutException.class},
            abortOn = WhapiException.Rejected.class)
    @ExponentialBackoff(maxDelay = 3000)
    public Uni<Void> updateSettings(String authorization, JsonNode settings) {
        return api.updateSettings(authorization, settings).replaceWithVoid();
    }

    /**
     * Sends a message. Not idempotent at WHAPI (a repeat is a second message), so it is never
     * retried here: a call whose answer is lost is the caller's "outcome unknown" (the message is
     * UNCONFIRMED), and the customer's Idempotency-Key protects the customer's own repeats.
     */
    @Timeout(value = 20, unit = ChronoUnit.SECONDS)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.6, delay = 10, delayUnit = ChronoUnit.SECONDS,
            skipOn = WhapiException.Rejected.class)
    public Uni<JsonNode> send(String authorization, String type, JsonNode message) {
        return "text".equals(type) ? api.sendText(authorization, message) : api.sendMedia(authorization, type, message);
    }

    /** Logs the linked phone out. Safe to repeat (a second one is WHAPI's 409 "already logged out"), so retried on faults. */
    @Timeout(value = 10, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 200, jitter = 100,
            retryOn = {WhapiException.Transient.class, ProcessingException.class, IOException.class, TimeoutException.class},
            abortOn = WhapiException.Rejected.class)
    @ExponentialBackoff(maxDelay = 2000)
    public Uni<Void> logout(String authorization) {
        return api.logout(authorization).replaceWithVoid();
    }
}
