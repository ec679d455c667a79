package app.reseller.billing;

import app.reseller.billing.config.BillingConfig;
import app.reseller.billing.service.GracePolicy;
import app.reseller.billing.service.SubscriptionService;
import app.reseller.infra.Race;
import app.reseller.infra.TestClock;
import app.reseller.platform.events.contract.BillingEvents.EntitlementChanged;
import app.reseller.platform.events.contract.BillingEvents.SubscriptionEnded;
import app.reseller.platform.events.contract.BillingEvents.SubscriptionLapsed;
import app.reseller.platform.events.contract.BillingEvents.SubscriptionRestored;
import app.reseller.platform.events.contract.BillingEvents.SubscriptionSuspended;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import static app.reseller.billing.BillingTestSupport.JSON;
import static app.reseller.billing.BillingTestSupport.billingEvents;
import static app.reseller.billing.BillingTestSupport.unique;
import static app.reseller.infra.TestCallers.asAdmin;
import static app.reseller.infra.TestCallers.asCustomer;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The grace policy walked by moving the clock (7 days of GRACE, then 23 SUSPENDED): a period that
 * ends unpaid lapses, is suspended, then expires unpaid, each step an event taken once however many
 * expiry jobs race; paying at a step restores the subscription; an operator's hold keeps it at its
 * step until the hold ends or is released.
 */
@BillingTest
class GracePolicyTest {

    private static final Duration GRACE = Duration.ofDays(7);
    private static final Duration SUSPENSION = Duration.ofDays(23);

    @Inject
    SubscriptionService subscriptions;

    @Inject
    BillingConfig config;

    private TestClock clock;

    @BeforeEach
    void policyAndClockOfItsOwn() {
        clock = new TestClock();
        QuarkusMock.installMockForType(clock, Clock.class);
        QuarkusMock.installMockForType(new GracePolicy(config) {
            @Override
            public Duration period() {
                return GRACE;
            }

            @Override
            public Duration suspension() {
                return SUSPENSION;
            }
        }, GracePolicy.class);
    }

