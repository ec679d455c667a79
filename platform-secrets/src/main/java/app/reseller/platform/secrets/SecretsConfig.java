package app.reseller.platform.secrets;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithName;

import java.util.Optional;

/**
 * Where the key that encrypts credentials at rest comes from: a Tink keyset in JSON, held in a
 * Kubernetes Secret and handed over as the environment variable {@code PLATFORM_SECRETS_KEYSET}.
 * A keyset may hold several keys: new values are sealed with the primary one, old values stay
 * readable with the others, so the key can be rotated without re-encrypting first.
 */
@ConfigMapping(prefix = "platform.secrets")
public interface SecretsConfig {

    /** The Tink JSON keyset (AES-GCM keys). No default: a service holding credentials refuses to start without it. */
    @WithName("keyset")
    Optional<String> keyset();
}
