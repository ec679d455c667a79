package app.reseller.messaging.client;

import app.reseller.messaging.config.MessagingConfig;
import app.reseller.messaging.config.WappinCalls;
import app.reseller.platform.calls.GuardedCalls;
import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.resteasy.reactive.client.api.ClientMultipartForm;

/**
 * Wappin's API with the fault tolerance each call can bear, from {@code messaging.wappin.calls.*}.
 * Every answer's result code is checked: anything but "200" fails as a {@link WappinException},
 * which is never repeated (it is Wappin's considered answer). The token request, inquiry and
 * number check are reads, repeated with back-off on transport faults and 5xx. The three sends are
 * NOT repeated here: a send whose answer was lost may have gone out, and only its caller can
 * decide (see MessageSender).
 */
@ApplicationScoped
public class Wappin {

    private final WappinApi api;
    private final GuardedCalls<WappinCalls> calls;

    public Wappin(@RestClient WappinApi api, MessagingConfig config) {
        this.api = api;
        this.calls = GuardedCalls.of(WappinCalls.class, config.wappin().calls(), "messaging.wappin.calls");
    }

    public Uni<WappinAnswer> token(String basicAuthorization) {
        return calls.run(WappinCalls::token, () -> api.token(basicAuthorization).map(Wappin::require));
    }

    public Uni<WappinAnswer> sendHsm(String bearer, JsonNode body) {
        return calls.run(WappinCalls::sendHsm, () -> api.sendHsm(bearer, body).map(Wappin::require));
    }

    public Uni<WappinAnswer> sendText(String bearer, JsonNode body) {
        return calls.run(WappinCalls::sendText, () -> api.sendText(bearer, body).map(Wappin::require));
    }

    public Uni<WappinAnswer> sendMedia(String bearer, ClientMultipartForm form) {
        return calls.run(WappinCalls::sendMedia, () -> api.sendMedia(bearer, form).map(Wappin::require));
    }

    public Uni<WappinAnswer> inquiry(String bearer, JsonNode body) {
        return calls.run(WappinCalls::inquiry, () -> api.inquiry(bearer, body).map(Wappin::require));
    }

    public Uni<WappinAnswer> numberCheck(String bearer, JsonNode body) {
        return calls.run(WappinCalls::numberCheck, () -> api.numberCheck(bearer, body).map(Wappin::require));
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
