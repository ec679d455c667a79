package app.reseller.billing;

import app.reseller.infra.TestIdentity;
import io.quarkus.test.common.http.TestHTTPResource;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.net.URI;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

import static app.reseller.billing.BillingTestSupport.execute;
import static app.reseller.billing.BillingTestSupport.number;

/**
 * Benchmark program, not a test (tag "benchmark", run only with -Pbenchmark): admin extensions
 * through the full HTTP stack (JWT, validation, row locks, ledger, outbox) for many customers at
 * once, each asked for more days than it holds, then an overspend check. Prints extensions/s.
 *
 * <pre>
 * ./mvnw -B -Pbenchmark -pl billing-service -am verify -Dbench.customers=100 -Dbench.requestsPerCustomer=100 -Dbench.concurrency=64
 * </pre>
 */
@Tag("benchmark")
@BillingTest
class ExtensionThroughputBenchmark {

    @TestHTTPResource("/ledger/extensions")
    URI extensions;

    @Test
    void extensionsPerSecondWithZeroOverspend() throws Exception {
        int customers = Integer.getInteger("bench.customers", 100);
        int perCustomer = Integer.getInteger("bench.requestsPerCustomer", 100);
        int concurrency = Integer.getInteger("bench.concurrency", 64);
        round("warm-up", customers / 2, perCustomer, concurrency, false); // let the JIT compile the hot path first
        round("measured", customers, perCustomer, concurrency, true);
    }

    private void round(String name, int customers, int perCustomer, int concurrency, boolean print) throws Exception {
        long daysEach = perCustomer * 8L / 10; // 20% of the requests must be refused
        String run = "bench" + System.nanoTime();
        // set-up straight in SQL: the benchmark measures extensions, not how the set-up got there
        execute("""
                insert into ledger_account (id, kind, owner_id, balance)
                select 'CUSTOMER:%1$s-' || c, 'CUSTOMER', '%1$s-' || c, %2$d from generate_series(1, %3$d) c;
                update ledger_account set balance = balance - %2$d * %3$d where id = 'EXTERNAL';
                insert into ledger_transfer (kind, from_account, to_account, days, customer_id, idempotency_key, actor)
                select 'ADJUST', 'EXTERNAL', 'CUSTOMER:%1$s-' || c, %2$d, '%1$s-' || c, '%1$s-seed-' || c, 'benchmark'
                from generate_series(1, %3$d) c;
                insert into billing_channel (channel_id, customer_id)
                select '%1$s-' || c || '-ch' || n, '%1$s-' || c from generate_series(1, %3$d) c, generate_series(1, %4$d) n;
                """.formatted(run, daysEach, customers, perCustomer));

        List<String> bodies = new ArrayList<>(customers * perCustomer);
        for (int n = 1; n <= perCustomer; n++) { // interleaved: every customer is hit concurrently
            for (int c = 1; c <= customers; c++) {
                bodies.add("{\"channelId\":\"" + run + "-" + c + "-ch" + n + "\",\"days\":1,\"comment\":\"benchmark\"}");
            }
        }
        String token = TestIdentity.admin();
        // Vert.x' HTTP client: a light load generator, so the figure is the service's, not the client's
        Vertx vertx = Vertx.vertx();
        HttpClient http = vertx.createHttpClient(new HttpClientOptions().setDefaultHost(extensions.getHost())
                .setDefaultPort(extensions.getPort()), new PoolOptions().setHttp1MaxSize(concurrency));
        Semaphore inFlight = new Semaphore(concurrency);
        AtomicInteger accepted = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        List<CompletableFuture<?>> all = new ArrayList<>(bodies.size());

        long t0 = System.nanoTime();
        for (String body : bodies) {
            inFlight.acquire();
            CompletableFuture<Void> done = new CompletableFuture<>();
            all.add(done);
            http.request(HttpMethod.POST, extensions.getPath())
                    .compose(request -> request.putHeader("Authorization", "Bearer " + token)
                            .putHeader("Content-Type", "application/json").send(body))
                    .onComplete(result -> {
                        inFlight.release();
                        if (result.failed()) {
                            failed.incrementAndGet();
                        } else if (result.result().statusCode() == 202) {
                            accepted.incrementAndGet();
                        } else if (result.result().statusCode() == 409) {
                            refused.incrementAndGet();
                        } else {
                            failed.incrementAndGet();
                        }
                        done.complete(null);
                    });
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
        double seconds = (System.nanoTime() - t0) / 1e9;
        vertx.close().toCompletionStage().toCompletableFuture().join();

        long negative = number("select count(*) from ledger_account where kind in ('POOL', 'CUSTOMER') and balance < 0");
        long overspent = number("""
                select count(*) from (select customer_id, sum(days) spent from ledger_transfer
                where kind = 'EXTEND' and customer_id like '%s-%%' group by customer_id) s where spent > %d""".formatted(run, daysEach));
        long reserved = number("select coalesce(sum(days), 0) from ledger_transfer where kind = 'EXTEND' and customer_id like '" + run + "-%'");
        if (!print) {
            System.out.printf("[bench] %s round: %d requests in %.1f s%n", name, bodies.size(), seconds);
        } else System.out.printf("""

                === billing: admin extensions, full HTTP stack, real PostgreSQL + Kafka ===
                customers        %d, each holding %d days and asked for %d one-day extensions
                concurrency      %d requests in flight
                requests         %d in %.1f s (%.0f requests/s)
                accepted         %d (%.0f extensions/s)
                refused (409)    %d
                other failures   %d
                days reserved    %d (expected %d)
                overspend        %d customers over their balance, %d accounts below zero
                ==========================================================================
                %n""", customers, daysEach, perCustomer, concurrency, bodies.size(), seconds, bodies.size() / seconds,
                accepted.get(), accepted.get() / seconds, refused.get(), failed.get(), reserved, daysEach * customers,
                overspent, negative);
        if (negative > 0 || overspent > 0 || reserved != daysEach * customers) {
            throw new AssertionError("overspend detected");
        }
    }
}
