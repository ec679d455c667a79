package app.reseller.local;

import app.reseller.infra.TestIdentity;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Demo identities for the local run only: a signing key made for this run (never stored), its
 * public key handed to every app, and bearer tokens for one admin and two customers written to
 * .local/tokens/. The sandbox's development issuer signs with the same key
 * ({@code POST http://127.0.0.1:8090/_sandbox/identity/token}), so both kinds of demo token work everywhere.
 */
final class DevTokens {

    static final String ISSUER = "https://local-run.reseller.invalid";
    private static final Duration LIFETIME = Duration.ofHours(12);

    private final KeyPair keys = newKeyPair();
    /** The gateway's identity key of this run: it signs what the services accept for API-key calls. */
    private final KeyPair gatewayKeys = newKeyPair();

    private static KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The gateway's identity key, base64 PKCS#8: handed to the gateway only, never written to disk. */
    String gatewayPrivateKey() {
        return Base64.getEncoder().encodeToString(gatewayKeys.getPrivate().getEncoded());
    }

    /** What every service verifies the gateway's identities with (platform.gateway-identity.public-key). */
    String gatewayPublicKey() {
        return Base64.getEncoder().encodeToString(gatewayKeys.getPublic().getEncoded());
    }

    /** The private key, base64 PKCS#8: handed to the gateway's development issuer, never written to disk. */
    String privateKey() {
        return Base64.getEncoder().encodeToString(keys.getPrivate().getEncoded());
    }

    String publicKey() {
        return Base64.getEncoder().encodeToString(keys.getPublic().getEncoded());
    }

    /** Writes admin.jwt, customer-1.jwt and customer-2.jwt; returns name -> file. */
    Map<String, Path> writeDemoTokens(Path folder) throws IOException {
        Files.createDirectories(folder);
        Map<String, Path> files = new LinkedHashMap<>();
        files.put("admin", write(folder, "admin", "admin", "admin"));
        files.put("customer-1", write(folder, "customer-1", "customer-1", "customer"));
        files.put("customer-2", write(folder, "customer-2", "customer-2", "customer"));
        return files;
    }

    private Path write(Path folder, String name, String subject, String role) throws IOException {
        String token = TestIdentity.claims(ISSUER, subject, name, Set.of(role), LIFETIME).sign(keys.getPrivate());
        Path file = folder.resolve(name + ".jwt");
        Files.writeString(file, token);
        return file;
    }
}
