package app.reseller.channel;

import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static app.reseller.channel.ChannelTestSupport.DB;
import static app.reseller.infra.TestCallers.asAdmin;
import static app.reseller.infra.TestCallers.asCustomer;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The operators' channel list and export (issue 25, items 2 and 3) on the real database: filters
 * combined give exactly the channels a hand-written predicate picks, every sort pages through all
 * channels once in order whatever the page size, a tampered cursor is a 400, and the CSV export is
 * the same list, RFC 4180, with a customer's typed names made harmless for a spreadsheet.
 */
@ChannelTest
class OperatorChannelListTest {

    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    /** A channel as inserted, to compute what each query must answer. */
    record Row(UUID id, String customer, String name, String phone, String state, String mode, String link, Instant activeTill,
               Instant createdAt, String health) {
    }

    /** The channels a test inserted: gone after it, so that no monitor or audit of another test meets them. */
    private static final List<UUID> INSERTED = new ArrayList<>();
    /** The jobs that would take the inserted rows (no WHAPI channel behind them) for real ones, paused meanwhile. */
    private static final List<String> BACKGROUND_JOBS = List.of("channel-health", "channel-mode-sweep", "channel-auditor",
            "channel-reconciler", "channel-expiry-warnings");

    @jakarta.inject.Inject
    io.quarkus.scheduler.Scheduler scheduler;

    @org.junit.jupiter.api.BeforeEach
    void pauseTheMonitors() {
        BACKGROUND_JOBS.forEach(scheduler::pause);
    }

    @org.junit.jupiter.api.AfterEach
    void removeTheInsertedChannels() {
        try {
            if (!INSERTED.isEmpty()) {
                String ids = "(" + INSERTED.stream().map(id -> "'" + id + "'").collect(Collectors.joining(",")) + ")";
                // a tick under way when the monitors paused may have written about them
                for (String table : List.of("channel_expiry_warning", "channel_health_transition", "channel_health")) {
                    DB.execute("delete from " + table + " where channel_id in " + ids);
                }
                DB.execute("delete from channel where id in " + ids);
                INSERTED.clear();
            }
        } finally {
            BACKGROUND_JOBS.forEach(scheduler::resume);
        }
    }

    @Test
    void filtersCombineAndPickExactlyTheChannelsTheyDescribe() {
        String customer = "dir-" + UUID.randomUUID();
        List<Row> rows = insert(customer, 200);
        Instant in7Days = NOW.plus(Duration.ofDays(7));
        List<String> expected = rows.stream()
                .filter(r -> !r.state().equals("DELETED") && "LIVE".equals(r.mode()) && r.activeTill() != null
                        && r.activeTill().isBefore(in7Days) && r.name().toLowerCase().contains("shop"))
                .sorted(Comparator.comparing(Row::activeTill).thenComparing(Row::id))
                .map(r -> r.id().toString()).toList();
        assertTrue(expected.size() >= 3, "the data has such channels: " + expected.size());
        List<String> listed = asAdmin().queryParam("customerId", customer).queryParam("mode", "LIVE")
                .queryParam("expiresBefore", in7Days.toString()).queryParam("nameContains", "SHOP").queryParam("limit", 200)
                .get("/admin/channels").then().statusCode(200).extract().jsonPath().getList("items.id");
        assertEquals(expected, listed);

        List<String> stuckOrFailed = asAdmin().queryParam("customerId", customer).queryParam("state", "ACTIVE")
                .queryParam("health", "STUCK").queryParam("limit", 200)
                .get("/admin/channels").then().statusCode(200).extract().jsonPath().getList("items.id");
        assertEquals(ids(rows, r -> r.state().equals("ACTIVE") && "STUCK".equals(r.health())), new HashSet<>(stuckOrFailed));

        // like's wildcards in what the operator types are plain characters
        Row sale = rows.stream().filter(r -> r.state().equals("ACTIVE")).findFirst().orElseThrow();
        DB.execute("update channel set name = '50% off_sale' where id = '" + sale.id() + "'");
        for (String part : new String[] {"0% OFF_", "%", "_"}) {
            assertEquals(List.of(sale.id().toString()), asAdmin().queryParam("customerId", customer).queryParam("nameContains", part)
                    .get("/admin/channels").then().statusCode(200).extract().jsonPath().getList("items.id"), part);
        }

        List<String> byPhone = asAdmin().queryParam("customerId", customer).queryParam("phone", rows.get(5).phone()).queryParam("state", rows.get(5).state())
                .get("/admin/channels").then().statusCode(200).extract().jsonPath().getList("items.id");
        assertEquals(List.of(rows.get(5).id().toString()), byPhone, "a phone is one channel");
    }

