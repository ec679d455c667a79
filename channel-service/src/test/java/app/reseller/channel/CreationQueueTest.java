package app.reseller.channel;

import app.reseller.channel.config.ChannelConfig;
import app.reseller.channel.repository.CreationQueueRepository;
import app.reseller.channel.service.CreationBudget;
import app.reseller.channel.service.CreationQueue;
import app.reseller.infra.TestClock;
import app.reseller.platform.events.contract.ChannelEvents.ChannelCreated;
import io.quarkus.test.junit.QuarkusMock;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static app.reseller.channel.ChannelTestSupport.DB;
import static app.reseller.channel.ChannelTestSupport.entitle;
import static app.reseller.channel.ChannelTestSupport.fault;
import static app.reseller.channel.ChannelTestSupport.latency;
import static app.reseller.channel.ChannelTestSupport.sandbox;
import static app.reseller.infra.TestCallers.asAdmin;
import static app.reseller.infra.TestCallers.asCustomer;
import static app.reseller.infra.TestCallers.newCustomer;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The creation queue against WHAPI's real limit (the sandbox's 20 per 30 minutes; both clocks are
 * moved, nobody waits half an hour): creates beyond the window wait QUEUED, go to WHAPI in turn
 * between customers as the window frees, never overspend it with two replicas' queues racing, and
 * are never created twice, also when WHAPI's answer is lost or its window is fuller than ours says.
 */
@ChannelTest
class CreationQueueTest extends CleanWhapiPerTest {

    /** WHAPI's window (the other tests' profile lifts the limit): 20 creations per 30 minutes. */
    private static final int WHAPIS_LIMIT = 20;

    @Inject
    ChannelConfig config;

    @Inject
    CreationQueueRepository windowRows;

    private static final Duration WINDOW = Duration.ofMinutes(30);
    /** Past the window and its margin (channel.create.window-margin, 15 s: a start counts until WHAPI surely received it). */
    private static final Duration PAST_THE_WINDOW = WINDOW.plusSeconds(16);
    /** Each test a day past the latest start anyone wrote: the starts of the tests before it (and of other classes) are outside its window. */
    private static final AtomicInteger DAYS_AHEAD = new AtomicInteger();

    @Inject
    CreationQueue queue;

    private TestClock clock;

