package app.reseller.local;

import app.reseller.infra.EmbeddedPostgresServer;
import app.reseller.infra.FreePort;
import app.reseller.infra.KafkaBroker;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The whole platform on one machine, no container engine: a real PostgreSQL and a real Kafka broker
 * (data kept under {@code .local/} between runs; {@code --fresh} wipes it), the provider sandbox,
 * the three services and the gateway. Waits until every app reports ready, prints the URLs, and on
 * Ctrl-C (or when any app dies) stops every process it started.
 */
public final class LocalPlatform {

    static final int POSTGRES_PORT = 15432;
    static final int KAFKA_PORT = 19092;
    static final int KAFKA_CONTROLLER_PORT = 19093;
    static final int KEYCLOAK_PORT = 8180;
    static final List<String> TOPICS = List.of("billing.events", "channel.events", "messaging.events", "messaging.endpoint-events",
            "channel.events.billing-dlq", "billing.events.channel-dlq");
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(3);

    private final Path root;
    private final Path state;
    private final Map<LocalApp, Process> apps = new LinkedHashMap<>();
    private final DevTokens tokens = new DevTokens();
    private EmbeddedPostgresServer postgres;
    private KafkaBroker kafka;
    private volatile boolean stopping;
    private final Map<String, String> extraEnvironment = new LinkedHashMap<>();
    private final Map<LocalApp, Map<String, String>> ownEnvironment = new LinkedHashMap<>();
    private JvmFlags jvmFlags = JvmFlags.LOCAL_RUN;
    private boolean withKeycloak;
    private KeycloakServer keycloak;

    /**
     * How each app's JVM is started. The local run starts fast (C1 only, SerialGC); production pods
     * run the full JIT with the images' JVM arguments (root pom, -Pimages: SerialGC, heap half of
     * the pod's 512 Mi limit). Benchmarks measure both. Without the explicit SerialGC this 2-core,
     * 24 GiB machine would pick G1, which no pod runs (a 512 Mi container is not "server class").
     */
    enum JvmFlags {
        /**
         * Five JVMs boot at once on two cores, so a start costs CPU, not latency: C1 only with one compiler
         * thread each (the JIT was 1.6 s of a service's 7 s of CPU at start), and our own jars not verified
         * again (about 16,700 application classes load per service). Never production's flags.
         */
        LOCAL_RUN(List.of("-Xms64m", "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:CICompilerCount=1",
                "-XX:+UnlockDiagnosticVMOptions", "-XX:-BytecodeVerificationRemote")),
        PRODUCTION(List.of("-Xms64m", "-Xmx256m", "-XX:+UseSerialGC"));

        final List<String> flags;

        JvmFlags(List<String> flags) {
            this.flags = flags;
        }
    }

    LocalPlatform(Path root) {
        this(root, root.resolve(".local"));
    }

    /** @param state where the data, logs, keys and demo tokens go (the end-to-end test uses its own) */
    LocalPlatform(Path root, Path state) {
        this.root = root;
        this.state = state;
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(System.getProperty("platform.root", ".")).toAbsolutePath().normalize();
        LocalPlatform platform = new LocalPlatform(root);
        Runtime.getRuntime().addShutdownHook(new Thread(platform::stop, "local-platform-stop"));
        try {
            if (List.of(args).contains("--production-jvm")) {
                platform.withJvmFlags(JvmFlags.PRODUCTION);
            }
            if (List.of(args).contains("--keycloak")) {
                platform.withKeycloak();
            }
            platform.start(List.of(args).contains("--fresh"));
        } catch (Exception e) {
            System.err.println("\nlocal run failed: " + e.getMessage());
            System.exit(1); // the shutdown hook stops whatever had started
        }
        platform.superviseUntilStopped();
    }

    /** Every record now on a topic of this run's Kafka (for tests that check the real events). */
    java.util.List<org.apache.kafka.clients.consumer.ConsumerRecord<String, String>> records(String topic) {
        return kafka.readAll(topic);
    }

