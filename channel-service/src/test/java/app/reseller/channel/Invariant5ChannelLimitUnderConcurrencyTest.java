package app.reseller.channel;

import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static app.reseller.channel.ChannelTestSupport.DB;
import static app.reseller.infra.TestCallers.asCustomer;
import static app.reseller.channel.ChannelTestSupport.createChannel;
import static app.reseller.channel.ChannelTestSupport.entitle;
import static app.reseller.infra.TestCallers.newCustomer;
import static app.reseller.channel.ChannelTestSupport.publishBillingEvent;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Invariant 5: a customer never holds more live channels than the plan allows, under concurrency. */
@ChannelTest
class Invariant5ChannelLimitUnderConcurrencyTest {

    @Test
    void twentyConcurrentCreatesOnAPlanOfThreeMakeExactlyThreeChannels() throws Exception {
        String customer = newCustomer();
        entitle(customer, 3, 100);

        ExecutorService pool = Executors.newFixedThreadPool(20);
        List<Callable<Response>> creates = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String name = "race " + i;
            creates.add(() -> asCustomer(customer).body(Map.of("name", name)).post("/channels"));
        }
        List<Response> answers = new ArrayList<>();
        for (Future<Response> answer : pool.invokeAll(creates)) {
            answers.add(answer.get());
        }
        pool.shutdown();

        long created = answers.stream().filter(r -> r.statusCode() == 201).count();
        List<Response> refused = answers.stream().filter(r -> r.statusCode() != 201).toList();
        assertEquals(3, created, "exactly the plan's 3 channels were created");
        assertEquals(17, refused.size());
        refused.forEach(r -> {
            assertEquals(409, r.statusCode(), r.asString());
            assertEquals("application/problem+json", r.contentType().split(";")[0]);
            assertEquals("Channel limit reached", r.jsonPath().getString("title"));
        });
        assertEquals(3, DB.number("select count(*) from channel where customer_id = '" + customer + "' and state in ('CREATING', 'ACTIVE')"));
        assertEquals(3, DB.number("select count(*) from channel where customer_id = '" + customer + "' and whapi_id is not null"));
    }

    @Test
    void aDeletedChannelFreesItsSlot() {
        String customer = newCustomer();
        entitle(customer, 1, 100);
        String first = createChannel(customer, "only one");
        asCustomer(customer).body(Map.of("name", "second")).post("/channels").then().statusCode(409)
                .body("title", is("Channel limit reached"));
        asCustomer(customer).delete("/channels/" + first).then().statusCode(204);
        createChannel(customer, "second");
    }

    @Test
    void noActivePlanIsRefusedClearly() {
        String stranger = newCustomer();
        asCustomer(stranger).body(Map.of("name", "x")).post("/channels").then().statusCode(409)
                .contentType("application/problem+json").body("title", is("No active plan"));

        String ended = newCustomer();
        entitle(ended, 2, 10);
        publishBillingEvent(ended, "billing.SubscriptionEnded.v1",
                Map.of("customerId", ended, "subscriptionId", java.util.UUID.randomUUID(), "status", "CANCELLED", "reason", "test"));
        await().until(() -> DB.number("select count(*) from entitlement where customer_id = '" + ended + "' and not active") == 1);
        asCustomer(ended).body(Map.of("name", "x")).post("/channels").then().statusCode(409).body("title", is("No active plan"));
    }
}