    /** What is left waiting is cancelled, and what the queue started has its answer: nothing of it lands in a later window. */
    private static void drainTheQueue() {
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            DB.execute("update channel set state = 'DELETED', deleted_at = now() where state = 'QUEUED'");
            return DB.number("select count(*) from channel where state in ('QUEUED', 'CREATING') and queued_at is not null") == 0;
        });
    }

    @BeforeEach
    void aWindowOfItsOwn() {
        drainTheQueue(); // another class's queued requests, before this test's window opens
        // past every start any test wrote (other classes move their clocks weeks ahead): those would fill this window
        int latest = (int) DB.number("select coalesce(ceil(extract(epoch from max(creation_started_at) - now()) / 86400), 0)::bigint"
                + " from channel");
        clock = new TestClock().advance(Duration.ofDays(DAYS_AHEAD.updateAndGet(days -> Math.max(days, latest) + 1)));
        QuarkusMock.installMockForType(clock, Clock.class);
        // WHAPI's limit for this test only: a budget of its own rather than a test profile of its own, which would
        // restart the app (half a minute of CI) for one number
        QuarkusMock.installMockForType(new CreationBudget(windowRows, withWhapisLimit(config), clock), CreationBudget.class);
        DB.execute("update whapi_creation_window set blocked_until = null");
        // what an earlier test left waiting would go first in this one's queue
        DB.execute("update channel set state = 'DELETED', deleted_at = now() where state = 'QUEUED'");
        sandbox().body(Map.of("limit", 20)).put("/_sandbox/whapi/creation-window").then().statusCode(200).body("inWindow", is(0));
    }

    /** The app's configuration, but WHAPI's creation limit. */
    private static ChannelConfig withWhapisLimit(ChannelConfig config) {
        ChannelConfig.Create create = config.create();
        ChannelConfig.Create whapis = (ChannelConfig.Create) Proxy.newProxyInstance(ChannelConfig.Create.class.getClassLoader(),
                new Class<?>[] {ChannelConfig.Create.class},
                (proxy, method, args) -> method.getName().equals("windowLimit") ? WHAPIS_LIMIT : method.invoke(create, args));
        return (ChannelConfig) Proxy.newProxyInstance(ChannelConfig.class.getClassLoader(), new Class<?>[] {ChannelConfig.class},
                (proxy, method, args) -> method.getName().equals("create") ? whapis : method.invoke(config, args));
    }

    @AfterEach
    void theLimitLiftedAgain() {
        // while this test's budget and clock still hold: a request requeued after a 429 would otherwise be started in
        // the next test's window (CI met it: two of the last test's channels filled two of the next one's 20 places)
        drainTheQueue();
        sandbox().body(Map.of()).put("/_sandbox/whapi/creation-window").then().statusCode(200);
        DB.execute("update whapi_creation_window set blocked_until = null");
    }

    @Test
    void fiftyCreationsOfThreeCustomersGoThroughInThreeWindowsInTurnAndNoneTwiceAtWhapi() throws Exception {
        List<String> customers = List.of(newCustomer(), newCustomer(), newCustomer());
        List<Integer> wants = List.of(30, 15, 5);
        for (int c = 0; c < 3; c++) {
            entitle(customers.get(c), wants.get(c), 100);
        }
        String batch = "batch-" + UUID.randomUUID().toString().substring(0, 6);

        // the customers come one after the other (the first's surplus queues first: first come, first served would
        // give the next window to it and the second alone); each sends its batch six at a time
        ExecutorService senders = Executors.newFixedThreadPool(6);
        List<Response> answers = new ArrayList<>();
        for (int c = 0; c < 3; c++) {
            String customer = customers.get(c);
            List<java.util.concurrent.Callable<Response>> batchOfCustomer = new ArrayList<>();
            for (int i = 0; i < wants.get(c); i++) {
                String name = batch + " " + c + "-" + i;
                batchOfCustomer.add(() -> asCustomer(customer).body(Map.of("name", name)).post("/channels"));
            }
            for (Future<Response> answer : senders.invokeAll(batchOfCustomer, 120, TimeUnit.SECONDS)) {
                answers.add(answer.get());
            }
        }
        senders.shutdown();

        assertEquals(20, answers.stream().filter(r -> r.statusCode() == 201).count(), "the window's 20 are created at once");
        List<Response> queuedAnswers = answers.stream().filter(r -> r.statusCode() == 202).toList();
        assertEquals(30, queuedAnswers.size(), "the other 30 wait in the queue");
        queuedAnswers.forEach(r -> {
            assertEquals("QUEUED", r.jsonPath().getString("state"));
            assertTrue(r.jsonPath().getInt("queue.position") >= 1, r.asString());
            assertTrue(r.jsonPath().getString("queue.estimatedAt") != null, r.asString());
        });
        sandbox().get("/_sandbox/whapi/creation-window").then().body("inWindow", is(20)).body("refused", is(0));

        // while the window is full, the queues of every replica leave WHAPI alone
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> count(customers, "ACTIVE") == 20);
        // each customer's list shows its queued channels, with places 1..30 between them all
        List<Integer> places = new ArrayList<>();
        for (String customer : customers) {
            asCustomer(customer).get("/channels?size=100").then().statusCode(200).extract().jsonPath()
                    .getList("findAll { it.state == 'QUEUED' }.queue.position", Integer.class).forEach(places::add);
        }
        places.sort(Integer::compare);
        assertEquals(java.util.stream.IntStream.rangeClosed(1, 30).boxed().toList(), places);

        Map<String, Integer> waiting = perCustomer(customers, "QUEUED");
        nextWindow();
        await().atMost(Duration.ofSeconds(60)).until(() -> count(customers, "ACTIVE") == 40);
        assertTurnByTurn(waiting, perCustomerStartedSince(customers, clock.instant().minus(Duration.ofMinutes(1))), 20);

        waiting = perCustomer(customers, "QUEUED");
        nextWindow();
        await().atMost(Duration.ofSeconds(60)).until(() -> count(customers, "ACTIVE") == 50);
        assertEquals(0, count(customers, "QUEUED"));
        assertTurnByTurn(waiting, perCustomerStartedSince(customers, clock.instant().minus(Duration.ofMinutes(1))), 10);

        // never twice at WHAPI, never over its window, one ChannelCreated each
        sandbox().get("/_sandbox/whapi/creation-window").then().body("refused", is(0));
        assertEquals(50, whapiChannelsNamed(batch), "exactly one WHAPI channel per request");
        assertEquals(50, DB.number("select count(distinct whapi_id) from channel where " + of(customers)));
        assertEquals(50, DB.number("select count(*) from outbox_event where type = '" + ChannelCreated.TYPE
                + "' and aggregateid in (select id::text from channel where " + of(customers) + ")"));
    }

    @Test
    void aQueuedRequestCountsAgainstThePlanAndCanBeCancelled() {
        fillTheWindow();
        String customer = newCustomer();
        entitle(customer, 2, 100);
        String first = asCustomer(customer).body(Map.of("name", "waits 1")).post("/channels").then().statusCode(202)
                .body("state", is("QUEUED")).extract().path("id");
        String second = asCustomer(customer).body(Map.of("name", "waits 2")).post("/channels").then().statusCode(202)
                .extract().path("id");
        asCustomer(customer).body(Map.of("name", "a third")).post("/channels").then().statusCode(409)
                .body("title", is("Channel limit reached"));
        asCustomer(customer).get("/channels/" + second).then().statusCode(200).body("queue.position", is(2));

        asCustomer(customer).delete("/channels/" + first).then().statusCode(204);
        asCustomer(customer).get("/channels/" + first).then().statusCode(404);
        asCustomer(customer).get("/channels/" + second).then().statusCode(200).body("queue.position", is(1));

        nextWindow();
        await().atMost(Duration.ofSeconds(30)).until(() -> "ACTIVE".equals(state(second)));
        assertEquals("DELETED", state(first), "a cancelled request is never created");
        assertEquals(0, whapiChannelsNamed("waits 1"));
        asCustomer(customer).delete("/channels/" + second).then().statusCode(204); // a created one is deleted as ever
    }

    @Test
    void aLostAnswerForAQueuedCreationAdoptsTheOneChannelWhapiMade() {
        fillTheWindow();
        String customer = newCustomer();
        entitle(customer, 1, 100);
        String name = "lost " + UUID.randomUUID().toString().substring(0, 6);
        String id = asCustomer(customer).body(Map.of("name", name)).post("/channels").then().statusCode(202).extract().path("id");

        fault("LOST_ANSWER", "PUT", "/manager/channels", null, 1);
        nextWindow();
        await().atMost(Duration.ofSeconds(30)).until(() -> "ACTIVE".equals(state(id)));
        assertEquals(1, whapiChannelsNamed(name));
        assertEquals(List.of(ChannelCreated.TYPE), DB.strings("select type from outbox_event where aggregateid = '" + id
                + "' and type = '" + ChannelCreated.TYPE + "'"));
    }

    @Test
    void whenWhapisWindowIsFullerThanOursTheRequestWaitsAsLongAsWhapiSays() {
        fillTheWindow();
        String customer = newCustomer();
        entitle(customer, 1, 100);
        String id = asCustomer(customer).body(Map.of("name", "patient")).post("/channels").then().statusCode(202).extract().path("id");

        // only our clock moves: we think the window is free, WHAPI still counts the 20 and answers 429 with its Retry-After
        clock.advance(PAST_THE_WINDOW);
        await().atMost(Duration.ofSeconds(30)).until(() -> DB.number("select count(*) from whapi_creation_window where blocked_until is not null") == 1);
        sandbox().get("/_sandbox/whapi/creation-window").then().body("refused", is(1));
        assertEquals("QUEUED", state(id), "a 429 says WHAPI created nothing: back in the queue, same place");
        asCustomer(customer).get("/channels/" + id).then().body("queue.position", is(1)).body("queue.estimatedAt", notNullValue());
        // until WHAPI's Retry-After has passed, nobody asks again (the queue runs every 200 ms on this replica)
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() ->
                sandbox().get("/_sandbox/whapi/creation-window").then().extract().jsonPath().getInt("refused") == 1);

        nextWindow();
        await().atMost(Duration.ofSeconds(30)).until(() -> "ACTIVE".equals(state(id)));
        sandbox().get("/_sandbox/whapi/creation-window").then().body("refused", is(1));
    }

    @Test
    void anOperatorsBatchQueuesEveryChannelTheCustomersPlanAllowsAndARepeatCreatesNothingNew() {
        String customer = newCustomer();
        entitle(customer, 5, 100);
        List<String> names = java.util.stream.IntStream.range(0, 7).mapToObj(i -> "fleet " + i).toList();
        String key = UUID.randomUUID().toString();
        // WHAPI is slow to answer the first create: the retry below meets that channel being created
        latency("PUT", "/manager/channels", 4000, 1);

        Response first = asAdmin().header("Idempotency-Key", key).body(Map.of("customerId", customer, "names", names))
                .post("/admin/channels/bulk-create");
        first.then().statusCode(202).body("accepted.size()", is(5)).body("refused.size()", is(2))
                .body("accepted.state", org.hamcrest.Matchers.everyItem(is("QUEUED")))
                .body("refused.name", is(List.of("fleet 5", "fleet 6")))
                .body("refused.type", org.hamcrest.Matchers.everyItem(is("urn:reseller:problem:channel-limit-reached")));
        List<String> ids = first.jsonPath().getList("accepted.id", String.class);

        // a retried batch (a lost answer) answers with the same channels and makes none, also while the queue is
        // creating one of them (a single create's repeat would be told to wait; the batch only promised a place)
        await().atMost(Duration.ofSeconds(10)).until(() -> DB.number("select count(*) from channel where customer_id = '" + customer
                + "' and state = 'CREATING'") >= 1);
        asAdmin().header("Idempotency-Key", key).body(Map.of("customerId", customer, "names", names))
                .post("/admin/channels/bulk-create").then().statusCode(202).body("accepted.id", is(ids)).body("refused.size()", is(2))
                .body("accepted.state", org.hamcrest.Matchers.hasItem("CREATING"));
        await().atMost(Duration.ofSeconds(30)).until(() -> DB.number("select count(*) from channel where customer_id = '" + customer
                + "' and state = 'ACTIVE'") == 5);
        assertEquals(5, DB.number("select count(*) from channel where customer_id = '" + customer + "'"));
        sandbox().get("/_sandbox/whapi/creation-window").then().body("inWindow", is(5));

        // the edge: no names, too many, a blank one, no customer
        asAdmin().body(Map.of("customerId", customer, "names", List.of())).post("/admin/channels/bulk-create").then().statusCode(400);
        asAdmin().body(Map.of("customerId", customer, "names", java.util.Collections.nCopies(201, "x")))
                .post("/admin/channels/bulk-create").then().statusCode(400);
        asAdmin().body(Map.of("customerId", customer, "names", List.of(" "))).post("/admin/channels/bulk-create").then().statusCode(400);
        asAdmin().body(Map.of("names", List.of("x"))).post("/admin/channels/bulk-create").then().statusCode(400)
                .contentType("application/problem+json");
        asCustomer(customer).body(Map.of("customerId", customer, "names", List.of("x"))).post("/admin/channels/bulk-create")
                .then().statusCode(403);
        String stranger = newCustomer();
        asAdmin().body(Map.of("customerId", stranger, "names", List.of("a", "b"))).post("/admin/channels/bulk-create").then()
                .statusCode(202).body("accepted.size()", is(0)).body("refused.title", is(List.of("No active plan", "No active plan")));
    }

    @Test
    void billingsCreationMinimumCountsEveryChannelStillWaitingToBeCreated() {
        fillTheWindow(); // what the customer asks for stays QUEUED, waiting for its days
        String customer = newCustomer();
        // AUTOMATIC on a plan of extensionDays 30: each new channel needs 30; the customer can spend 70 (balance and pool)
        ChannelTestSupport.publishBillingEvent(customer, app.reseller.platform.events.contract.BillingEvents.EntitlementChanged.TYPE,
                new app.reseller.platform.events.contract.BillingEvents.EntitlementChanged(customer, true, 5, 40, "AUTOMATIC", 1, 30, 70));
        await().atMost(Duration.ofSeconds(20)).until(() -> DB.number("select count(*) from entitlement where customer_id = '"
                + customer + "' and creation_minimum_days = 30 and drawable_days = 70") == 1);

        asAdmin().body(Map.of("customerId", customer, "names", List.of("first", "second", "third"))).post("/admin/channels/bulk-create")
                .then().statusCode(202).body("accepted.name", is(List.of("first", "second")))
                .body("refused[0].name", is("third")).body("refused[0].type", is("urn:reseller:problem:insufficient-balance"))
                .body("refused[0].detail", org.hamcrest.Matchers.containsString("20 day(s) missing"));
        asCustomer(customer).body(Map.of("name", "one more")).post("/channels").then().statusCode(409)
                .contentType("application/problem+json").body("title", is("Insufficient balance"))
                .body("minimumDays", is(30)).body("waitingChannels", is(2)).body("missingDays", is(20)).body("balanceDays", is(70));

        // a cancelled request no longer waits for days: the next one fits again
        String first = DB.strings("select id from channel where customer_id = '" + customer + "' and name = 'first'").get(0);
        asCustomer(customer).delete("/channels/" + first).then().statusCode(204);
        asCustomer(customer).body(Map.of("name", "one more")).post("/channels").then().statusCode(202).body("state", is("QUEUED"));
    }

    // ---- helpers ----

    /** 20 creations of another customer: WHAPI's window and ours are full. */
    private void fillTheWindow() {
        String filler = newCustomer();
        entitle(filler, 20, 100);
        for (int i = 0; i < 20; i++) {
            asCustomer(filler).body(Map.of("name", "filler " + i)).post("/channels").then().statusCode(201);
        }
    }

    /** Both clocks move past the window; two replicas' queues race for it (beside the scheduled one). */
    private void nextWindow() {
        clock.advance(PAST_THE_WINDOW);
        sandbox().queryParam("seconds", PAST_THE_WINDOW.toSeconds()).post("/_sandbox/whapi/clock/advance").then().statusCode(200);
        ExecutorService replicas = Executors.newFixedThreadPool(2);
        try {
            List<Future<Integer>> passes = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                passes.add(replicas.submit(() -> {
                    try {
                        return io.quarkus.vertx.VertxContextSupport.subscribeAndAwait(queue::runOnce);
                    } catch (Throwable failure) {
                        throw new IllegalStateException(failure);
                    }
                }));
            }
            for (Future<Integer> pass : passes) {
                pass.get(60, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            replicas.shutdownNow();
        }
    }

    /**
     * Round-robin: with {@code places} in the window, every customer gets one per turn while it has
     * requests waiting. A customer may differ from that by one only through the last, partial turn.
     */
    private static void assertTurnByTurn(Map<String, Integer> waiting, Map<String, Integer> started, int places) {
        Map<String, Integer> fair = new HashMap<>();
        Map<String, Integer> left = new HashMap<>(waiting);
        int free = places;
        while (free > 0 && left.values().stream().anyMatch(n -> n > 0)) {
            for (String customer : waiting.keySet()) {
                if (free > 0 && left.get(customer) > 0) {
                    left.merge(customer, -1, Integer::sum);
                    fair.merge(customer, 1, Integer::sum);
                    free--;
                }
            }
        }
        System.out.printf("[creation queue] %d places: waiting %s, in turn %s, started %s%n", places, waiting, fair, started);
        assertEquals(places, started.values().stream().mapToInt(Integer::intValue).sum(), "started " + started);
        for (String customer : waiting.keySet()) {
            int expected = fair.getOrDefault(customer, 0);
            int actual = started.getOrDefault(customer, 0);
            assertTrue(Math.abs(expected - actual) <= 1, "waiting " + waiting + ", in turn " + fair + ", started " + started);
            if (waiting.get(customer) <= places / waiting.size()) {
                assertEquals(waiting.get(customer), actual, "a customer with few requests gets all of them in: " + started);
            }
        }
    }

    private static String of(List<String> customers) {
        return "customer_id in ('" + String.join("','", customers) + "')";
    }

    private static long count(List<String> customers, String state) {
        return DB.number("select count(*) from channel where " + of(customers) + " and state = '" + state + "'");
    }

    private static Map<String, Integer> perCustomer(List<String> customers, String state) {
        Map<String, Integer> counts = new HashMap<>();
        customers.forEach(c -> counts.put(c, (int) DB.number("select count(*) from channel where customer_id = '" + c
                + "' and state = '" + state + "'")));
        return counts;
    }

    private static Map<String, Integer> perCustomerStartedSince(List<String> customers, java.time.Instant since) {
        Map<String, Integer> counts = new HashMap<>();
        customers.forEach(c -> counts.put(c, (int) DB.number("select count(*) from channel where customer_id = '" + c
                + "' and queued_at is not null and creation_started_at >= '" + since + "'")));
        return counts;
    }

    private static String state(String id) {
        return DB.strings("select state from channel where id = '" + id + "'").get(0);
    }

    /** How many channels at WHAPI have a name that begins so (our names carry the request's id tag after it). */
    private static int whapiChannelsNamed(String prefix) {
        int matching = 0;
        for (int offset = 0; ; offset += 100) {
            List<String> page = sandbox().header("Authorization", "Bearer " + ChannelTestResource.PARTNER_TOKEN)
                    .get("/manager/channels/list?count=100&offset=" + offset).then().statusCode(200)
                    .extract().jsonPath().getList("channels.name", String.class);
            for (String name : page) {
                if (name.startsWith(prefix)) {
                    matching++;
                }
            }
            if (page.size() < 100) {
                return matching;
            }
        }
    }
}