    @Test
    void anUnpaidPeriodLapsesIsSuspendedAndExpiresEachStepOnceWhateverRaces() throws Exception {
        String customer = unique("grace");
        String id = activeSubscription(customer);
        Instant periodEnd = Instant.parse(asAdmin().get("/subscriptions/" + id).then().extract().path("currentPeriodEnd"));

        clock.advance(Duration.between(clock.instant(), periodEnd).plusMinutes(1));
        racingExpiryJobs(3);
        asAdmin().get("/subscriptions/" + id).then().statusCode(200).body("status", is("GRACE"))
                .body("lapsedAt", notNullValue());
        await().atMost(Duration.ofSeconds(30)).until(() -> billingEvents(SubscriptionLapsed.TYPE, customer).size() == 1);
        SubscriptionLapsed lapsed = JSON.readValue(billingEvents(SubscriptionLapsed.TYPE, customer).get(0).value(), SubscriptionLapsed.class);
        assertEquals(periodEnd.plus(GRACE), lapsed.suspendsAt(), "the grace counts from the unpaid period's end");
        assertEquals(true, lastEntitlement(customer).active(), "in GRACE the plan still holds: its channels run");

        clock.advance(GRACE.minusHours(1));
        racingExpiryJobs(3);
        asAdmin().get("/subscriptions/" + id).then().body("status", is("GRACE"));
        clock.advance(Duration.ofHours(2));
        racingExpiryJobs(3);
        asAdmin().get("/subscriptions/" + id).then().body("status", is("SUSPENDED"));
        await().atMost(Duration.ofSeconds(30)).until(() -> billingEvents(SubscriptionSuspended.TYPE, customer).size() == 1);
        await().atMost(Duration.ofSeconds(30)).until(() -> !lastEntitlement(customer).active());

        clock.advance(SUSPENSION);
        racingExpiryJobs(3);
        asAdmin().get("/subscriptions/" + id).then().body("status", is("EXPIRED"));
        await().atMost(Duration.ofSeconds(30)).until(() -> billingEvents(SubscriptionEnded.TYPE, customer).size() == 1);
        SubscriptionEnded ended = JSON.readValue(billingEvents(SubscriptionEnded.TYPE, customer).get(0).value(), SubscriptionEnded.class);
        assertEquals(SubscriptionEnded.UNPAID, ended.reason());
        // each step once, though three jobs raced every pass (and the scheduled one): the outbox holds one event per step
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> List.of(SubscriptionLapsed.TYPE,
                SubscriptionSuspended.TYPE, SubscriptionEnded.TYPE).stream().allMatch(type -> BillingTestSupport.number(
                "select count(*) from outbox_event where type = '" + type + "' and aggregateid = '" + customer + "'") == 1));
        asCustomer(customer).get("/subscriptions/" + id + "/history").then().statusCode(200)
                .body("to", contains("PENDING_PAYMENT", "ACTIVE", "GRACE", "SUSPENDED", "EXPIRED"));
    }

    @Test
    void payingInGraceOrWhileSuspendedRestoresTheSubscription() throws Exception {
        String inGrace = unique("grace-pays");
        String suspended = unique("suspended-pays");
        String first = activeSubscription(inGrace);
        String second = activeSubscription(suspended);
        Instant periodEnd = Instant.parse(asAdmin().get("/subscriptions/" + second).then().extract().path("currentPeriodEnd"));
        clock.advance(Duration.between(clock.instant(), periodEnd).plusMinutes(1));
        racingExpiryJobs(1);
        asAdmin().post("/subscriptions/" + first + "/renew").then().statusCode(200).body("status", is("ACTIVE")).body("lapsedAt", nullValue());
        clock.advance(GRACE);
        racingExpiryJobs(1);
        asAdmin().get("/subscriptions/" + second).then().body("status", is("SUSPENDED"));
        asAdmin().get("/subscriptions/" + first).then().body("status", is("ACTIVE")); // its old lapse counts no more
        Instant paidAt = clock.instant();
        asAdmin().post("/subscriptions/" + second + "/renew").then().statusCode(200).body("status", is("ACTIVE"));
        Instant newEnd = Instant.parse(asAdmin().get("/subscriptions/" + second).then().extract().path("currentPeriodEnd"));
        assertEquals(true, newEnd.isAfter(paidAt.plus(Duration.ofDays(29))), "a new period from the payment: " + newEnd);

        await().atMost(Duration.ofSeconds(30)).until(() -> billingEvents(SubscriptionRestored.TYPE, inGrace).size() == 1
                && billingEvents(SubscriptionRestored.TYPE, suspended).size() == 1);
        assertEquals("GRACE", JSON.readValue(billingEvents(SubscriptionRestored.TYPE, inGrace).get(0).value(), SubscriptionRestored.class).from());
        assertEquals("SUSPENDED", JSON.readValue(billingEvents(SubscriptionRestored.TYPE, suspended).get(0).value(), SubscriptionRestored.class).from());
        await().atMost(Duration.ofSeconds(30)).until(() -> lastEntitlement(suspended).active());
        // the restored ones are not moved on by the old lapse: past where it would have expired them, within their new periods
        clock.advance(Duration.ofDays(10));
        racingExpiryJobs(1);
        asAdmin().get("/subscriptions/" + first).then().body("status", is("ACTIVE"));
        asAdmin().get("/subscriptions/" + second).then().body("status", is("ACTIVE"));
    }

    @Test
    void anOperatorsHoldKeepsASubscriptionAtItsStepUntilItEndsOrIsReleased() throws Exception {
        String customer = unique("held");
        String id = activeSubscription(customer);
        Instant periodEnd = Instant.parse(asAdmin().get("/subscriptions/" + id).then().extract().path("currentPeriodEnd"));
        // held while ACTIVE: the customer promised to pay; the period ends, nothing lapses before the hold ends
        Instant promised = periodEnd.plus(Duration.ofDays(3));
        asAdmin().body(Map.of("until", promised.toString(), "reason", "pays on the 3rd")).put("/subscriptions/" + id + "/hold")
                .then().statusCode(200).body("heldUntil", notNullValue());
        clock.advance(Duration.between(clock.instant(), periodEnd).plus(Duration.ofDays(2)));
        racingExpiryJobs(2);
        asAdmin().get("/subscriptions/" + id).then().body("status", is("ACTIVE"));
        clock.advance(Duration.ofDays(1).plusMinutes(1));
        racingExpiryJobs(2);
        asAdmin().get("/subscriptions/" + id).then().body("status", is("GRACE")).body("heldUntil", nullValue());
        SubscriptionLapsed lapsed = await().atMost(Duration.ofSeconds(30)).until(() -> billingEvents(SubscriptionLapsed.TYPE, customer), l -> l.size() == 1)
                .stream().map(r -> read(r.value())).findFirst().orElseThrow();
        assertEquals(promised.plus(GRACE), lapsed.suspendsAt(), "the grace counts from the hold's end, not the period's");

        // held in GRACE, indefinitely far: not suspended; released: suspended at the next pass (its grace is over)
        asAdmin().body(Map.of("until", clock.instant().plus(Duration.ofDays(365)).toString())).put("/subscriptions/" + id + "/hold")
                .then().statusCode(200);
        clock.advance(GRACE.plusDays(1));
        racingExpiryJobs(2);
        asAdmin().get("/subscriptions/" + id).then().body("status", is("GRACE"));
        asAdmin().delete("/subscriptions/" + id + "/hold").then().statusCode(200).body("heldUntil", nullValue());
        racingExpiryJobs(2);
        asAdmin().get("/subscriptions/" + id).then().body("status", is("SUSPENDED"));
        asCustomer(customer).get("/subscriptions/" + id + "/history").then()
                .body("reason", org.hamcrest.Matchers.hasItem(org.hamcrest.Matchers.startsWith("held until")))
                .body("reason", org.hamcrest.Matchers.hasItem("hold released"));

        // only a subscription the policy may move on can be held; the hold names its time
        asAdmin().body(Map.of("reason", "no time")).put("/subscriptions/" + id + "/hold").then().statusCode(400)
                .body("violations.field", org.hamcrest.Matchers.hasItem("until"));
        asAdmin().body(Map.of("reason", "gave up")).post("/subscriptions/" + id + "/cancel").then().statusCode(200);
        asAdmin().body(Map.of("until", clock.instant().plus(GRACE).toString())).put("/subscriptions/" + id + "/hold").then().statusCode(409)
                .body("type", is("urn:reseller:problem:subscription-not-holdable"));
        asCustomer(customer).body(Map.of("until", clock.instant().plus(GRACE).toString())).put("/subscriptions/" + id + "/hold")
                .then().statusCode(403);
    }

    private static SubscriptionLapsed read(String value) {
        try {
            return JSON.readValue(value, SubscriptionLapsed.class);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String activeSubscription(String customer) {
        String id = asCustomer(customer).body(Map.of("planId", BillingErrorsTest.plan())).post("/subscriptions")
                .then().statusCode(201).extract().jsonPath().getString("id");
        asAdmin().post("/subscriptions/" + id + "/confirm-payment").then().statusCode(200).body("status", is("ACTIVE"));
        return id;
    }

    private static EntitlementChanged lastEntitlement(String customer) throws Exception {
        var entitlements = billingEvents(EntitlementChanged.TYPE, customer);
        return JSON.readValue(entitlements.get(entitlements.size() - 1).value(), EntitlementChanged.class);
    }

    /** {@code jobs} expiry passes at once, as replicas' schedulers would run them. */
    private void racingExpiryJobs(int jobs) {
        List<Callable<Integer>> passes = Race.copies(jobs, () -> {
            try {
                return VertxContextSupport.subscribeAndAwait(() -> subscriptions.expireEndedPeriods());
            } catch (Throwable t) {
                throw new IllegalStateException(t);
            }
        });
        Race.run(passes).forEach(outcome -> assertEquals(null, outcome.failure(), "an expiry pass failed"));
    }
}
