package app.reseller.sandbox.identity;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The simulated identity provider of the local run (the development issuer). It exists only in the
 * sandbox, which never ships: no production artifact can hand out a token (docs/identity.md).
 */
@ConfigMapping(prefix = "sandbox.identity")
public interface IdentitySandboxConfig {

    /** The PKCS#8 private key (base64) matching the apps' mp.jwt.verify.publickey; the local run makes one per run. */
    Optional<String> privateKey();

    @WithDefault("https://local-run.reseller.invalid")
    String issuer();

    /** Demo users as name:role; a user's name is also its subject (the customer id). */
    @WithDefault("admin:admin,customer-1:customer,customer-2:customer,customer-3:customer")
    List<String> users();

    @WithDefault("12h")
    Duration lifetime();

    /** The web console's OIDC client id: the only client the sign-in page serves. */
    @WithDefault("reseller-console")
    String consoleClientId();

    /** Where the console lives: sign-in and sign-out redirect only to addresses under it. */
    @WithDefault("http://127.0.0.1:8080/console/")
    String consoleUrl();
}
