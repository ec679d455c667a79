package app.reseller.channel;

import app.reseller.channel.service.BulkJobWorker;
import app.reseller.platform.events.contract.ChannelEvents.ChannelPaused;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;

import static app.reseller.channel.ChannelTestSupport.DB;
import static app.reseller.channel.ChannelTestSupport.channelEvents;
import static app.reseller.channel.ChannelTestSupport.createChannel;
import static app.reseller.channel.ChannelTestSupport.entitle;
import static app.reseller.channel.ChannelTestSupport.whapiIdOf;
import static app.reseller.channel.ChannelTestSupport.wire;
import static app.reseller.infra.TestCallers.asAdmin;
import static org.hamcrest.Matchers.nullValue;
import static app.reseller.infra.TestCallers.asCustomer;
import static app.reseller.infra.TestCallers.newCustomer;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * Bulk actions as jobs against the real database and the WHAPI sandbox: progress and one result per
 * channel, a dry run that stores nothing, the Idempotency-Key, tenancy, a job whose worker died
 * mid-way finished with each channel done once, and replicas racing for the same items.
 */
@ChannelTest
class BulkJobTest extends CleanWhapiPerTest {

    @Inject
    BulkJobWorker worker;

    @Test
    void aCustomersBulkPauseDoesEachChannelOnceWithProgressAndADryRunStoresNothing() {
        String customer = newCustomer();
        entitle(customer, 3, 100);
        List<String> channels = List.of(createChannel(customer, "bulk a"), createChannel(customer, "bulk b"),
                createChannel(customer, "bulk c"));
        long jobsBefore = DB.number("select count(*) from bulk_job");

        JsonPath preview = asCustomer(customer).body(Map.of("action", "PAUSE", "filter", Map.of("states", List.of("ACTIVE")), "dryRun", true))
                .post("/channels/bulk").then().statusCode(200).extract().jsonPath();
        assertEquals(3, preview.getInt("count"), "a dry run over the customer's own channels: " + preview.prettify());
        assertEquals(channels.stream().sorted().toList(), preview.getList("channels.channelId", String.class).stream().sorted().toList());
        assertEquals(jobsBefore, DB.number("select count(*) from bulk_job"), "a dry run stores nothing");

        String key = UUID.randomUUID().toString();
        String job = asCustomer(customer).header("Idempotency-Key", key).body(Map.of("action", "PAUSE", "channelIds", channels))
                .post("/channels/bulk").then().statusCode(202).body("total", is(3)).extract().path("id");
        asCustomer(customer).header("Idempotency-Key", key).body(Map.of("action", "PAUSE", "channelIds", channels))
                .post("/channels/bulk").then().statusCode(202).body("id", is(job));

        JsonPath done = await().atMost(Duration.ofSeconds(60)).until(() -> asCustomer(customer).get("/jobs/" + job).then().statusCode(200)
                .extract().jsonPath(), progress -> progress.get("finishedAt") != null);
        assertEquals(3, done.getInt("done"), done.prettify());
        assertEquals(List.of("PAUSED", "PAUSED", "PAUSED"), done.getList("items.outcome"));
        for (String channel : channels) {
            assertEquals(1, channelEvents(ChannelPaused.TYPE, channel).size(), "one pause of " + channel);
            assertEquals(1, stopsAtWhapi(channel), "WHAPI stopped " + channel + " once");
        }
        assertEquals(jobsBefore + 1, DB.number("select count(*) from bulk_job"), "the repeat with the same key made no second job");

        // tenancy: another customer neither sees the job nor may name these channels; the operator sees it
        String other = newCustomer();
        asCustomer(other).get("/jobs/" + job).then().statusCode(404);
        asCustomer(other).body(Map.of("action", "DELETE", "channelIds", channels)).post("/channels/bulk").then().statusCode(404);
        asAdmin().get("/jobs/" + job).then().statusCode(200).body("customerId", is(customer));
        // the channels or a filter: never both, never neither
        asCustomer(customer).body(Map.of("action", "RESUME")).post("/channels/bulk").then().statusCode(400)
                .body("violations.field", hasItem("channelIds"));
        asCustomer(customer).body(Map.of("action", "RESUME", "channelIds", channels, "filter", Map.of())).post("/channels/bulk")
                .then().statusCode(400).body("violations.field", hasItem("channelIds"));
        assertEquals(jobsBefore + 1, DB.number("select count(*) from bulk_job"), "the refused requests stored nothing");
    }

