package app.reseller.channel.races;

import app.reseller.channel.ChannelTest;
import app.reseller.infra.Race;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static app.reseller.channel.ChannelTestSupport.DB;
import static app.reseller.channel.ChannelTestSupport.entitle;
import static app.reseller.infra.TestCallers.asCustomer;
import static app.reseller.infra.TestCallers.newCustomer;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A retried POST /channels with the same Idempotency-Key creates one channel, also when the retries race. */
@ChannelTest
class CreateIdempotencyTest {

    private static final int ROUNDS = 10;

    @Test
    void aRepeatedCreateWithTheSameKeyAnswersWithTheFirstChannel() {
        String customer = newCustomer();
        entitle(customer, 3, 10);
        String key = "create-" + UUID.randomUUID();
        String first = create(customer, key, "Shop").then().statusCode(201).extract().path("id");
        String again = create(customer, key, "Shop").then().statusCode(201).extract().path("id");
        assertEquals(first, again);
        create(customer, key, "Another shop").then().statusCode(422).contentType("application/problem+json")
                .body("type", is("urn:reseller:problem:idempotency-key-reused"));
        assertEquals(1, DB.number("select count(*) from channel where customer_id = '" + customer + "'"));
        // another customer's same key is another request
        String other = newCustomer();
        entitle(other, 1, 10);
        create(other, key, "Shop").then().statusCode(201);
    }

    @Test
    void fiveRacingRetriesWithOneKeyCreateOneChannel() {
        String customer = newCustomer();
        entitle(customer, ROUNDS * 5, 10);
        for (int round = 0; round < ROUNDS; round++) {
            String key = "race-" + UUID.randomUUID();
            List<Race.Outcome<ExtractableResponse<Response>>> outcomes = Race.run(Race.copies(5,
                    () -> create(customer, key, "Racing").then().extract()));
            Set<Integer> statuses = outcomes.stream().map(o -> o.value().statusCode()).collect(Collectors.toSet());
            assertTrue(Set.of(201, 409).containsAll(statuses), "round " + round + ": " + statuses);
            Set<String> ids = outcomes.stream().filter(o -> o.value().statusCode() == 201)
                    .map(o -> o.value().<String>path("id")).collect(Collectors.toSet());
            assertEquals(1, ids.size(), "round " + round + ": every answer names the same channel: " + ids);
            assertEquals(1, DB.number("select count(*) from channel where idempotency_key = '" + key + "'"), "round " + round);
        }
    }

    private static io.restassured.response.Response create(String customer, String key, String name) {
        return asCustomer(customer).header("Idempotency-Key", key).body(Map.of("name", name, "phone", "6281234567890"))
                .post("/channels");
    }
}
