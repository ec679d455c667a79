package app.reseller.gateway.service;

import app.reseller.gateway.routing.Downstream;
import app.reseller.gateway.service.ActivityTrail.Fetched;
import app.reseller.gateway.service.ActivityTrail.TrailEntry;
import app.reseller.platform.web.CursorPage;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The merge of the three services' trails, walked page by page against services simulated as their
 * keyset pages answer (entries before an id, newest first, and whether more follow): every entry
 * shows once, each service's entries in their own order, and the pages are newest first whenever
 * each service's clock is.
 */
class ActivityTrailMergeTest {

    private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");

    /** A service's whole trail, newest first (ids falling). */
    private static List<TrailEntry> trail(Downstream service, int count, Random random, boolean clockSkew) {
        List<TrailEntry> entries = new ArrayList<>();
        long seconds = 0;
        for (int id = 1; id <= count; id++) {
            seconds += random.nextInt(5);
            long at = clockSkew && random.nextInt(4) == 0 ? seconds - random.nextInt(3) : seconds; // commits out of id order
            entries.add(0, new TrailEntry(service.label(), id, T0.plusSeconds(at), "admin", null, null, "a", null, null, null, null, null));
        }
        return entries;
    }

    /** What a service's /activity answers: up to {@code limit} entries before {@code position}, and whether more follow. */
    private static Fetched answer(Downstream service, List<TrailEntry> all, String position, int limit) {
        List<TrailEntry> after = all.stream().filter(e -> position.isEmpty() || e.id() < Long.parseLong(position)).toList();
        return new Fetched(service, after.subList(0, Math.min(limit, after.size())), after.size() > limit);
    }

    private static List<TrailEntry> walk(Map<Downstream, List<TrailEntry>> trails, Downstream only, int limit) {
        List<TrailEntry> shown = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Map<Downstream, String> at = cursor == null ? ActivityTrail.start(only) : ActivityTrail.positions(cursor);
            List<Fetched> fetched = new ArrayList<>();
            at.forEach((service, position) -> {
                if (!position.equals("-")) {
                    fetched.add(answer(service, trails.get(service), position, limit));
                }
            });
            CursorPage<TrailEntry> page = ActivityTrail.merge(fetched, at, limit);
            assertTrue(page.items().size() <= limit);
            assertTrue(page.nextCursor() == null || !page.items().isEmpty() || fetched.isEmpty(), "no empty page in the middle");
            shown.addAll(page.items());
            cursor = page.nextCursor();
            assertTrue(++pages < 10_000, "the walk ends");
        } while (cursor != null);
        return shown;
    }

    @RepeatedTest(30)
    void everyEntryOnceEachServiceInItsOrder() {
        Random random = new Random();
        Map<Downstream, List<TrailEntry>> trails = new EnumMap<>(Downstream.class);
        for (Downstream service : Downstream.values()) {
            trails.put(service, trail(service, random.nextInt(60), random, true));
        }
        int limit = 1 + random.nextInt(12);
        List<TrailEntry> shown = walk(trails, null, limit);

        assertEquals(trails.values().stream().mapToInt(List::size).sum(), shown.size());
        Set<String> seen = new HashSet<>();
        for (TrailEntry e : shown) {
            assertTrue(seen.add(e.service() + ":" + e.id()), "shown twice: " + e);
        }
        for (Downstream service : Downstream.values()) {
            assertEquals(trails.get(service), shown.stream().filter(e -> e.service().equals(service.label())).toList(),
                    "each service's entries in its own order (id falling)");
        }
    }

    @Test
    void newestFirstAcrossServicesWhenTheirClocksAgree() {
        Random random = new Random(7);
        Map<Downstream, List<TrailEntry>> trails = new EnumMap<>(Downstream.class);
        for (Downstream service : Downstream.values()) {
            trails.put(service, trail(service, 40, random, false));
        }
        List<TrailEntry> shown = walk(trails, null, 7);
        assertEquals(120, shown.size());
        List<Instant> times = shown.stream().map(TrailEntry::at).toList();
        assertEquals(times.stream().sorted(Comparator.reverseOrder()).toList(), times);
    }

    @Test
    void oneServiceOnlyAndTheEmptyTrail() {
        Random random = new Random(3);
        Map<Downstream, List<TrailEntry>> trails = new EnumMap<>(Downstream.class);
        for (Downstream service : Downstream.values()) {
            trails.put(service, trail(service, 15, random, false));
        }
        assertEquals(trails.get(Downstream.CHANNEL), walk(trails, Downstream.CHANNEL, 4));
        Map<Downstream, List<TrailEntry>> empty = new EnumMap<>(Downstream.class);
        for (Downstream service : Downstream.values()) {
            empty.put(service, List.of());
        }
        assertEquals(List.of(), walk(empty, null, 5));
        CursorPage<TrailEntry> first = ActivityTrail.merge(List.of(new Fetched(Downstream.BILLING, List.of(), false)),
                ActivityTrail.start(Downstream.BILLING), 5);
        assertNull(first.nextCursor());
    }

    @Test
    void aCursorFromElsewhereIsRefused() {
        for (String forged : new String[]{"x", app.reseller.platform.web.OpaqueCursor.encode("g1", List.of("1", "2")),
                app.reseller.platform.web.OpaqueCursor.encode("g1", List.of("abc", "", "-")),
                app.reseller.platform.web.OpaqueCursor.encode("g1", List.of("99999999999999999999", "", "-")),
                app.reseller.platform.web.OpaqueCursor.encode("a1", List.of("1", "", "-"))}) {
            assertThrows(app.reseller.platform.domain.InvalidValue.class, () -> ActivityTrail.positions(forged), forged);
        }
    }
}
