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
 * WHAPI's manager API with the fault tolerance each call can bear. Reads, mode changes and deletes
 * are retried with back-off on transport faults, timeouts, 5xx and 429; a 4xx is never retried.
 * Create and extend are never retried here: both are not idempotent, and only their callers can
 * tell (by reading WHAPI's state) whether a failed call happened after all. Each call opens its own
 * circuit when WHAPI keeps failing, so a WHAPI outage answers fast instead of piling up.
 *
 * <p>Every method takes the complete Authorization header value, built by the settings service
 * from the current partner token, so a rotated token is used by the very next call.
 */
@ApplicationScoped
public class WhapiManager {

    private final WhapiManagerApi api;

    public WhapiManager(@RestClient WhapiManagerApi api) {
        this.api = api;
    }

    @Timeout(value = 15, unit = ChronoUnit.SECONDS)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.6, delay = 10, delayUnit = ChronoUnit.SECONDS,
            skipOn = WhapiException.Rejected.class)
    public Uni<WhapiChannel> create(String authorization, String name, String projectId, String phone) {
        return api.create(authorization, new WhapiManagerApi.NewChannel(name, projectId, phone));
    }

    @Timeout(value = 10, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 3, delay = 200, jitter = 100,
            retryOn = {WhapiException.Transient.class, ProcessingException.class, IOException.class, TimeoutException.class},
            abortOn = WhapiException.Rejected.class)
    @ExponentialBackoff(maxDelay = 3000)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.6, delay = 10, delayUnit = ChronoUnit.SECONDS,
            skipOn = WhapiException.Rejected.class)
    public Uni<WhapiChannel> get(String authorization, String whapiId) {
        return api.get(authorization, whapiId);
    }

    @Timeout(value = 10, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 3, delay = 200, jitter = 100,
            retryOn = {WhapiException.Transient.class, ProcessingException.class, IOException.class, TimeoutException.class},
            abortOn = WhapiException.Rejected.class)
    @ExponentialBackoff(maxDelay = 3000)
    public Uni<JsonNode> list(String authorization, int count, int offset) {
        return api.list(authorization, count, offset);
    }

    @Timeout(value = 15, unit = ChronoUnit.SECONDS)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.6, delay = 10, delayUnit = ChronoUnit.SECONDS,
            skipOn = WhapiException.Rejected.class)
    public Uni<Void> extend(String authorization, String whapiId, int days, String comment) {
        return api.extend(authorization, whapiId, new WhapiManagerApi.Extension(days, comment)).replaceWithVoid();
    }

    @Timeout(value = 15, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 3, delay = 500, jitter = 200,
            retryOn = {WhapiException.Transient.class, ProcessingException.class, IOException.class, TimeoutException.class},
            abortOn = WhapiException.Rejected.class)
    @ExponentialBackoff(maxDelay = 5000)
    public Uni<Void> changeMode(String authorization, String whapiId, String mode) {
        return api.changeMode(authorization, whapiId, new WhapiManagerApi.Mode(mode)).replaceWithVoid();
    }

    /** A repeated delete after a lost answer gets WHAPI's 404, which callers take as "already deleted". */
    @Timeout(value = 15, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 3, delay = 500, jitter = 200,
            retryOn = {WhapiException.Transient.class, ProcessingException.class, IOException.class, TimeoutException.class},
            abortOn = WhapiException.Rejected.class)
    @ExponentialBackoff(maxDelay = 5000)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.6, delay = 10, delayUnit = ChronoUnit.SECONDS,
            skipOn = WhapiException.Rejected.class)
    public Uni<Void> delete(String authorization, String whapiId) {
        return api.delete(authorization, whapiId).replaceWithVoid();
    }

    /** A restart asked twice is a second restart: harmless, but not retried blindly either (a lost answer is the caller's to repeat). */
    @Timeout(value = 15, unit = ChronoUnit.SECONDS)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.6, delay = 10, delayUnit = ChronoUnit.SECONDS,
            skipOn = WhapiException.Rejected.class)
    public Uni<Void> restart(String authorization, String whapiId) {
        return api.restart(authorization, whapiId).replaceWithVoid();
    }
}
