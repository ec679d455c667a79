package app.reseller.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The provider sandbox (the {@code provider-sandbox} module's runnable jar) in a child JVM on a free
 * port, started once per test JVM and stopped by a shutdown hook. A separate process, as in the
 * local run, so the services under test reach it over real HTTP and its faults (closed connections,
 * lost answers) are real network faults.
 *
 * <p>The jar is found at {@code -Dsandbox.jar}, by default {@code ../provider-sandbox/target/quarkus-app/quarkus-run.jar}
 * relative to the module under test: modules that use it declare a {@code pom}-type dependency on
 * {@code provider-sandbox}, so Maven packages the sandbox first.
 */
public final class ProviderSandboxProcess {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static ProviderSandboxProcess instance;
    private static RecordingProxy proxy;

    private final Process process;
    private final int port;
    private final Path log;

    private ProviderSandboxProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    public static synchronized ProviderSandboxProcess get() {
        if (instance == null) {
            instance = start();
            Runtime.getRuntime().addShutdownHook(new Thread(instance::stop, "provider-sandbox-stop"));
        }
        return instance;
    }

    /** The recording proxy in front of the sandbox (one per test JVM): point provider clients at its URL. */
    public static synchronized RecordingProxy recordingProxy() {
        if (proxy == null) {
            proxy = new RecordingProxy(get().baseUrl());
        }
        return proxy;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    private static ProviderSandboxProcess start() {
        Path jar = Path.of(System.getProperty("sandbox.jar", "../provider-sandbox/target/quarkus-app/quarkus-run.jar"));
        if (!Files.isReadable(jar)) {
            throw new IllegalStateException("the provider sandbox is not built at " + jar.toAbsolutePath()
                    + ": run the build from the root (./mvnw verify) or set -Dsandbox.jar");
        }
        int port = FreePort.pick();
        try {
            Path log = Files.createTempFile("provider-sandbox", ".log");
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                    "-Dquarkus.http.port=" + port, "-Dquarkus.http.host=127.0.0.1",
                    // tests watch Wappin messages move sent -> delivered -> read quickly
                    "-Dsandbox.wappin.status-step=150ms", "-Dsandbox.whapi.status-step=150ms",
                    // and a webhook call channel-service failed comes again within a second, not 3 s
                    "-Dsandbox.whapi.callback-backoff=300ms",
                    // the race suites create hundreds of channels; WHAPI's creation limit has its own sandbox test
                    "-Dsandbox.whapi.creation-limit=100000",
                    "-jar", jar.toAbsolutePath().toString()));
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            long t0 = System.nanoTime();
            ProviderSandboxProcess sandbox = new ProviderSandboxProcess(process, port, log);
            sandbox.awaitReady();
            System.out.printf("[infra] provider sandbox on 127.0.0.1:%d, up in %d ms (log %s)%n",
                    port, (System.nanoTime() - t0) / 1_000_000, log);
            return sandbox;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the provider sandbox", e);
        }
    }

    private void awaitReady() {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the provider sandbox exited at start; its log: " + tail());
            }
            try {
                var answer = http.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/q/health/ready")).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (answer.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(100);
        }
        stop();
        throw new IllegalStateException("the provider sandbox was not ready within " + READY_TIMEOUT + "; its log: " + tail());
    }

    private String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    private void stop() {
        process.destroy();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
