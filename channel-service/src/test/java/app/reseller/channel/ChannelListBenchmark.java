package app.reseller.channel;

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

import static app.reseller.channel.ChannelTestSupport.DB;
import static app.reseller.infra.TestCallers.asAdmin;

/**
 * Benchmark program, not a test (tag "benchmark", run only with -Pbenchmark): the operators' channel
 * list with 100,000 channels of 10,000 customers, through the whole HTTP stack (JWT, validation, the
 * query, JSON). Prints p50 and p99 of representative filtered queries, and the plan of each, to show
 * that the sort orders are index scans.
 *
 * <pre>
 * ./mvnw -B -Pbenchmark -pl channel-service verify -Dtest=ChannelListBenchmark -Dbench.channels=100000 -Dbench.customers=10000 -Dbench.rounds=300
 * </pre>
 */
@Tag("benchmark")
@ChannelTest
class ChannelListBenchmark {

    @jakarta.inject.Inject
    io.quarkus.scheduler.Scheduler scheduler;

    @Test
    void percentilesOfTheOperatorsQueries() {
        // the monitors would take the inserted channels (no WHAPI channel behind them) for real ones and
        // work on them beside the measured queries
        List.of("channel-health", "channel-mode-sweep", "channel-auditor", "channel-reconciler", "channel-expiry-warnings")
                .forEach(scheduler::pause);
        int channels = Integer.getInteger("bench.channels", 100_000);
        int customers = Integer.getInteger("bench.customers", 10_000);
        int rounds = Integer.getInteger("bench.rounds", 300);
        String run = "bench" + System.nanoTime();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        // set-up straight in SQL: the benchmark measures the list, not how the channels got there
        DB.execute(String.format("""
                insert into entitlement (customer_id, active, max_channels, balance_days)
                select '%1$s-' || c, true, 100, c %% 90 from generate_series(1, %2$d) c;
                insert into channel (id, customer_id, name, phone, state, mode, link_status, active_till, paid, created_at)
                select gen_random_uuid(), '%1$s-' || (n %% %2$d + 1), (array['Shop','Office','Sales','Support'])[n %% 4 + 1] || ' ' || n,
                       (6281000000000 + n)::text,
                       (array['ACTIVE','ACTIVE','ACTIVE','ACTIVE','ACTIVE','ACTIVE','ACTIVE','CREATING','FAILED','DELETED'])[n %% 10 + 1],
                       case when n %% 3 = 0 then 'TRIAL' else 'LIVE' end, case when n %% 7 = 0 then 'QR' else 'AUTH' end,
                       timestamptz '%3$s' + ((n * 7919) %% (90 * 24)) * interval '1 hour' - interval '3 days', n %% 3 <> 0,
                       timestamptz '%3$s' - (n %% 100000) * interval '1 minute'
                from generate_series(1, %4$d) n;
                insert into channel_health (channel_id, status, health, since, updated_at)
                select id, 'AUTH', (array['HEALTHY','HEALTHY','HEALTHY','LINKING','STARTING','STUCK','FAILED'])[(abs(hashtext(id::text)) %% 7) + 1],
                       now(), now()
                from channel where customer_id like '%1$s-%%';
                analyze channel; analyze channel_health; analyze entitlement;
                """, run, customers, now, channels));
        String someCustomer = run + "-4242";
        String in7Days = now.plus(7, ChronoUnit.DAYS).toString();
        Map<String, Supplier<RequestSpecification>> queries = new LinkedHashMap<>();
        queries.put("first page, soonest end first (no filter)", () -> asAdmin());
        queries.put("expiring within 7 days, ACTIVE", () -> asAdmin().queryParam("state", "ACTIVE").queryParam("expiresBefore", in7Days));
        queries.put("one customer's fleet", () -> asAdmin().queryParam("customerId", someCustomer));
        queries.put("LIVE and STUCK", () -> asAdmin().queryParam("mode", "LIVE").queryParam("health", "STUCK"));
        queries.put("linkStatus QR, newest first", () -> asAdmin().queryParam("linkStatus", "QR").queryParam("sort", "CREATED")
                .queryParam("descending", true));
        String deepCursor = cursorAfter(10);
        queries.put("by name, page after a cursor 2,000 rows in", () -> asAdmin().queryParam("sort", "NAME").queryParam("cursor", deepCursor));
        queries.put("name contains 'shop 12', 200 per page", () -> asAdmin().queryParam("nameContains", "shop 12").queryParam("limit", 200));
        System.out.printf("ChannelListBenchmark: %,d channels of %,d customers (plus the other tests' rows), %d rounds per query, through HTTP%n",
                channels, customers, rounds);
        for (Map.Entry<String, Supplier<RequestSpecification>> query : queries.entrySet()) {
            for (int i = 0; i < 30; i++) { // warm-up: the JIT, the statement cache
                query.getValue().get().get("/admin/channels").then().statusCode(200);
            }
            long[] micros = new long[rounds];
            for (int i = 0; i < rounds; i++) {
                RequestSpecification request = query.getValue().get();
                long t0 = System.nanoTime();
                request.get("/admin/channels").then().statusCode(200);
                micros[i] = (System.nanoTime() - t0) / 1_000;
            }
            Arrays.sort(micros);
            System.out.printf("ChannelListBenchmark: %-48s p50 %6.1f ms  p99 %6.1f ms%n", query.getKey(),
                    micros[rounds / 2] / 1000.0, micros[(int) Math.ceil(rounds * 0.99) - 1] / 1000.0);
        }
        for (String plan : new String[] {
                "select c.id from channel c left join channel_health h on h.channel_id = c.id where c.state = any('{ACTIVE,CREATING,DELETING,FAILED}')"
                        + " order by coalesce(c.active_till, 'infinity'::timestamptz), c.id limit 51",
                "select c.id from channel c where c.state = any('{ACTIVE}') and c.active_till < '" + in7Days + "'"
                        + " order by coalesce(c.active_till, 'infinity'::timestamptz), c.id limit 51",
                "select c.id from channel c where c.customer_id = '" + someCustomer + "' order by coalesce(c.active_till, 'infinity'::timestamptz), c.id limit 51",
                "select c.id from channel c where lower(c.name) like '%shop 12%' order by coalesce(c.active_till, 'infinity'::timestamptz), c.id limit 201"}) {
            System.out.println("ChannelListBenchmark: plan of " + plan.substring(0, Math.min(90, plan.length())) + "...");
            DB.strings("explain " + plan).forEach(line -> System.out.println("ChannelListBenchmark:   " + line));
        }
    }

    /** The cursor after {@code pages} pages of 200 channels by name. */
    private static String cursorAfter(int pages) {
        String cursor = null;
        for (int i = 0; i < pages; i++) {
            RequestSpecification page = asAdmin().queryParam("sort", "NAME").queryParam("limit", 200);
            cursor = (cursor == null ? page : page.queryParam("cursor", cursor)).get("/admin/channels").then().statusCode(200)
                    .extract().path("nextCursor");
        }
        return cursor;
    }
}
