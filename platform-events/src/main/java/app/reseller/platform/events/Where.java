package app.reseller.platform.events;

import java.util.ArrayList;
import java.util.List;

/**
 * A where clause built from optional filters for the Vert.x SQL client: each condition is written
 * with a {@code ?} per parameter and numbered {@code $n} as it is added, so a filter's value is
 * always a parameter, never text put into the SQL.
 */
public final class Where {

    private final List<String> conditions = new ArrayList<>();
    private final List<Object> values = new ArrayList<>();

    /** {@code condition} with a {@code ?} for each parameter, in order. */
    public Where add(String condition, Object... parameters) {
        StringBuilder numbered = new StringBuilder();
        int next = 0;
        for (char c : condition.toCharArray()) {
            if (c == '?') {
                values.add(parameters[next++]);
                numbered.append('$').append(values.size());
            } else {
                numbered.append(c);
            }
        }
        conditions.add(numbered.toString());
        return this;
    }

    /** " where a and b", or "" without a condition. */
    public String sql() {
        return conditions.isEmpty() ? "" : " where " + String.join(" and ", conditions);
    }

    /** The parameters, in their $n order. */
    public List<Object> values() {
        return values;
    }
}
