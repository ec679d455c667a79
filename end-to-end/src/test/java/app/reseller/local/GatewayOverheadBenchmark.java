package app.reseller.local;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;

/**
 * Benchmark program, not a test (tag "benchmark", run only with -Pbenchmark): what the gateway adds.
 * The same authenticated read (GET plans as customer-1: JWT checked, database read) goes to
 * billing-service directly and through the gateway (route table, rate limits, JWT, proxy, and the
 * JWT checked again by billing), from an external load generator (autocannon, its own process),
 * against the whole platform as the local run starts it. Rounds alternate direct and gateway, so
 * both see the same machine; the median round decides. It runs once with the apps on the production
 * images' JVM flags (the full JIT, SerialGC) and once with the local run's start flags.
 *
 * <pre>
 * ./mvnw -B -Pbenchmark -pl end-to-end -am verify -Dtest=GatewayOverheadBenchmark -Dbench.seconds=15 -Dbench.rounds=5
 * </pre>
 */
@Tag("benchmark")
class GatewayOverheadBenchmark {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void gatewayAgainstDirect() throws Exception {
        int connections = Integer.getInteger("bench.connections", 32);
        int seconds = Integer.getInteger("bench.seconds", 15);
        int rounds = Integer.getInteger("bench.rounds", 3);
        Autocannon load = Autocannon.install(ROOT);
        StringBuilder report = new StringBuilder();
        for (String mode : System.getProperty("bench.jvm", "production,local-run").split(",")) {
            LocalPlatform.JvmFlags flags = mode.equals("production") ? LocalPlatform.JvmFlags.PRODUCTION : LocalPlatform.JvmFlags.LOCAL_RUN;
            report.append(measure(load, flags, connections, seconds, rounds));
        }
        System.out.println(report);
    }

    private static String measure(Autocannon load, LocalPlatform.JvmFlags flags, int connections, int seconds, int rounds) throws Exception {
        LocalPlatform platform = withLimitsFarAboveTheLoad(flags);
        try {
            platform.start(true);
            String token = token();
            String direct = "http://127.0.0.1:8081/plans";
            String gateway = "http://127.0.0.1:8080/api/v1/plans";
            for (int i = 0; i < 3; i++) { // untimed: the JIT compiles the hot paths of both
                load.run("warm-up", direct, token, connections, 10, 0);
                load.run("warm-up", gateway, token, connections, 10, 0);
            }
            List<Autocannon.Run> directRuns = new ArrayList<>();
            List<Autocannon.Run> gatewayRuns = new ArrayList<>();
            StringBuilder out = new StringBuilder(String.format("%n=== gateway overhead, apps on %s JVM flags %s ===%n", flags, flags.flags));
            out.append(String.format("GET plans as customer-1, %d connections, %d s per run, autocannon %s%n", connections, seconds, Autocannon.VERSION));
            double[] ratios = new double[rounds];
            double[] p50Added = new double[rounds];
            for (int round = 0; round < rounds; round++) {
                Autocannon.Run d = load.run("round " + (round + 1) + " direct", direct, token, connections, seconds, 0);
                Autocannon.Run g = load.run("round " + (round + 1) + " through gateway", gateway, token, connections, seconds, 0);
                directRuns.add(d);
                gatewayRuns.add(g);
                ratios[round] = g.perSecond() / d.perSecond();
                p50Added[round] = g.p50() - d.p50();
                out.append(d.line()).append('\n').append(g.line()).append('\n')
                        .append(String.format("  ratio %.2f, p50 added %+.1f ms%n", ratios[round], p50Added[round]));
            }
            long failed = gatewayRuns.stream().mapToLong(Autocannon.Run::failed).sum() + directRuns.stream().mapToLong(Autocannon.Run::failed).sum();
            out.append(String.format("median: gateway/direct %.2f, p50 added %+.1f ms; failed requests in all rounds: %d%n",
                    median(ratios), median(p50Added), failed));
            System.out.print(out);
            return out.toString();
        } finally {
            platform.stop();
        }
    }

    static LocalPlatform withLimitsFarAboveTheLoad(LocalPlatform.JvmFlags flags) {
        // the limits stay on (their cost is part of the gateway's), just far above the load
        return new LocalPlatform(ROOT, ROOT.resolve("end-to-end/target/bench-state")).withJvmFlags(flags)
                .withEnvironment("GATEWAY_RATE_LIMIT_PER_USER_PER_MINUTE", "100000000")
                .withEnvironment("GATEWAY_RATE_LIMIT_PER_IP_PER_MINUTE", "100000000")
                .withEnvironment("GATEWAY_RATE_LIMIT_BURST", "1000000");
    }

    static String token() {
        return given().baseUri("http://127.0.0.1:8090").contentType("application/json").body(Map.of("user", "customer-1"))
                .post("/_sandbox/identity/token").then().statusCode(200).extract().path("accessToken");
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
