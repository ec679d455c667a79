package app.reseller.local;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

import static io.restassured.RestAssured.given;

/**
 * Benchmark program, not a test (tag "benchmark", run only with -Pbenchmark): the gateway's added
 * latency and throughput. The same authenticated read (GET plans, JWT checked, database read) is
 * sent to billing-service directly and through the gateway (route table, rate limits, JWT, proxy),
 * in one run against the whole platform as the local run starts it. Prints both and their ratio.
 *
 * <pre>
 * ./mvnw -B -Pbenchmark -pl local-run -am verify -Dbench.requests=20000 -Dbench.concurrency=32
 * </pre>
 */
@Tag("benchmark")
class GatewayOverheadBenchmark {

    private static LocalPlatform platform;

    @BeforeAll
    static void startThePlatform() throws Exception {
        Path root = Path.of("..").toAbsolutePath().normalize();
        // the limits stay on (their cost is part of the gateway's), just far above the load
        platform = new LocalPlatform(root, root.resolve("local-run/target/bench-state"))
                .withEnvironment("GATEWAY_RATE_LIMIT_PER_USER_PER_MINUTE", "100000000")
                .withEnvironment("GATEWAY_RATE_LIMIT_PER_IP_PER_MINUTE", "100000000")
                .withEnvironment("GATEWAY_RATE_LIMIT_BURST", "1000000");
        platform.start(true);
    }

    @AfterAll
    static void stopThePlatform() {
        if (platform != null) {
            platform.stop();
        }
    }

    @Test
    void gatewayAgainstDirect() throws Exception {
        int requests = Integer.getInteger("bench.requests", 20_000);
        int concurrency = Integer.getInteger("bench.concurrency", 32);
        String token = given().baseUri("http://127.0.0.1:8080").contentType("application/json").body(Map.of("user", "customer-1"))
                .post("/api/v1/dev/token").then().statusCode(200).extract().path("accessToken");

        run("warm-up direct", 8081, "/plans", token, requests / 4, concurrency);
        run("warm-up gateway", 8080, "/api/v1/plans", token, requests / 4, concurrency);
        Result direct = run("direct", 8081, "/plans", token, requests, concurrency);
        Result gateway = run("gateway", 8080, "/api/v1/plans", token, requests, concurrency);

        System.out.printf("""

                === gateway: added latency and throughput, same request, same run ===
                request          GET plans as customer-1 (JWT checked, database read), %d requests, %d in flight
                                 throughput     p50        p90        p99
                direct           %6.0f/s     %6.2f ms  %6.2f ms  %6.2f ms
                through gateway  %6.0f/s     %6.2f ms  %6.2f ms  %6.2f ms
                ratio            %.2f of direct throughput; +%.2f ms at p50, +%.2f ms at p99
                ======================================================================
                %n""", requests, concurrency, direct.perSecond, direct.p50, direct.p90, direct.p99,
                gateway.perSecond, gateway.p50, gateway.p90, gateway.p99,
                gateway.perSecond / direct.perSecond, gateway.p50 - direct.p50, gateway.p99 - direct.p99);
    }

    private record Result(double perSecond, double p50, double p90, double p99) {
    }

    private static Result run(String name, int port, String path, String token, int count, int concurrency) throws Exception {
        Vertx vertx = Vertx.vertx();
        HttpClient http = vertx.createHttpClient(new HttpClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port),
                new PoolOptions().setHttp1MaxSize(concurrency));
        Semaphore inFlight = new Semaphore(concurrency);
        AtomicInteger failed = new AtomicInteger();
        long[] latencies = new long[count];
        CompletableFuture<?>[] all = new CompletableFuture[count];
        long t0 = System.nanoTime();
        for (int i = 0; i < count; i++) {
            inFlight.acquire();
            int n = i;
            long start = System.nanoTime();
            CompletableFuture<Void> done = new CompletableFuture<>();
            all[i] = done;
            http.request(HttpMethod.GET, path)
                    .compose(request -> request.putHeader("Authorization", "Bearer " + token).send()
                            .compose(answer -> answer.body().map(body -> answer.statusCode())))
                    .onComplete(result -> {
                        latencies[n] = System.nanoTime() - start;
                        if (result.failed() || result.result() != 200) {
                            failed.incrementAndGet();
                        }
                        inFlight.release();
                        done.complete(null);
                    });
        }
        CompletableFuture.allOf(all).join();
        double seconds = (System.nanoTime() - t0) / 1e9;
        vertx.close().toCompletionStage().toCompletableFuture().join();
        Arrays.sort(latencies);
        System.out.printf("[bench] %s: %d requests in %.1f s, %d failed%n", name, count, seconds, failed.get());
        if (failed.get() > 0) {
            throw new AssertionError(failed.get() + " requests failed");
        }
        return new Result(count / seconds, ms(latencies, 0.50), ms(latencies, 0.90), ms(latencies, 0.99));
    }

    private static double ms(long[] sorted, double quantile) {
        return sorted[(int) Math.min(sorted.length - 1, Math.round(quantile * (sorted.length - 1)))] / 1e6;
    }
}