    /** Puts records on this run's Kafka as they are (an ops replay drill in tests). */
    void publish(java.util.List<org.apache.kafka.clients.producer.ProducerRecord<String, String>> records) {
        kafka.send(records);
    }

    /** An environment variable for every app this run starts (benchmarks raise the gateway's rate limits with it). */
    LocalPlatform withEnvironment(String name, String value) {
        extraEnvironment.put(name, value);
        return this;
    }

    /**
     * Every app trusts a real Keycloak's tokens (its issuer, JWKS and the reseller-api audience)
     * instead of the run's development key; the demo users log in with their passwords.
     */
    LocalPlatform withKeycloak() {
        this.withKeycloak = true;
        return this;
    }

    /** The run's Keycloak, or null when it runs on the development issuer. */
    KeycloakServer keycloak() {
        return keycloak;
    }

    LocalPlatform withJvmFlags(JvmFlags flags) {
        this.jvmFlags = flags;
        return this;
    }

    void start(boolean fresh) throws Exception {
        long t0 = System.nanoTime();
        refuseBusyPorts();
        if (fresh) {
            deleteTree(state);
            say("--fresh: previous local data deleted");
        }
        Files.createDirectories(state.resolve("logs"));
        for (LocalApp app : LocalApp.ALL) {
            if (!Files.exists(app.runnableJar(root))) {
                throw new IllegalStateException(app.runnableJar(root) + " is missing: build first (./run-local builds it)");
            }
        }

        // Keycloak takes longest (20-40 s); the apps fetch its keys only when the first token comes
        CompletableFuture<KeycloakServer> keycloakUp = withKeycloak ? CompletableFuture.supplyAsync(() -> {
            try {
                return KeycloakServer.start(root, state, KEYCLOAK_PORT);
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException("Keycloak did not start", e);
            }
        }) : CompletableFuture.completedFuture(null);
        // the apps that need neither PostgreSQL nor Kafka (the sandbox, the gateway) boot beside them: on two cores
        // the brokers' start leaves CPU idle that these JVMs use (docs/benchmarks.md, "Start-up")
        for (LocalApp app : LocalApp.ALL) {
            if (app.database() == null && !app.usesKafka()) {
                apps.put(app, launch(app));
            }
        }
        say("starting PostgreSQL on 127.0.0.1:%d and Kafka on 127.0.0.1:%d ...", POSTGRES_PORT, KAFKA_PORT);
        boolean topicsExist = TOPICS.stream().allMatch(topic -> Files.isDirectory(state.resolve("kafka/data/" + topic + "-0")));
        kafka = new KafkaBroker(state.resolve("kafka"), KAFKA_PORT, KAFKA_CONTROLLER_PORT, KafkaBroker.currentClasspath());
        CompletableFuture<Void> kafkaUp = CompletableFuture.runAsync(() -> {
            kafka.start();
            // as deploy/base/kafka/topics.yaml: 6 partitions per event topic, so 1, 2 or 3 replicas of a
            // consumer each get the same share (with 3, two replicas read 2:1, measured: 66 % / 34 %,
            // docs/benchmarks.md "Scale out"); a dead-letter topic is small and read in order
            kafka.createTopics(TOPICS.stream().filter(topic -> !topic.endsWith("-dlq")).toList(), 6);
            kafka.createTopics(TOPICS.stream().filter(topic -> topic.endsWith("-dlq")).toList(), 1);
        });
        postgres = EmbeddedPostgresServer.persistent(POSTGRES_PORT, state.resolve("postgres"));
        for (LocalApp app : LocalApp.ALL) {
            if (app.database() != null) {
                postgres.ensureDatabase(app.database());
            }
        }
        say("PostgreSQL up in %.1f s", seconds(t0));
        if (topicsExist) {
            // the services' Kafka clients wait for the broker on their own; only a topic they would create by
            // subscribing first (one partition, not three: auto-creation is on) makes them wait for it, on a first run
            launchAll();
        }
        kafkaUp.join();
        say("Kafka up in %.1f s", seconds(t0));
        launchAll();
        // the demo tokens are signed while the apps start (the first signature loads the JWT library: seconds on C1)
        CompletableFuture<Map<String, Path>> demoTokens = withKeycloak ? null : CompletableFuture.supplyAsync(() -> {
            try {
                return tokens.writeDemoTokens(state.resolve("tokens"));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        awaitReady(t0);
        pointWappinCallbacksAtMessaging();
        pointWhapiPartnerWebhookAtBilling();
        try {
            keycloak = keycloakUp.join();
        } catch (java.util.concurrent.CompletionException e) {
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        }
        if (keycloak != null) {
            say("%-18s ready after %.1f s (%s)", "keycloak", seconds(t0), keycloak.issuer());
        }
        printUrls(t0, keycloak == null ? demoTokens.join() : keycloakTokens(state.resolve("tokens")));
    }

    /** Keycloak's tokens for the demo users, written as the development ones are (they live 5 minutes). */
    private Map<String, Path> keycloakTokens(Path folder) throws IOException {
        Files.createDirectories(folder);
        Map<String, Path> files = new LinkedHashMap<>();
        for (String user : List.of("admin", "customer-1", "customer-2")) {
            files.put(user, Files.writeString(folder.resolve(user + ".jwt"), keycloak.tokenFor(user)));
        }
        return files;
    }

    /**
     * One more replica of an app on {@code port}, as Kubernetes scales it out: the same database,
     * broker, keys and consumer groups, its own caches. Named {@code <app>-<port>}; stopped with the rest.
     */
    void startReplica(String name, int port) throws Exception {
        startReplica(name, port, Map.of());
    }

    /** As {@link #startReplica(String, int)}, with settings of its own (environment variables) on top of the run's. */
    void startReplica(String name, int port, Map<String, String> environment) throws Exception {
        LocalApp app = LocalApp.ALL.stream().filter(a -> a.name().equals(name)).findFirst().orElseThrow();
        LocalApp replica = new LocalApp(name + "-" + port, app.module(), port, app.database(), app.usesKafka());
        ownEnvironment.put(replica, environment);
        apps.put(replica, launch(replica));
        awaitReady(System.nanoTime());
    }

    /**
     * Stops a replica {@link #startReplica} started, as Kubernetes stops a pod it scales away (SIGTERM: its
     * consumer leaves the group, its relay finishes its batch), so a benchmark can alternate one and two.
     */
    void stopReplica(String name, int port) {
        LocalApp replica = apps.keySet().stream().filter(a -> a.name().equals(name + "-" + port)).findFirst().orElseThrow();
        ProcessTrees.stop(List.of(apps.remove(replica)));
        ownEnvironment.remove(replica);
        say("%s stopped", replica.name());
    }

    /** The operating-system process id of one app of this run (benchmarks read its memory). */
    long pid(String name) {
        return apps.entrySet().stream().filter(e -> e.getKey().name().equals(name)).findFirst().orElseThrow().getValue().pid();
    }

    /**
     * Kills one app the hard way (SIGKILL: no shutdown hook, nothing finished or flushed) and
     * starts it again on the same data, as a crashed pod comes back; for crash drills. Its log goes on.
     */
    void killAndRestart(String name) throws Exception {
        LocalApp app = LocalApp.ALL.stream().filter(a -> a.name().equals(name)).findFirst().orElseThrow();
        Process process = apps.get(app);
        process.destroyForcibly(); // SIGKILL on Linux
        process.waitFor();
        say("%s killed (exit %d); starting it again", name, process.exitValue());
        apps.put(app, launch(app, true));
        awaitReady(System.nanoTime());
    }

    private Process launch(LocalApp app) throws IOException {
        return launch(app, false);
    }

    /** Every app not started yet. */
    private void launchAll() {
        for (LocalApp app : LocalApp.ALL) {
            apps.computeIfAbsent(app, this::launchUnchecked);
        }
    }

    private Process launchUnchecked(LocalApp app) {
        try {
            return launch(app);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private Process launch(LocalApp app, boolean appendToLog) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmFlags.flags);
        command.addAll(List.of(
                "-Dquarkus.http.port=" + app.port(),
                "-Dquarkus.http.host=127.0.0.1"));
        command.add("-Dplatform.gateway-identity.public-key=" + tokens.gatewayPublicKey());
        if (withKeycloak) {
            String issuer = "http://127.0.0.1:" + KEYCLOAK_PORT + "/realms/" + KeycloakServer.REALM;
            command.add("-Dmp.jwt.verify.issuer=" + issuer);
            command.add("-Dmp.jwt.verify.publickey.location=" + issuer + "/protocol/openid-connect/certs");
        } else {
            command.add("-Dmp.jwt.verify.publickey=" + tokens.publicKey());
            command.add("-Dmp.jwt.verify.issuer=" + DevTokens.ISSUER);
        }
        if (app.database() != null) {
            command.add("-Dquarkus.datasource.reactive.url=" + postgres.reactiveUrl(app.database()));
            command.add("-Dquarkus.datasource.jdbc.url=" + postgres.jdbcUrl(app.database()));
            command.add("-Dquarkus.datasource.username=" + EmbeddedPostgresServer.SUPERUSER);
            command.add("-Dquarkus.datasource.password=" + EmbeddedPostgresServer.SUPERUSER);
        }
        if (app.usesKafka()) {
            command.add("-Dkafka.bootstrap.servers=" + kafka.bootstrapServers());
        }
        command.addAll(List.of("-jar", app.runnableJar(root).toString()));
        Path log = state.resolve("logs").resolve(app.name() + ".log");
        ProcessBuilder process = new ProcessBuilder(command);
        // secrets go through the environment, never the command line (which ps shows to everyone)
        process.environment().put("PLATFORM_SECRETS_KEYSET", secretsKeyset());
        // the provider sandbox's credentials, until an admin sets real ones through the API
        process.environment().put("CHANNEL_WHAPI_PARTNER_TOKEN", "sandbox-partner-token");
        process.environment().put("MESSAGING_WAPPIN_CLIENT_ID", "sandbox-client");
        process.environment().put("MESSAGING_WAPPIN_SECRET_KEY", "sandbox-secret");
        process.environment().put("MESSAGING_WAPPIN_PROJECT_ID", "52");
        process.environment().put("MESSAGING_WAPPIN_CALLBACK_TOKEN", callbackToken());
        process.environment().put("BILLING_WHAPI_PARTNER_WEBHOOK_SECRET", partnerWebhookSecret());
        // the local run's webhook receiver is the sandbox on this machine: exempt from the SSRF guard here only
        process.environment().put("MESSAGING_WEBHOOKS_ALLOWED_HOSTS", "127.0.0.1,localhost");
        // the sandbox's development issuer signs demo users' tokens with this run's key (local run only)
        process.environment().put("SANDBOX_IDENTITY_PRIVATE_KEY", tokens.privateKey());
        process.environment().put("SANDBOX_IDENTITY_ISSUER", DevTokens.ISSUER);
        // WHAPI restarts a channel that goes LIVE for about 30 s (channel.whapi.restart-pause); the sandbox does it at once,
        // so here the gate calls wait 3 s, not 30 (a newcomer's first message, the console's journey)
        process.environment().put("CHANNEL_WHAPI_RESTART_PAUSE", "3s");
        // WHAPI refuses a channel's repeated extends for about 5 minutes (channel.extension.whapi-block); the sandbox here
        // for 20 s, and the executor waits as long, so a fleet extended right after its first paid extension finishes in a minute
        process.environment().put("SANDBOX_WHAPI_EXTEND_BLOCK", "20s");
        process.environment().put("CHANNEL_EXTENSION_WHAPI_BLOCK", "20s");
        if (app.module().equals("gateway")) { // the gateway's own key: it vouches for API-key callers
            process.environment().put("GATEWAY_API_KEYS_PRIVATE_KEY", tokens.gatewayPrivateKey());
            // where the web console signs people in: the realm with --keycloak, else the sandbox's development issuer
            process.environment().put("GATEWAY_CONSOLE_OIDC_AUTHORITY", withKeycloak
                    ? "http://127.0.0.1:" + KEYCLOAK_PORT + "/realms/" + KeycloakServer.REALM
                    : "http://127.0.0.1:8090/_sandbox/identity/oidc");
        }
        process.environment().putAll(extraEnvironment);
        process.environment().putAll(ownEnvironment.getOrDefault(app, Map.of()));
        return process
                .directory(root.resolve(app.module()).toFile())
                .redirectErrorStream(true)
                .redirectOutput(appendToLog ? ProcessBuilder.Redirect.appendTo(log.toFile()) : ProcessBuilder.Redirect.to(log.toFile()))
                .start();
    }

    /**
     * The key that seals provider credentials at rest: made on the first run and kept with the
     * local data (a --fresh run deletes both together, so nothing sealed is ever orphaned).
     */
    private String secretsKeyset() throws IOException {
        Path file = state.resolve("keys").resolve("secrets-keyset.json");
        if (!Files.exists(file)) {
            Files.createDirectories(file.getParent());
            Files.writeString(file, app.reseller.platform.secrets.SecretBox.newKeyset());
        }
        return Files.readString(file);
    }

    /** The token the simulated Wappin sends with its callbacks (kept with the local data, like the key). */
    String callbackToken() throws IOException {
        Path file = state.resolve("keys").resolve("wappin-callback-token");
        if (!Files.exists(file)) {
            Files.createDirectories(file.getParent());
            Files.writeString(file, java.util.UUID.randomUUID().toString());
        }
        return Files.readString(file).strip();
    }

    /** The secret segment of WHAPI's partner webhook URL (kept with the local data, like the key). */
    private String partnerWebhookSecret() throws IOException {
        Path file = state.resolve("keys").resolve("whapi-partner-webhook-secret");
        if (!Files.exists(file)) {
            Files.createDirectories(file.getParent());
            Files.writeString(file, java.util.UUID.randomUUID().toString().replace("-", ""));
        }
        return Files.readString(file).strip();
    }

    /**
     * The sandbox's WHAPI posts its partner "days" webhook (the partner balance below days_limit) to the
     * gateway, as the operator sets it at WHAPI: PATCH /partners/{name}/settings with the secret URL.
     */
    private void pointWhapiPartnerWebhookAtBilling() throws IOException, InterruptedException {
        String body = "{\"webhooks\":[{\"url\":\"http://127.0.0.1:8080/webhooks/whapi-partner/" + partnerWebhookSecret()
                + "\",\"events\":[{\"type\":\"days\",\"method\":\"post\"}],\"mode\":\"body\"}],\"days_limit\":30}";
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:8090/manager/partners/sandbox/settings"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer sandbox-partner-token")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200) {
            say("warning: the sandbox refused the WHAPI partner webhook settings (%d): %s", answer.statusCode(), answer.body());
        }
    }

    /** The sandbox's Wappin posts its status and message callbacks to messaging-service, as the real one would. */
    private void pointWappinCallbacksAtMessaging() throws IOException, InterruptedException {
        String body = "{\"url\":\"http://127.0.0.1:8083/callbacks/wappin\",\"token\":\"" + callbackToken() + "\"}";
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:8090/_sandbox/wappin/callback"))
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200) {
            say("warning: the sandbox refused the Wappin callback settings (%d): %s", answer.statusCode(), answer.body());
        }
    }

