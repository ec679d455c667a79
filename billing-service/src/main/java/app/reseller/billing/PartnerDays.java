package app.reseller.billing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Map;
import java.util.OptionalLong;

/**
 * WHAPI's partner balance as its partner webhook reports it. The payload is not documented, so it
 * is read defensively: the first whole number found (breadth first) under a field whose name
 * mentions days ("days", "remaining_days", "daysLeft", ...), or a body that is just a number. A
 * body naming no such number is still stored; it raises nothing.
 */
public final class PartnerDays {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The last report that named a day count. */
    public record LastReport(long days, Instant receivedAt) {
    }

    private PartnerDays() {
    }

    public static OptionalLong parse(String body) {
        if (body == null || body.isBlank() || body.length() > 65_536) {
            return OptionalLong.empty();
        }
        try {
            JsonNode root = JSON.readTree(body);
            if (root != null && root.isIntegralNumber()) {
                return OptionalLong.of(root.asLong());
            }
            Deque<JsonNode> queue = new ArrayDeque<>();
            queue.add(root == null ? JSON.nullNode() : root);
            while (!queue.isEmpty()) {
                JsonNode node = queue.poll();
                for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                    Map.Entry<String, JsonNode> field = fields.next();
                    JsonNode value = field.getValue();
                    if (field.getKey().toLowerCase().contains("day") && !field.getKey().toLowerCase().contains("limit")) {
                        if (value.isIntegralNumber() && value.canConvertToLong()) {
                            return OptionalLong.of(value.asLong());
                        }
                        if (value.isTextual() && value.asText().strip().matches("-?\\d{1,12}")) {
                            return OptionalLong.of(Long.parseLong(value.asText().strip()));
                        }
                    }
                    if (value.isContainerNode()) {
                        queue.add(value);
                    }
                }
                if (node.isArray()) {
                    node.forEach(queue::add);
                }
            }
        } catch (java.io.IOException notJson) {
            // stored as it came; nothing raised
        }
        return OptionalLong.empty();
    }
}