    /** The overview's counts grow by exactly what the inserted channels add to each bucket (other tests' channels stay put). */
    @Test
    void theOverviewCountsEveryBucketAndTheExpiryWindowsFromItsOwnNow() {
        io.restassured.path.json.JsonPath before = asAdmin().get("/admin/channels/overview").then().statusCode(200).extract().jsonPath();
        List<Row> rows = insert("dir-" + UUID.randomUUID(), 140).stream().filter(r -> !r.state().equals("DELETED")).toList();
        io.restassured.path.json.JsonPath after = asAdmin().get("/admin/channels/overview").then().statusCode(200).extract().jsonPath();
        Instant asOf = Instant.parse(after.getString("asOf"));

        assertEquals(rows.size(), after.getLong("total") - before.getLong("total"));
        Map<String, java.util.function.Function<Row, String>> buckets = Map.of(
                "byState", Row::state,
                "byMode", r -> r.mode() == null ? "NONE" : r.mode(),
                "byLinkStatus", r -> r.link() == null ? "UNKNOWN" : r.link(),
                "byHealth", r -> r.health() == null ? "UNCHECKED" : r.health());
        buckets.forEach((bucket, of) -> {
            Map<String, Long> expected = rows.stream().collect(Collectors.groupingBy(of, Collectors.counting()));
            expected.forEach((value, count) -> assertEquals(count, after.getLong(bucket + "." + value)
                    - (before.get(bucket + "." + value) == null ? 0 : before.getLong(bucket + "." + value)), bucket + " " + value));
        });
        Map<String, Predicate<Instant>> windows = Map.of(
                "ended", till -> till.isBefore(asOf),
                "within3Days", till -> !till.isBefore(asOf) && till.isBefore(asOf.plus(Duration.ofDays(3))),
                "within7Days", till -> !till.isBefore(asOf) && till.isBefore(asOf.plus(Duration.ofDays(7))),
                "within30Days", till -> !till.isBefore(asOf) && till.isBefore(asOf.plus(Duration.ofDays(30))));
        windows.forEach((window, in) -> {
            long expected = rows.stream().filter(r -> r.state().equals("ACTIVE") && in.test(r.activeTill())).count();
            assertEquals(expected, after.getLong("expiring." + window) - before.getLong("expiring." + window), window);
            assertTrue(expected > 0, "the data has channels " + window);
        });
        asCustomer("dir-someone").get("/admin/channels/overview").then().statusCode(403);
    }

    @Test
    void everySortPagesThroughEveryChannelOnceInItsOrder() {
        String customer = "dir-" + UUID.randomUUID();
        List<Row> rows = insert(customer, 137).stream().filter(r -> !r.state().equals("DELETED")).toList();
        Comparator<Row> byExpiry = Comparator.comparing((Row r) -> r.activeTill() == null ? Instant.MAX : r.activeTill())
                .thenComparing(r -> r.id().toString());
        Comparator<Row> byCreation = Comparator.comparing(Row::createdAt).thenComparing(r -> r.id().toString());
        Comparator<Row> byName = Comparator.comparing(Row::name).thenComparing(r -> r.id().toString());
        for (Object[] sort : new Object[][] {{"EXPIRES", false, byExpiry}, {"EXPIRES", true, byExpiry.reversed()},
                {"CREATED", true, byCreation.reversed()}, {"NAME", false, byName}}) {
            @SuppressWarnings("unchecked") Comparator<Row> order = (Comparator<Row>) sort[2];
            List<String> expected = rows.stream().sorted(order).map(r -> r.id().toString()).toList();
            for (int limit : new int[] {1, 10, 200}) {
                assertEquals(expected, walk(customer, (String) sort[0], (Boolean) sort[1], limit),
                        sort[0] + (((Boolean) sort[1]) ? " descending" : "") + ", pages of " + limit);
            }
        }
    }

    @Test
    void aCursorThatWasNotHandedOutForThisSortIsRefused() {
        String customer = "dir-" + UUID.randomUUID();
        insert(customer, 5);
        String cursor = asAdmin().queryParam("customerId", customer).queryParam("limit", 2).get("/admin/channels")
                .then().statusCode(200).extract().path("nextCursor");
        for (Map<String, Object> query : List.<Map<String, Object>>of(Map.of("cursor", cursor, "sort", "NAME"),
                Map.of("cursor", cursor, "descending", true), Map.of("cursor", "bm90IG91cnM"), Map.of("cursor", "%%%"),
                Map.of("cursor", cursor.substring(0, cursor.length() - 4)))) {
            asAdmin().queryParams(query).get("/admin/channels").then().statusCode(400)
                    .contentType("application/problem+json").body("type", endsWith(":invalid-cursor"));
        }
        asAdmin().queryParam("limit", 0).get("/admin/channels").then().statusCode(400);
        asAdmin().queryParam("sort", "PRICE").get("/admin/channels").then().statusCode(400);
        asCustomer(customer).get("/admin/channels").then().statusCode(403);
    }

