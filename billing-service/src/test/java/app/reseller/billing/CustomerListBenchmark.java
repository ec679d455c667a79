package app.reseller.billing;

import app.reseller.billing.service.BillingSchedulers;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static app.reseller.billing.BillingTestSupport.DB;
import static app.reseller.infra.TestCallers.asAdmin;

/**
 * Benchmark program, not a test (tag "benchmark", run only with -Pbenchmark): the operators'
 * customer list with 10,000 customers holding 100,000 channels, through the whole HTTP stack (JWT,
 * validation, the query, JSON). Prints p50 and p99 of representative filtered queries and the plan
 * of the main one.
 *
 * <pre>
 * ./mvnw -B -Pbenchmark -pl billing-service verify -Dtest=CustomerListBenchmark -Dbench.customers=10000 -Dbench.channels=100000 -Dbench.rounds=300
 * </pre>
 */
@Tag("benchmark")
@BillingTest
class CustomerListBenchmark {

    @jakarta.inject.Inject
    io.quarkus.scheduler.Scheduler scheduler;

    @Test
    void percentilesOfTheOperatorsQueries() {
        // the auto top-up would take the inserted AUTOMATIC customers' channels for real ones and extend them
        List.of(BillingSchedulers.AUTO_TOP_UP, BillingSchedulers.EXPIRY).forEach(scheduler::pause);
        int customers = Integer.getInteger("bench.customers", 10_000);
        int channels = Integer.getInteger("bench.channels", 100_000);
        int rounds = Integer.getInteger("bench.rounds", 300);
        String run = "bench" + System.nanoTime();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String plans = run + "-plan";
        // set-up straight in SQL: the benchmark measures the list, not how the customers got there
        DB.execute(String.format("""
                insert into plan (id, name, max_channels, period_days, extension_days, price_amount, currency)
                select gen_random_uuid(), '%1$s-' || n, 50, 30, 30, 100, 'IDR' from generate_series(1, 5) n;
                insert into subscription (id, customer_id, plan_id, status, current_period_end, created_at)
                select gen_random_uuid(), '%2$s-' || lpad(c::text, 6, '0'),
                       (select id from plan where name = '%1$s-' || (c %% 5 + 1)),
                       (array['ACTIVE','ACTIVE','ACTIVE','PENDING_PAYMENT','CANCELLED'])[c %% 5 + 1],
                       timestamptz '%3$s' + (c %% 30) * interval '1 day', timestamptz '%3$s'
                from generate_series(1, %4$d) c;
                insert into customer_settings (customer_id, allocation_mode, updated_by)
                select '%2$s-' || lpad(c::text, 6, '0'), case when c %% 2 = 0 then 'AUTOMATIC' else 'MANUAL' end, 'bench'
                from generate_series(1, %4$d) c;
                insert into ledger_account (id, kind, owner_id, balance)
                select 'CUSTOMER:%2$s-' || lpad(c::text, 6, '0'), 'CUSTOMER', '%2$s-' || lpad(c::text, 6, '0'), c %% 120
                from generate_series(1, %4$d) c;
                insert into billing_channel (channel_id, customer_id, active_till, deleted)
                select '%2$s-ch' || n, '%2$s-' || lpad((n %% %4$d + 1)::text, 6, '0'),
                       timestamptz '%3$s' + ((n * 7919) %% (90 * 24)) * interval '1 hour', n %% 10 = 0
                from generate_series(1, %5$d) n;
                analyze plan; analyze subscription; analyze customer_settings; analyze ledger_account; analyze billing_channel;
                analyze customer_directory;
                """, plans, run, now, customers, channels));
        String plan = DB.strings("select id::text from plan where name = '" + plans + "-2'").get(0);
        Map<String, Supplier<RequestSpecification>> queries = new LinkedHashMap<>();
        queries.put("first page (no filter)", () -> asAdmin());
        queries.put("one plan, ACTIVE", () -> asAdmin().queryParam("planId", plan).queryParam("subscriptionStatus", "ACTIVE"));
        queries.put("AUTOMATIC with fewer than 10 days", () -> asAdmin().queryParam("allocationMode", "AUTOMATIC").queryParam("balanceBelow", 10));
        queries.put("15 channels or more", () -> asAdmin().queryParam("channelsAtLeast", 15));
        String deepCursor = cursorAfter(10);
        queries.put("page after a cursor 2,000 customers in", () -> asAdmin().queryParam("cursor", deepCursor));
        queries.put("all filters, 200 per page", () -> asAdmin().queryParam("planId", plan).queryParam("subscriptionStatus", "ACTIVE")
                .queryParam("allocationMode", "MANUAL").queryParam("balanceBelow", 60).queryParam("channelsAtMost", 12).queryParam("limit", 200));
        System.out.printf("CustomerListBenchmark: %,d customers holding %,d channels (plus the other tests' rows), %d rounds per query, through HTTP%n",
                customers, channels, rounds);
        for (Map.Entry<String, Supplier<RequestSpecification>> query : queries.entrySet()) {
            for (int i = 0; i < 30; i++) { // warm-up: the JIT, the statement cache
                query.getValue().get().get("/admin/customers").then().statusCode(200);
            }
            long[] micros = new long[rounds];
            for (int i = 0; i < rounds; i++) {
                RequestSpecification request = query.getValue().get();
                long t0 = System.nanoTime();
                request.get("/admin/customers").then().statusCode(200);
                micros[i] = (System.nanoTime() - t0) / 1_000;
            }
            Arrays.sort(micros);
            System.out.printf("CustomerListBenchmark: %-42s p50 %6.1f ms  p99 %6.1f ms%n", query.getKey(),
                    micros[rounds / 2] / 1000.0, micros[(int) Math.ceil(rounds * 0.99) - 1] / 1000.0);
        }
        System.out.println("CustomerListBenchmark: plan of the first page (no filter):");
        DB.strings("explain " + app.reseller.billing.repository.CustomerDirectoryRepository.sqlOfFirstPage())
                .forEach(line -> System.out.println("CustomerListBenchmark:   " + line));
    }

    /** The cursor after {@code pages} pages of 200 customers. */
    private static String cursorAfter(int pages) {
        String cursor = null;
        for (int i = 0; i < pages; i++) {
            RequestSpecification page = asAdmin().queryParam("limit", 200);
            cursor = (cursor == null ? page : page.queryParam("cursor", cursor)).get("/admin/customers").then().statusCode(200)
                    .extract().path("nextCursor");
        }
        return cursor;
    }
}
