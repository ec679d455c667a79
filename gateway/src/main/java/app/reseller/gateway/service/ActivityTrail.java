package app.reseller.gateway.service;

import app.reseller.gateway.GatewayRefusal;
import app.reseller.gateway.client.Services;
import app.reseller.gateway.client.Services.TrailQuery;
import app.reseller.gateway.routing.Downstream;
import app.reseller.platform.web.CursorPage;
import app.reseller.platform.web.OpaqueCursor;
import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The activity trail of the whole platform (issue 25, item 6): each service keeps the entries of its
 * own writes, the gateway merges them. A page is a k-way merge of the services' pages, newest
 * first: each service's entries keep their own order and the cursor holds, per service, the id its
 * last shown entry had, so every entry is shown once across the pages whatever the clocks did.
 * A service that does not answer fails the read (see {@link GatewayRefusal.TrailIncomplete}).
 */
@ApplicationScoped
public class ActivityTrail {

    /** One entry, as its service wrote it, and which service that was. */
    public record TrailEntry(@Schema(description = "billing, channel or messaging: the service that made the change") String service,
                             @Schema(description = "the entry's number within its service") long id,
                             Instant at,
                             @Schema(description = "who: a person's subject, or the customer an API key acts for") String actor,
                             String apiKeyId, String customerId,
                             @Schema(description = "the operation, as the public API names it (allocateDays, createChannel, ...)") String action,
                             @Schema(description = "what it changed: POOL, CUSTOMER:<id>, CHANNEL:<id>, MESSAGE:<id>, ...") String target,
                             String reason,
                             @Schema(description = "the state before, as the service shows it (never a secret or a message body)") JsonNode before,
                             @Schema(description = "the state after") JsonNode after,
                             String correlationId) {

        static TrailEntry of(Downstream service, JsonNode e) {
            return new TrailEntry(service.label(), e.path("id").asLong(), Instant.parse(e.path("at").asText()), text(e, "actor"),
                    text(e, "apiKeyId"), text(e, "customerId"), text(e, "action"), text(e, "target"), text(e, "reason"),
                    node(e, "before"), node(e, "after"), text(e, "correlationId"));
        }

        private static String text(JsonNode e, String field) {
            return e.hasNonNull(field) ? e.get(field).asText() : null;
        }

        private static JsonNode node(JsonNode e, String field) {
            return e.hasNonNull(field) ? e.get(field) : null;
        }
    }

    private static final String CURSOR_VERSION = "g1";
    private static final String FROM_NEWEST = "";
    private static final String DONE = "-";

    private final Services services;

    public ActivityTrail(Services services) {
        this.services = services;
    }

    /**
     * @param only   one service's entries, or null for all
     * @param cursor the previous page's {@code nextCursor}, or null for the newest
     */
    public Uni<CursorPage<TrailEntry>> page(String authorization, TrailQuery query, Downstream only, String cursor, int limit) {
        Map<Downstream, String> at = cursor == null || cursor.isEmpty() ? start(only) : positions(cursor);
        List<Downstream> asked = at.entrySet().stream().filter(e -> !DONE.equals(e.getValue())).map(Map.Entry::getKey).toList();
        if (asked.isEmpty()) {
            return Uni.createFrom().item(new CursorPage<>(List.of(), null));
        }
        List<Uni<Fetched>> reads = asked.stream().map(service -> fetch(authorization, query, service, at.get(service), limit)).toList();
        return Uni.combine().all().unis(reads).with(Fetched.class, fetched -> merge(fetched, at, limit));
    }

    /** Every entry the filters select, newest first, a merged page at a time (the CSV export). */
    public Multi<TrailEntry> all(String authorization, TrailQuery query, Downstream only, int pageSize) {
        AtomicReference<String> next = new AtomicReference<>();
        return Multi.createBy().repeating()
                .uni(() -> page(authorization, query, only, next.get(), pageSize).invoke(p -> next.set(p.nextCursor())))
                .whilst(p -> p.nextCursor() != null)
                .onItem().transformToIterable(CursorPage::items);
    }

    /** One service's page: its entries, and whether it holds more after them. */
    record Fetched(Downstream service, List<TrailEntry> entries, boolean more) {
    }

    private Uni<Fetched> fetch(String authorization, TrailQuery query, Downstream service, String position, int limit) {
        Long beforeId = FROM_NEWEST.equals(position) ? null : Long.valueOf(position);
        return services.activityPage(service, authorization, query, beforeId, limit)
                .map(page -> {
                    List<TrailEntry> entries = new ArrayList<>();
                    page.path("items").forEach(e -> entries.add(TrailEntry.of(service, e)));
                    return new Fetched(service, entries, page.hasNonNull("nextCursor"));
                })
                .onFailure().transform(failure -> new GatewayRefusal.TrailIncomplete(List.of(service)));
    }

    /** The newest {@code limit} of the heads, taken one at a time; where each service stands afterwards. */
    static CursorPage<TrailEntry> merge(List<Fetched> fetched, Map<Downstream, String> at, int limit) {
        Map<Downstream, String> next = new EnumMap<>(at);
        int[] taken = new int[fetched.size()];
        List<TrailEntry> page = new ArrayList<>();
        while (page.size() < limit) {
            int newest = -1;
            for (int i = 0; i < fetched.size(); i++) {
                List<TrailEntry> entries = fetched.get(i).entries();
                if (taken[i] < entries.size() && (newest < 0 || entries.get(taken[i]).at()
                        .isAfter(fetched.get(newest).entries().get(taken[newest]).at()))) {
                    newest = i;
                }
            }
            if (newest < 0) {
                break;
            }
            page.add(fetched.get(newest).entries().get(taken[newest]++));
        }
        for (int i = 0; i < fetched.size(); i++) {
            Fetched f = fetched.get(i);
            if (taken[i] == f.entries().size() && !f.more()) {
                next.put(f.service(), DONE);
            } else if (taken[i] > 0) {
                next.put(f.service(), Long.toString(f.entries().get(taken[i] - 1).id()));
            }
        }
        boolean more = next.values().stream().anyMatch(p -> !DONE.equals(p));
        return new CursorPage<>(page, more ? encode(next) : null);
    }

    static Map<Downstream, String> start(Downstream only) {
        Map<Downstream, String> at = new EnumMap<>(Downstream.class);
        for (Downstream service : Downstream.values()) {
            at.put(service, only == null || only == service ? FROM_NEWEST : DONE);
        }
        return at;
    }

    private static String encode(Map<Downstream, String> at) {
        return OpaqueCursor.encode(CURSOR_VERSION, List.of(at.get(Downstream.BILLING), at.get(Downstream.CHANNEL), at.get(Downstream.MESSAGING)));
    }

    static Map<Downstream, String> positions(String cursor) {
        List<String> fields = OpaqueCursor.decode(cursor, CURSOR_VERSION, Downstream.values().length);
        Map<Downstream, String> at = new EnumMap<>(Downstream.class);
        for (Downstream service : Downstream.values()) {
            String position = fields.get(service.ordinal());
            if (!position.equals(FROM_NEWEST) && !position.equals(DONE) && !position.matches("[1-9][0-9]{0,17}")) {
                throw OpaqueCursor.invalid();
            }
            at.put(service, position);
        }
        return at;
    }
}