    @Test
    void theExportIsTheWholeListAsCsvAcrossManyPages() {
        String customer = "dir-" + UUID.randomUUID();
        List<Row> rows = insert(customer, 1234).stream().filter(r -> !r.state().equals("DELETED")).toList();
        DB.execute("update channel set name = '=HYPERLINK(\"x\"), \"quoted\"' where id = '" + rows.get(0).id() + "'");
        Response export = asAdmin().queryParam("customerId", customer).get("/admin/channels/export.csv");
        export.then().statusCode(200).contentType(is("text/csv;charset=UTF-8"))
                .header("Content-Disposition", org.hamcrest.Matchers.startsWith("attachment; filename=\"channels-"));
        String[] lines = export.asString().split("\r\n", -1);
        assertEquals("", lines[lines.length - 1], "every line ends with CRLF");
        assertEquals("name,id,whapi_id,phone,active_till,days_left,state,link_status,health,mode,paid,created_at,customer_id,"
                + "customer_balance_days", lines[0]);
        assertEquals(rows.size() + 2, lines.length, "a header, one line per channel, the empty rest after the last CRLF");
        List<String> exported = new ArrayList<>();
        for (int i = 1; i < lines.length - 1; i++) {
            String line = lines[i];
            exported.add(line.startsWith("\"") ? line.substring(line.indexOf("\",") + 2).split(",")[0] : line.split(",")[1]);
        }
        assertEquals(rows.stream().map(r -> r.id().toString()).collect(Collectors.toSet()), new HashSet<>(exported));
        assertTrue(List.of(lines).contains("\"'=HYPERLINK(\"\"x\"\"), \"\"quoted\"\"\"," + rows.get(0).id() + ",,"
                + rows.get(0).phone() + "," + lineRest(lines, rows.get(0).id())), "quoted, quotes doubled, formula defused");
    }

    private static String lineRest(String[] lines, UUID id) {
        for (String line : lines) {
            int at = line.indexOf("," + id + ",,");
            if (at >= 0) {
                String rest = line.substring(at + id.toString().length() + 3);
                return rest.substring(rest.indexOf(',') + 1);
            }
        }
        return "(no line)";
    }

    private static List<String> walk(String customer, String sort, boolean descending, int limit) {
        List<String> seen = new ArrayList<>();
        String cursor = null;
        for (int pages = 0; pages < 1000; pages++) {
            var request = asAdmin().queryParam("customerId", customer).queryParam("sort", sort)
                    .queryParam("descending", descending).queryParam("limit", limit);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            var page = request.get("/admin/channels").then().statusCode(200).extract().jsonPath();
            seen.addAll(page.getList("items.id"));
            cursor = page.getString("nextCursor");
            if (cursor == null) {
                return seen;
            }
        }
        throw new AssertionError("no last page after 1000 pages");
    }

    private static java.util.Set<String> ids(List<Row> rows, Predicate<Row> which) {
        return rows.stream().filter(which).map(r -> r.id().toString()).collect(Collectors.toSet());
    }

    /**
     * {@code n} channels of one customer straight into the table: every state, both modes, end dates
     * from yesterday to two months ahead (some none), equal end dates and names to test the ties.
     */
    private static List<Row> insert(String customer, int n) {
        String[] states = {"ACTIVE", "ACTIVE", "ACTIVE", "CREATING", "FAILED", "DELETED", "DELETING"};
        String[] healths = {"HEALTHY", "STUCK", null, "LINKING"};
        List<Row> rows = new ArrayList<>();
        StringBuilder channels = new StringBuilder();
        StringBuilder health = new StringBuilder();
        for (int i = 0; i < n; i++) {
            String state = states[i % states.length];
            boolean started = state.equals("ACTIVE") || state.equals("DELETING") || state.equals("DELETED");
            Instant activeTill = started ? NOW.plus(Duration.ofHours(((i * 37L) % 1500) - 24)) : null;
            String name = (i % 3 == 0 ? "Shop " : "Office ") + (i % 11);
            Row row = new Row(UUID.randomUUID(), customer, name, "628" + (1_000_000_000L + Math.abs(customer.hashCode() % 1000) * 10_000L + i),
                    state, started ? (i % 2 == 0 ? "LIVE" : "TRIAL") : null, started ? "AUTH" : null, activeTill,
                    NOW.minus(Duration.ofMinutes(i % 50)), started ? healths[i % healths.length] : null);
            rows.add(row);
            INSERTED.add(row.id());
            channels.append(channels.isEmpty() ? "" : ",").append(String.format("('%s','%s','%s','%s','%s',%s,%s,%s,%s,'%s')",
                    row.id(), customer, name, row.phone(), state, sql(row.mode()), sql(row.link()),
                    activeTill == null ? "null" : "'" + activeTill + "'", started && i % 2 == 0, row.createdAt()));
            if (row.health() != null) {
                health.append(health.isEmpty() ? "" : ",").append(String.format("('%s','AUTH','%s','%s','%s')",
                        row.id(), row.health(), NOW, NOW));
            }
        }
        DB.execute("insert into channel (id, customer_id, name, phone, state, mode, link_status, active_till, paid, created_at)"
                + " values " + channels);
        if (!health.isEmpty()) {
            DB.execute("insert into channel_health (channel_id, status, health, since, updated_at) values " + health);
        }
        return rows;
    }

    private static String sql(String value) {
        return value == null ? "null" : "'" + value + "'";
    }
}
