package app.reseller.local;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * A real Keycloak ({@code org.keycloak:keycloak-quarkus-dist}, unpacked by this module's build into
 * {@code target/keycloak/}) in a child process, with the platform's realm imported from
 * {@code deploy/keycloak/reseller-realm.json}. Keycloak needs Java 21 or newer ({@link Jdks}).
 *
 * <p>Measured on a 2-core machine: {@code start-dev} is ready in about 40 s the first time (it
 * builds its own Quarkus app) and about 20 s afterwards, with 530 MB resident. It runs on an
 * in-memory database ({@code --db=dev-mem}): every start imports the realm afresh, so the demo users,
 * clients and keys are always the file's, and nothing is left behind.
 */
final class KeycloakServer implements AutoCloseable {

    static final String VERSION = "26.7.3";
    static final String REALM = "reseller";
    /** The confidential client for tests and the local run (password grant for the demo users). */
    static final String TEST_CLIENT = "reseller-tests";
    static final String TEST_CLIENT_SECRET = "local-run-tests-only";
    /** The same, with access tokens that live 5 seconds (the key-rotation test waits for one to expire). */
    static final String SHORT_LIVED_CLIENT = "reseller-tests-short";
    /** Another application of the realm: its tokens do not name the platform's audience. */
    static final String OTHER_CLIENT = "other-app";
    /** The demo users' passwords (deploy/keycloak/reseller-realm.json; local run and tests only). */
    static final Map<String, String> DEMO_PASSWORDS = Map.of("admin", "admin-demo", "customer-1", "customer-demo",
            "customer-2", "customer-demo", "customer-3", "customer-demo", "customer-4", "customer-demo",
            "customer-5", "customer-demo");
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(3);

    private final Process process;
    private final int port;
    private final String adminPassword;
    private final Path log;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private KeycloakServer(Process process, int port, String adminPassword, Path log) {
        this.process = process;
        this.port = port;
        this.adminPassword = adminPassword;
        this.log = log;
    }

    /** Starts Keycloak on 127.0.0.1:{@code port} and returns once the realm answers. */
    static KeycloakServer start(Path root, Path state, int port) throws IOException, InterruptedException {
        Path home = root.resolve("local-run/target/keycloak/keycloak-" + VERSION);
        if (!Files.exists(home.resolve("bin/kc.sh"))) {
            throw new IllegalStateException(home + " is missing: build local-run first (it unpacks Keycloak " + VERSION + ")");
        }
        Path imports = state.resolve("keycloak-import");
        Files.createDirectories(imports);
        Files.copy(root.resolve("deploy/keycloak/reseller-realm.json"), imports.resolve("reseller-realm.json"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Path log = state.resolve("logs").resolve("keycloak.log");
        Files.createDirectories(log.getParent());
        String adminPassword = UUID.randomUUID().toString();
        List<String> command = new ArrayList<>(List.of("bash", home.resolve("bin/kc.sh").toString(), "start-dev",
                "--db=dev-mem", "--import-realm", "--http-host=127.0.0.1", "--http-port=" + port,
                "--hostname=http://127.0.0.1:" + port, "-Dkeycloak.migration.dir=" + imports));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("JAVA_HOME", Jdks.atLeast(21).toString());
        builder.environment().put("JAVA_OPTS_KC_HEAP", "-Xms64m -Xmx512m");
        // the master realm's administrator: a new password every run, only for this process's tests and drills
        builder.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", "kc-admin");
        builder.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", adminPassword);
        KeycloakServer server = new KeycloakServer(builder.start(), port, adminPassword, log);
        server.awaitReady();
        return server;
    }

    /** The realm's issuer, as its tokens name it ({@code iss}). */
    String issuer() {
        return "http://127.0.0.1:" + port + "/realms/" + REALM;
    }

    /** Where the realm publishes its signing keys. */
    String jwks() {
        return issuer() + "/protocol/openid-connect/certs";
    }

    /** An access token for a demo user, by the password grant of the tests' client. */
    String tokenFor(String user) {
        return tokenFor(user, TEST_CLIENT);
    }

    String tokenFor(String user, String client) {
        return jsonString(post(issuer() + "/protocol/openid-connect/token", null, form(Map.of("grant_type", "password",
                "client_id", client, "client_secret", TEST_CLIENT_SECRET, "username", user,
                "password", DEMO_PASSWORDS.get(user)))), "access_token");
    }

    /** A demo user's id in the realm: the {@code sub} of its tokens, which the platform takes as the customer id. */
    String subjectOf(String user) {
        String payload = tokenFor(user).split("\\.")[1];
        return jsonString(new String(java.util.Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8), "sub");
    }

    /**
     * Rotates the realm's signing key: a new RSA key of higher priority signs every token from now on;
     * the old one stays published for the tokens it signed until they expire.
     */
    void rotateSigningKey() {
        String admin = jsonString(post("http://127.0.0.1:" + port + "/realms/master/protocol/openid-connect/token", null,
                form(Map.of("grant_type", "password", "client_id", "admin-cli", "username", "kc-admin",
                        "password", adminPassword))), "access_token");
        String realmId = jsonString(get("http://127.0.0.1:" + port + "/admin/realms/" + REALM, admin), "id");
        String component = "{\"name\":\"rotated-" + System.nanoTime() + "\",\"providerId\":\"rsa-generated\","
                + "\"providerType\":\"org.keycloak.keys.KeyProvider\",\"parentId\":\"" + realmId + "\","
                + "\"config\":{\"priority\":[\"" + (1000 + System.currentTimeMillis() % 100000) + "\"],"
                + "\"enabled\":[\"true\"],\"active\":[\"true\"],\"keySize\":[\"2048\"],\"algorithm\":[\"RS256\"]}}";
        post("http://127.0.0.1:" + port + "/admin/realms/" + REALM + "/components", admin, component);
    }

    long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        ProcessTrees.stop(List.of(process));
    }

    private void awaitReady() throws InterruptedException {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Keycloak exited with " + process.exitValue() + "; its log: " + log);
            }
            try {
                HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(issuer() + "/.well-known/openid-configuration"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(250);
        }
        close();
        throw new IllegalStateException("Keycloak not ready within " + READY_TIMEOUT + "; its log: " + log);
    }

    private String get(String url, String bearer) {
        return send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + bearer).GET());
    }

    private String post(String url, String bearer, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.ofString(body));
        if (bearer == null) {
            request.header("Content-Type", "application/x-www-form-urlencoded");
        } else {
            request.header("Authorization", "Bearer " + bearer).header("Content-Type", "application/json");
        }
        return send(request);
    }

    private String send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> answer = http.send(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() / 100 != 2) {
                throw new IllegalStateException("Keycloak answered " + answer.statusCode() + ": " + answer.body());
            }
            return answer.body();
        } catch (IOException e) {
            throw new IllegalStateException("Keycloak did not answer", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String form(Map<String, String> fields) {
        return fields.entrySet().stream().map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    /** One string field of a JSON object Keycloak answered (a token, a realm). */
    private static String jsonString(String json, String field) {
        try (var reader = jakarta.json.Json.createReader(new java.io.StringReader(json))) {
            return reader.readObject().getString(field);
        }
    }
}