    /**
     * A worker claimed a job's items and died: two restarts may have reached WHAPI (started), one was
     * claimed but not sent, one was never claimed. Once the claims lapse the job finishes: the started
     * ones are not sent again, the others once each.
     */
    @Test
    void aJobWhoseWorkerDiedMidWayFinishesWithEachChannelDoneOnce() {
        String customer = newCustomer();
        entitle(customer, 4, 100);
        List<String> channels = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            channels.add(createChannel(customer, "crash " + i));
        }
        UUID job = UUID.randomUUID();
        String lapsed = "now() - interval '1 second'";
        // the job and its items in one statement, as the service stores them: a worker never sees the job half written
        DB.execute("with job as (insert into bulk_job (id, action, customer_id, requested_by, created_at) values ('" + job
                + "', 'RESTART', '" + customer + "', '" + customer + "', now()) returning id) "
                + "insert into bulk_job_item (job_id, channel_id, position, state, claim_token, not_before, attempts, started_at) "
                + "select job.id, item.* from job, (values "
                + item(channels.get(0), 1, "'RUNNING', gen_random_uuid(), " + lapsed + ", 1, now() - interval '2 minutes'") + ", "
                + item(channels.get(1), 2, "'RUNNING', gen_random_uuid(), " + lapsed + ", 1, now() - interval '2 minutes'") + ", "
                + item(channels.get(2), 3, "'RUNNING', gen_random_uuid(), " + lapsed + ", 1, null::timestamptz") + ", "
                + item(channels.get(3), 4, "'PENDING', null::uuid, null::timestamptz, 0, null::timestamptz") + ") as item");

        JsonPath done = await().atMost(Duration.ofSeconds(30)).until(() -> asCustomer(customer).get("/jobs/" + job).then()
                .statusCode(200).extract().jsonPath(), progress -> progress.get("finishedAt") != null);
        assertEquals(4, done.getInt("done"), done.prettify());
        assertEquals(List.of(0L, 0L, 1L, 1L), channels.stream().map(this::restartsAtWhapi).toList(),
                "the started restarts are not sent again, the others once");
        assertEquals("sent to WHAPI before its worker stopped; not sent again", done.getString("items[0].detail"));
    }

    /** Four replicas' workers racing for one job's items, many rounds: each channel restarted exactly once. */
    @Test
    void workersRacingForTheSameItemsDoEachChannelOnce() throws Exception {
        String customer = newCustomer();
        entitle(customer, 6, 100);
        List<String> channels = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            channels.add(createChannel(customer, "race " + i));
        }
        for (int round = 0; round < 5; round++) {
            String job = asAdmin().body(Map.of("action", "RESTART", "channelIds", channels)).post("/channels/bulk").then().statusCode(202)
                    .extract().path("id");
            List<Callable<Integer>> replicas = new ArrayList<>();
            for (int r = 0; r < 4; r++) {
                replicas.add(() -> {
                    int claimed = 0;
                    while (DB.number("select count(*) from bulk_job where id = '" + job + "' and finished_at is null") == 1) {
                        claimed += ChannelTestSupport.onVertx(() -> worker.runOnce());
                    }
                    return claimed;
                });
            }
            List<app.reseller.infra.Race.Outcome<Integer>> outcomes = app.reseller.infra.Race.run(replicas);
            outcomes.forEach(outcome -> assertEquals(null, outcome.failure(), "a replica failed"));
            int r = round;
            assertEquals(channels.stream().map(channel -> (long) r + 1).toList(), channels.stream().map(this::restartsAtWhapi).toList(),
                    "round " + round + ": each channel restarted once more");
            JsonPath progress = asAdmin().get("/jobs/" + job).then().statusCode(200).extract().jsonPath();
            assertEquals(6, progress.getInt("done"), progress.prettify());
            assertNotNull(progress.get("finishedAt"));
        }
    }

    /** An operator's job over two customers' channels belongs to neither: each customer gets a 404 for it. */
    @Test
    void anOperatorsJobOverSeveralCustomersIsNoCustomersToSee() {
        String first = newCustomer();
        String second = newCustomer();
        entitle(first, 1, 100);
        entitle(second, 1, 100);
        List<String> channels = List.of(createChannel(first, "mixed a"), createChannel(second, "mixed b"));
        String job = asAdmin().body(Map.of("action", "RESTART", "channelIds", channels)).post("/channels/bulk").then().statusCode(202)
                .extract().path("id");
        asAdmin().get("/jobs/" + job).then().statusCode(200).body("customerId", nullValue());
        asCustomer(first).get("/jobs/" + job).then().statusCode(404);
        asCustomer(second).get("/jobs/" + job).then().statusCode(404);
        // and a job over one customer's channels is that customer's, whoever started it
        String own = asAdmin().body(Map.of("action", "RESTART", "channelIds", List.of(channels.get(0)))).post("/channels/bulk").then()
                .statusCode(202).extract().path("id");
        asCustomer(first).get("/jobs/" + own).then().statusCode(200).body("customerId", is(first));
        asCustomer(second).get("/jobs/" + own).then().statusCode(404);
    }

    /** One item's row: channel, position, state, claim token, not before, attempts, started at. */
    private static String item(String channel, int position, String stateClaimLeaseAttemptsStarted) {
        return "('" + channel + "'::uuid, " + position + ", " + stateClaimLeaseAttemptsStarted + ")";
    }

    private long restartsAtWhapi(String channel) {
        String path = "/manager/channels/" + whapiIdOf(channel) + "/restart";
        return wire().count(e -> e.method().equals("POST") && e.path().equals(path));
    }

    private static long stopsAtWhapi(String channel) {
        String path = "/manager/channels/" + whapiIdOf(channel) + "/stop";
        return wire().count(e -> e.method().equals("POST") && e.path().equals(path));
    }
}
