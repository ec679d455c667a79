package app.reseller.messaging.service;

import app.reseller.messaging.client.WappinAnswer;
import app.reseller.messaging.client.WappinException;
import app.reseller.messaging.service.WappinSettingsService.Credentials;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import app.reseller.platform.domain.CallFailures;
import java.time.Duration;
import java.util.function.BiFunction;

/**
 * One Wappin call with the current settings and access token. A 401 means Wappin refused the call
 * (nothing was sent): the token is refreshed once (shared with every other call that saw the same
 * token refused) and the call retried once. A call that never reached Wappin (connection refused)
 * is retried with back-off; any other failure is returned as it is, because a send may have gone out.
 */
@ApplicationScoped
public class WappinCaller {

    private final WappinSettingsService settings;
    private final WappinTokens tokens;

    public WappinCaller(WappinSettingsService settings, WappinTokens tokens) {
        this.settings = settings;
        this.tokens = tokens;
    }

    public Uni<WappinAnswer> call(BiFunction<String, Credentials, Uni<WappinAnswer>> request) {
        return settings.credentials().chain(credentials -> tokens.bearer(credentials)
                .chain(bearer -> request.apply(bearer, credentials)
                        .onFailure(WappinCaller::tokenRefused).recoverWithUni(refused -> tokens.replace(credentials, bearer)
                                .chain(fresh -> request.apply(fresh, credentials)))))
                .onFailure(CallFailures::neverSent).retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(2)).atMost(2);
    }

    static boolean tokenRefused(Throwable failure) {
        return failure instanceof WappinException e && "401".equals(e.code());
    }
}