    private void awaitReady(long t0) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        List<LocalApp> waiting = new ArrayList<>(apps.keySet());
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (!waiting.isEmpty()) {
            for (var it = waiting.iterator(); it.hasNext(); ) {
                LocalApp app = it.next();
                Process process = apps.get(app);
                if (!process.isAlive()) {
                    throw new IllegalStateException(app.name() + " exited with " + process.exitValue()
                            + "; its log: " + logOf(app) + "\n" + tail(logOf(app)));
                }
                if (isReady(http, app)) {
                    say("%-18s ready after %.1f s", app.name(), seconds(t0));
                    it.remove();
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("not ready within " + READY_TIMEOUT + ": " + waiting);
            }
            Thread.sleep(250);
        }
    }

    private static boolean isReady(HttpClient http, LocalApp app) {
        try {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(app.url() + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
            return answer.statusCode() == 200;
        } catch (IOException notYet) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void printUrls(long t0, Map<String, Path> demoTokens) {
        StringBuilder out = new StringBuilder(String.format("%nThe platform is up (%.1f s). Ctrl-C stops everything.%n%n", seconds(t0)));
        for (LocalApp app : apps.keySet()) {
            out.append(String.format("  %-18s %s   (OpenAPI: %s/q/swagger-ui, health: %s/q/health, metrics: %s/q/metrics)%n",
                    app.name(), app.url(), app.url(), app.url(), app.url()));
        }
        out.append(String.format("  %-18s http://127.0.0.1:8080/console/  (sign in as a demo user: %s)%n", "console",
                keycloak == null ? "choose one on the development issuer's page" : "Keycloak's login, admin / admin-demo"));
        out.append(String.format("  %-18s 127.0.0.1:%d  (user postgres, databases billing, channel, messaging)%n", "postgresql", POSTGRES_PORT));
        out.append(String.format("  %-18s %s%n", "kafka", kafka.bootstrapServers()));
        if (keycloak != null) {
            out.append(String.format("  %-18s %s  (realm %s; demo users admin / admin-demo, customer-1 / customer-demo)%n",
                    "keycloak", keycloak.issuer(), KeycloakServer.REALM));
        }
        out.append(String.format("%n  demo bearer tokens (valid %s, this run only): %s%n", keycloak == null ? "12 h" : "5 min",
                demoTokens.values()));
        out.append(String.format("  e.g. curl -H \"Authorization: Bearer $(cat %s)\" %s/ledger/pool%n",
                root.relativize(demoTokens.get("admin")), "http://127.0.0.1:8081"));
        out.append(String.format("%n  logs: %s%n", state.resolve("logs")));
        System.out.println(out);
    }

    /** Returns when the platform is being stopped; stops it when an app dies on its own. */
    private void superviseUntilStopped() throws InterruptedException {
        while (!stopping) {
            for (var entry : apps.entrySet()) {
                if (!entry.getValue().isAlive() && !stopping) {
                    say("%s exited with %d; stopping the platform. Its log: %s%n%s", entry.getKey().name(),
                            entry.getValue().exitValue(), logOf(entry.getKey()), tail(logOf(entry.getKey())));
                    System.exit(1);
                }
            }
            Thread.sleep(500);
        }
    }

    /** Stops the apps (each with its own children), then Kafka, then PostgreSQL. */
    synchronized void stop() {
        if (stopping && apps.isEmpty() && kafka == null && postgres == null) {
            return;
        }
        stopping = true;
        say("stopping ...");
        ProcessTrees.stop(apps.values());
        apps.clear();
        if (keycloak != null) {
            keycloak.close();
            keycloak = null;
        }
        if (kafka != null) {
            kafka.stop();
            kafka = null;
        }
        if (postgres != null) {
            postgres.close();
            postgres = null;
        }
        say("stopped: no process of this run is left");
    }

    private void refuseBusyPorts() {
        List<Integer> ports = new ArrayList<>(List.of(POSTGRES_PORT, KAFKA_PORT, KAFKA_CONTROLLER_PORT));
        LocalApp.ALL.forEach(app -> ports.add(app.port()));
        if (withKeycloak) {
            ports.add(KEYCLOAK_PORT);
        }
        List<Integer> busy = ports.stream().filter(FreePort::isListening).toList();
        if (!busy.isEmpty()) {
            throw new IllegalStateException("ports already in use: " + busy + " (is another local run up?)");
        }
    }

    private Path logOf(LocalApp app) {
        return state.resolve("logs").resolve(app.name() + ".log");
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    private static void deleteTree(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (var files = Files.walk(path)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    private static void say(String format, Object... args) {
        System.out.printf("[local-run] " + format + "%n", args);
    }
}
