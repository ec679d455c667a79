package app.reseller.local;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;

/**
 * Benchmark program, not a test (tag "benchmark", run only with -Pbenchmark): a long steady load
 * through the gateway. It measures the gateway's maximum for the read of
 * {@link GatewayOverheadBenchmark}, then holds half of it for {@code bench.soak.minutes} from an
 * external load generator, printing the gateway's heap (after a full GC) and resident memory at the
 * start, every minute and at the end, and whether any service breaker opened.
 *
 * <pre>
 * ./mvnw -B -Pbenchmark -pl end-to-end -am verify -Dtest=GatewaySoakBenchmark -Dbench.soak.minutes=10
 * </pre>
 */
@Tag("benchmark")
class GatewaySoakBenchmark {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern OPENED = Pattern.compile("(?m)^gateway_breaker_opened_total\\{[^}]*} ([0-9.E]+)");
    private static final Pattern REFUSED = Pattern.compile("(?m)^gateway_breaker_refused_total\\{[^}]*} ([0-9.E]+)");

    @Test
    void halfTheMaximumForTenMinutes() throws Exception {
        int minutes = Integer.getInteger("bench.soak.minutes", 10);
        int connections = Integer.getInteger("bench.connections", 32);
        Autocannon load = Autocannon.install(ROOT);
        LocalPlatform platform = GatewayOverheadBenchmark.withLimitsFarAboveTheLoad(
                LocalPlatform.JvmFlags.valueOf(System.getProperty("bench.jvm", "production").toUpperCase().replace('-', '_')));
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        try {
            platform.start(true);
            long gateway = platform.pid("gateway");
            String token = GatewayOverheadBenchmark.token();
            String url = "http://127.0.0.1:8080/api/v1/plans";
            for (int i = 0; i < 3; i++) {
                load.run("warm-up", url, token, connections, 10, 0);
            }
            Autocannon.Run max = load.run("maximum", url, token, connections, 15, 0);
            int rate = (int) (max.perSecond() / 2);
            System.out.println(max.line());
            String start = memory(gateway);
            System.out.printf("soak: %d requests/s (half the maximum) for %d min; start: %s%n", rate, minutes, start);
            long[] minute = {0};
            sampler.scheduleAtFixedRate(() -> System.out.printf("  minute %2d: %s%n", ++minute[0], memoryQuietly(gateway)),
                    60, 60, TimeUnit.SECONDS);
            CompletableFuture<Autocannon.Run> soak = CompletableFuture.supplyAsync(() -> {
                try {
                    return load.run("soak", url, token, connections, minutes * 60, rate);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            Autocannon.Run run = soak.join();
            sampler.shutdownNow();
            String metrics = given().get("http://127.0.0.1:8080/q/metrics").then().extract().asString();
            System.out.printf("""

                    === gateway soak: %d min at %d requests/s (half of %.0f/s), %d connections ===
                    %s
                    gateway memory at the start: %s
                    gateway memory at the end:   %s
                    breakers opened: %s; calls refused by an open breaker: %s
                    ==============================================================
                    %n""", minutes, rate, max.perSecond(), connections, run.line(), start, memory(gateway),
                    sum(OPENED, metrics), sum(REFUSED, metrics));
        } finally {
            sampler.shutdownNow();
            platform.stop();
        }
    }

    /** Heap in use right after a full GC (what is really kept), and the process's resident memory. */
    private static String memory(long pid) throws Exception {
        new ProcessBuilder("jcmd", String.valueOf(pid), "GC.run").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start().waitFor();
        String metrics = given().get("http://127.0.0.1:8080/q/metrics").then().extract().asString();
        double heap = 0;
        Matcher used = Pattern.compile("(?m)^jvm_memory_used_bytes\\{area=\"heap\"[^}]*} ([0-9.E]+)").matcher(metrics);
        while (used.find()) {
            heap += Double.parseDouble(used.group(1));
        }
        String rss = Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream().filter(l -> l.startsWith("VmRSS:"))
                .findFirst().orElse("VmRSS: ?").replaceAll("\\s+", " ");
        return String.format("heap after GC %.1f MB, %s", heap / 1e6, rss);
    }

    private static String memoryQuietly(long pid) {
        try {
            return memory(pid);
        } catch (Exception e) {
            return "unreadable: " + e;
        }
    }

    /** The sum over the three services' breakers; a metric that is not there fails the program (a 0 must mean 0). */
    private static String sum(Pattern metric, String metrics) {
        double total = 0;
        int series = 0;
        Matcher m = metric.matcher(metrics);
        while (m.find()) {
            total += Double.parseDouble(m.group(1));
            series++;
        }
        if (series != 3) {
            throw new AssertionError("expected one " + metric.pattern() + " series per service, found " + series);
        }
        return String.valueOf((long) total);
    }
}
