package app.reseller.messaging;

import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static app.reseller.infra.TestCallers.asAdmin;
import static app.reseller.infra.TestCallers.asCustomer;
import static app.reseller.messaging.MessagingTestSupport.DB;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Message exports on the real database: a period's messages in time order (ties by id), the same
 * in JSON pages and in the CSV, a customer's own only, never a body or a parameter.
 */
@MessagingTest
class MessageExportTest {

    record Made(UUID id, String customer, Instant at) {
    }

    private static final Instant BASE = Instant.parse("2025-03-01T00:00:00Z");
    // (ties are compared as the ids' text: PostgreSQL orders uuids bytewise, Java's UUID.compareTo does not)

    /** 300 messages of two customers over 10 days, a third of them sharing a time with another (ties are by id). */
    private static List<Made> insert(String a, String b) {
        List<Made> made = new ArrayList<>();
        StringBuilder rows = new StringBuilder();
        for (int i = 0; i < 300; i++) {
            Made m = new Made(UUID.randomUUID(), i % 3 == 0 ? b : a, BASE.plus(Duration.ofMinutes((i / 2) * 97L)));
            made.add(m);
            rows.append(i == 0 ? "" : ",").append(String.format(
                    "('%s','%s','62811%07d','NOTIFICATION','otp','{\"1\":\"secret-param\"}','DELIVERED','w-%s','%s','%s')",
                    m.id(), m.customer(), i, m.id(), m.at(), m.at()));
        }
        DB.execute("insert into outbound_message (id, customer_id, recipient, kind, template, params, status, wappin_message_id,"
                + " created_at, updated_at) values " + rows);
        return made;
    }

    private static List<String> walk(java.util.function.Supplier<io.restassured.specification.RequestSpecification> who, Map<String, ?> query) {
        List<String> ids = new ArrayList<>();
        String cursor = null;
        do {
            JsonPath page = who.get().queryParams(query).queryParam("limit", 37).queryParams(cursor == null ? Map.of() : Map.of("cursor", cursor))
                    .get("/messages/export").then().statusCode(200).extract().jsonPath();
            ids.addAll(page.getList("items.id"));
            cursor = page.getString("nextCursor");
        } while (cursor != null);
        return ids;
    }

    @Test
    void aPeriodsMessagesInTimeOrderTheSameAsJsonAndCsvAndACustomerSeesItsOwn() {
        String a = "export-" + UUID.randomUUID();
        String b = "export-" + UUID.randomUUID();
        List<Made> made = insert(a, b);
        Instant from = BASE.plus(Duration.ofDays(2));
        Instant to = BASE.plus(Duration.ofDays(8));
        List<String> expectedA = made.stream().filter(m -> m.customer().equals(a) && !m.at().isBefore(from) && m.at().isBefore(to))
                .sorted(Comparator.comparing(Made::at).thenComparing(m -> m.id().toString())).map(m -> m.id().toString()).toList();
        assertTrue(expectedA.size() > 100);
        Map<String, String> period = Map.of("from", from.toString(), "to", to.toString());

        assertEquals(expectedA, walk(() -> asCustomer(a), period), "the customer's own, in order");
        assertEquals(expectedA, walk(() -> asCustomer(a), Map.of("from", from.toString(), "to", to.toString(), "customerId", b)),
                "a customer naming another still gets its own");
        assertEquals(expectedA, walk(() -> asAdmin(), Map.of("from", from.toString(), "to", to.toString(), "customerId", a)));

        String csv = asCustomer(a).queryParams(period).get("/messages/export.csv").then().statusCode(200).contentType("text/csv")
                .header("Content-Disposition", containsString("messages-" + a)).extract().asString();
        String[] lines = csv.split("\r\n");
        assertEquals("id,created_at,customer_id,recipient,kind,template,status,wappin_message_id,failure_code,failure,updated_at", lines[0]);
        assertEquals(expectedA, java.util.Arrays.stream(lines).skip(1).map(l -> l.split(",")[0]).toList());
        assertFalse(csv.contains("secret-param"), "never a message's parameters");

        // an admin without customerId: every customer's, both of ours among them, in order
        List<String> all = walk(() -> asAdmin(), Map.of("from", BASE.toString(), "to", BASE.plus(Duration.ofDays(11)).toString()));
        List<String> ours = all.stream().filter(id -> made.stream().anyMatch(m -> m.id().toString().equals(id))).toList();
        assertEquals(made.stream().sorted(Comparator.comparing(Made::at).thenComparing(m -> m.id().toString())).map(m -> m.id().toString()).toList(), ours);
        // from is inclusive, to exclusive
        Made first = made.get(0);
        assertEquals(List.of(first.id().toString(), made.get(1).id().toString()).stream().sorted().toList(),
                walk(() -> asAdmin(), Map.of("from", first.at().toString(), "to", first.at().plus(1, ChronoUnit.MILLIS).toString())).stream()
                        .filter(id -> made.stream().anyMatch(m -> m.id().toString().equals(id))).sorted().toList());
    }

    @Test
    void badPeriodsAndCursorsAreRefused() {
        asAdmin().get("/messages/export?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z").then().statusCode(400)
                .body("violations.field", hasItem("from"));
        asAdmin().get("/messages/export.csv?from=2026-02-01T00:00:00Z&to=2026-02-01T00:00:00Z").then().statusCode(400);
        asAdmin().get("/messages/export?cursor=dDE").then().statusCode(400).body("type", endsWith(":invalid-cursor"));
        asAdmin().get("/messages/export?limit=501").then().statusCode(400).body("violations.field", hasItem("limit"));
        asAdmin().get("/messages/export?to=tomorrow").then().statusCode(400).body("violations.field", hasItem("to"));
    }
}
