package app.reseller.sandbox.wappin;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** How the simulated Wappin behaves. The credentials are sandbox values, not secrets. */
@ConfigMapping(prefix = "sandbox.wappin")
public interface WappinSandboxConfig {

    @WithDefault("sandbox-client")
    String clientId();

    @WithDefault("sandbox-secret")
    String secretKey();

    /** A production project: every API works. */
    @WithDefault("52")
    String productionProjectId();

    /** A UAT project: text messages answer 419, only the UAT templates exist. */
    @WithDefault("14")
    String uatProjectId();

    /** Access tokens live this long (Wappin documents 24 h). */
    @WithDefault("24h")
    Duration tokenLifetime();

    /** Time between a message's sent, delivered and read. */
    @WithDefault("2s")
    Duration statusStep();

    /** Numbers starting with this are not on WhatsApp (601); more can be added through the control API. */
    @WithDefault("62999")
    String invalidNumberPrefix();
}
