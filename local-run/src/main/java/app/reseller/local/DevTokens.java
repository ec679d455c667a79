package app.reseller.local;

import io.smallrye.jwt.build.Jwt;

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
 * .local/tokens/. The gateway's development issuer signs with the same key
 * ({@code POST /api/v1/dev/token}), so both kinds of demo token work everywhere.
 */
final class DevTokens {

    static final String ISSUER = "https://local-run.reseller.invalid";
    private static final Duration LIFETIME = Duration.ofHours(12);

    private final KeyPair keys;

    DevTokens() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            keys = generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
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
        String token = Jwt.issuer(ISSUER).subject(subject).upn(subject).groups(Set.of(role))
                .expiresIn(LIFETIME).sign(keys.getPrivate());
        Path file = folder.resolve(name + ".jwt");
        Files.writeString(file, token);
        return file;
    }
}
