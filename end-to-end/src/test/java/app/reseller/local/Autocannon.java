package app.reseller.local;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The external load generator of the benchmark programs: autocannon (npm), run as its own process,
 * so the load costs nothing inside the apps' JVMs or the test JVM. Installed on first use under
 * {@code end-to-end/target/loadgen} (needs node and npm).
 */
final class Autocannon {

    static final String VERSION = "9.0.0";

    /** One run's figures, from autocannon's JSON report. */
    record Run(String name, long requests, double perSecond, double p50, double p99, long non2xx, long errors, long timeouts) {
        long failed() {
            return non2xx + errors + timeouts;
        }

        String line() {
            return String.format("%-26s %,9d requests  %8.0f/s  p50 %5.1f ms  p99 %5.1f ms  failed %d (non-2xx %d, errors %d, timeouts %d)",
                    name, requests, perSecond, p50, p99, failed(), non2xx, errors, timeouts);
        }
    }

    private final Path executable;

    private Autocannon(Path executable) {
        this.executable = executable;
    }

    static Autocannon install(Path root) throws IOException, InterruptedException {
        Path dir = root.resolve("end-to-end/target/loadgen");
        Path executable = dir.resolve("node_modules/autocannon/autocannon.js");
        if (!Files.exists(executable)) {
            Files.createDirectories(dir);
            Process npm = new ProcessBuilder("npm", "install", "--no-audit", "--no-fund", "--prefix", dir.toString(), "autocannon@" + VERSION)
                    .inheritIO().start();
            if (npm.waitFor() != 0 || !Files.exists(executable)) {
                throw new IllegalStateException("npm could not install autocannon@" + VERSION);
            }
        }
        return new Autocannon(executable);
    }

    /**
     * @param ratePerSecond 0 for as fast as the connections go, else a steady overall rate
     */
    Run run(String name, String url, String bearer, int connections, int seconds, int ratePerSecond) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("node", executable.toString(), "-j", "-c", String.valueOf(connections),
                "-d", String.valueOf(seconds), "-H", "Authorization=Bearer " + bearer));
        if (ratePerSecond > 0) {
            command.addAll(List.of("--overallRate", String.valueOf(ratePerSecond)));
        }
        command.add(url);
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String json = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException("autocannon failed: " + json);
        }
        JsonObject report = new JsonObject(json);
        JsonObject latency = report.getJsonObject("latency");
        return new Run(name, report.getJsonObject("requests").getLong("total"), report.getJsonObject("requests").getDouble("average"),
                latency.getDouble("p50"), latency.getDouble("p99"), report.getLong("non2xx"), report.getLong("errors"),
                report.getLong("timeouts"));
    }
}
