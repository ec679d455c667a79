package app.reseller.messaging.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.resteasy.reactive.client.api.ClientMultipartForm;

import java.io.IOException;
import java.time.temporal.ChronoUnit;

/**
 * Wappin's API with the fault tolerance each call can bear. Every answer's result code is checked:
 * anything but "200" fails as a {@link WappinException}, which is never retried here (it is
 * Wappin's considered answer). The token request, inquiry and number check are reads, retried with
 * back-off on transport faults and 5xx. The three sends are NOT retried here: a send whose answer
 * was lost may have gone out, and only its caller can decide (see MessageSender).
 */
@ApplicationScoped
public class Wappin {

    private final WappinApi api;

    public Wappin(@RestClient WappinApi api) {
        this.api = api;
    }

    @Timeout(value = 10, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 3, delay = 200, jitter = 100,
            retryOn = {WappinException.Unavailable.class, ProcessingException.class, IOException.class, TimeoutException.class},
            abortOn = WappinException.class)
    @ExponentialBackoff(maxDelay = 3000)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.6, delay = 10, delayUnit = ChronoUnit.SECONDS,
            skipOn = WappinException.class)
    public Uni<WappinAnswer> token(String basicAuthorization) {
        return api.token(basicAuthorization).map(Wappin::require);
    }

    @Timeout(value = 20, unit = ChronoUnit.SECONDS)
    @CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.6, delay = 10, delayUnit = ChronoUnit.SECONDS,
            skipOn = WappinException.class)
    public Uni<WappinAnswer> sendHsm(String bearer, JsonNode body) {
        return api.sendHsm(bearer, body).map(Wappin::require);
    }

    @Timeout(value = 20, unit = ChronoUnit.SECONDS)
    @CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.6, delay = 10, delayUnit = ChronoUnit.SECONDS,
            skipOn = WappinException.class)
    public Uni<WappinAnswer> sendText(String bearer, JsonNode body) {
        return api.sendText(bearer, body).map(Wappin::require);
    }

    @Timeout(value = 60, unit = ChronoUnit.SECONDS)
    @CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.6, delay = 10, delayUnit = ChronoUnit.SECONDS,
            skipOn = WappinException.class)
    public Uni<WappinAnswer> sendMedia(String bearer, ClientMultipartForm form) {
        return api.sendMedia(bearer, form).map(Wappin::require);
    }

    @Timeout(value = 10, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 3, delay = 200, jitter = 100,
            retryOn = {WappinException.Unavailable.class, ProcessingException.class, IOException.class, TimeoutException.class},
            abortOn = WappinException.class)
    @ExponentialBackoff(maxDelay = 3000)
    public Uni<WappinAnswer> inquiry(String bearer, JsonNode body) {
        return api.inquiry(bearer, body).map(Wappin::require);
    }

    @Timeout(value = 10, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 3, delay = 200, jitter = 100,
            retryOn = {WappinException.Unavailable.class, ProcessingException.class, IOException.class, TimeoutException.class},
            abortOn = WappinException.class)
    @ExponentialBackoff(maxDelay = 3000)
    public Uni<WappinAnswer> numberCheck(String bearer, JsonNode body) {
        return api.numberCheck(bearer, body).map(Wappin::require);
    }

    static WappinAnswer require(WappinAnswer answer) {
        if (answer == null || answer.status() == null) {
            throw new WappinException.Unavailable(200);
        }
        if (!answer.ok()) {
            throw new WappinException(answer.status(), answer.message() == null ? "" : answer.message());
        }
        return answer;
    }
}
