package app.reseller.platform.web;

/**
 * The identity the gateway forwards for a call made with an API key: a short-lived JWT it signs with
 * its own key, in {@link #HEADER} (the key itself never leaves the gateway). Its claims, beside
 * {@code sub} (the customer) and {@code realm_access.roles}:
 */
public final class GatewayIdentity {

    public static final String HEADER = "X-Reseller-Identity";
    public static final String ISSUER = "urn:reseller:gateway";
    /** Only the platform's apps accept it: no identity provider's token names this audience. */
    public static final String AUDIENCE = "urn:reseller:internal";
    /** The API key's id: audits name it (histories, traces). */
    public static final String KEY_ID_CLAIM = "reseller_key";
    /** The logging context's name for the key's id (plain logs: [key=…], JSON logs: mdc.apiKeyId). */
    public static final String KEY_ID_MDC = "apiKeyId";
    /** The key's scopes, as {@link ApiKeyScope#value()} strings. */
    public static final String SCOPES_CLAIM = "reseller_scopes";
    /** The channel ids the key is limited to; absent when it may use every channel of its customer. */
    public static final String CHANNELS_CLAIM = "reseller_channels";
    /** The role of the gateway itself, when it calls a service's internal endpoint (never a person's or a key's). */
    public static final String GATEWAY_ROLE = "gateway";
    /** Set on a {@code SecurityIdentity} that came from the gateway's own signature. */
    public static final String VIA_GATEWAY_ATTRIBUTE = "reseller.via-gateway";

    private GatewayIdentity() {
    }
}
