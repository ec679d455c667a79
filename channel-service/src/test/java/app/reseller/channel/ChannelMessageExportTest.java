package app.reseller.channel;

import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static app.reseller.channel.ChannelTestSupport.DB;
import static app.reseller.infra.TestCallers.asAdmin;
import static app.reseller.infra.TestCallers.asCustomer;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Exports of the messages through customers' own channels, on the real database: a period's
 * messages in time order (ties by id), the same as JSON pages and CSV, a customer's own only, one
 * channel's when asked, never a body.
 */
@ChannelTest
class ChannelMessageExportTest {

    record Made(UUID id, String customer, UUID channel, Instant at) {
    }

    private static final Instant BASE = Instant.parse("2025-04-01T00:00:00Z");
    private static final List<UUID> CHANNELS = new ArrayList<>();

    @AfterEach
    void removeTheRows() {
        for (UUID channel : CHANNELS) {
            DB.execute("delete from channel_message where channel_id = '" + channel + "'");
            DB.execute("delete from channel where id = '" + channel + "'");
        }
        CHANNELS.clear();
    }

    /** A DELETED channel (no job looks at it) with 120 messages an hour apart, two at each time. */
    private static List<Made> channelWithMessages(String customer) {
        UUID channel = UUID.randomUUID();
        CHANNELS.add(channel);
        DB.execute("insert into channel (id, customer_id, name, state) values ('" + channel + "', '" + customer + "', 'export', 'DELETED')");
        List<Made> made = new ArrayList<>();
        StringBuilder rows = new StringBuilder();
        for (int i = 0; i < 120; i++) {
            Made m = new Made(UUID.randomUUID(), customer, channel, BASE.plus(Duration.ofHours(i / 2)));
            made.add(m);
            boolean in = i % 2 == 1; // an inbound message is RECEIVED, with WHAPI's id
            rows.append(i == 0 ? "" : ",").append(String.format("('%s','%s','%s','%s','628110000%03d@s.whatsapp.net','text','private words','%s',%s,'%s','%s')",
                    m.id(), channel, customer, in ? "IN" : "OUT", i, in ? "RECEIVED" : "SENT", in ? "'w-" + m.id() + "'" : "null", m.at(), m.at()));
        }
        DB.execute("insert into channel_message (id, channel_id, customer_id, direction, chat_id, kind, body, status, whapi_message_id, created_at, updated_at)"
                + " values " + rows);
        return made;
    }

    private static List<String> walk(java.util.function.Supplier<io.restassured.specification.RequestSpecification> who, Map<String, ?> query) {
        List<String> ids = new ArrayList<>();
        String cursor = null;
        do {
            JsonPath page = who.get().queryParams(query).queryParam("limit", 23).queryParams(cursor == null ? Map.of() : Map.of("cursor", cursor))
                    .get("/channel-messages/export").then().statusCode(200).extract().jsonPath();
            ids.addAll(page.getList("items.id"));
            cursor = page.getString("nextCursor");
        } while (cursor != null);
        return ids;
    }

    @Test
    void aPeriodsMessagesInOrderTheSameAsJsonAndCsvOwnOnly() {
        String a = "cmx-" + UUID.randomUUID();
        String b = "cmx-" + UUID.randomUUID();
        List<Made> first = channelWithMessages(a);
        List<Made> second = channelWithMessages(a);
        channelWithMessages(b);
        Instant from = BASE.plus(Duration.ofHours(10));
        Instant to = BASE.plus(Duration.ofHours(50));
        Map<String, String> period = Map.of("from", from.toString(), "to", to.toString());
        // ties in time are ordered by id as PostgreSQL orders uuids: bytewise, as their text
        Comparator<Made> order = Comparator.comparing(Made::at).thenComparing(m -> m.id().toString());
        List<String> expected = java.util.stream.Stream.concat(first.stream(), second.stream())
                .filter(m -> !m.at().isBefore(from) && m.at().isBefore(to)).sorted(order).map(m -> m.id().toString()).toList();
        assertEquals(160, expected.size());

        assertEquals(expected, walk(() -> asCustomer(a), period));
        assertEquals(expected, walk(() -> asCustomer(a), Map.of("from", from.toString(), "to", to.toString(), "customerId", b)),
                "naming another customer still gives a customer its own");
        assertEquals(expected, walk(() -> asAdmin(), Map.of("from", from.toString(), "to", to.toString(), "customerId", a)));
        assertEquals(first.stream().filter(m -> !m.at().isBefore(from) && m.at().isBefore(to)).sorted(order).map(m -> m.id().toString()).toList(),
                walk(() -> asCustomer(a), Map.of("from", from.toString(), "to", to.toString(), "channelId", first.get(0).channel().toString())));

        String csv = asCustomer(a).queryParams(period).get("/channel-messages/export.csv").then().statusCode(200).contentType("text/csv")
                .extract().asString();
        String[] lines = csv.split("\r\n");
        assertEquals("id,created_at,channel_id,customer_id,direction,chat_id,kind,status,whapi_message_id,client_reference,failure,updated_at",
                lines[0]);
        assertEquals(expected, java.util.Arrays.stream(lines).skip(1).map(l -> l.split(",")[0]).toList());
        assertFalse(csv.contains("private words"), "never a message's body");
        assertTrue(lines[1].contains(",OUT,") || lines[1].contains(",IN,"));
    }

    @Test
    void badInputIsRefused() {
        asAdmin().get("/channel-messages/export?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z").then().statusCode(400)
                .body("violations.field", hasItem("from"));
        asAdmin().get("/channel-messages/export?cursor=dDE").then().statusCode(400).body("type", endsWith(":invalid-cursor"));
        asAdmin().get("/channel-messages/export?channelId=nope").then().statusCode(400).body("violations.field", hasItem("channelId"));
        asAdmin().get("/channel-messages/export.csv?limit=0&from=x").then().statusCode(400);
    }
}
