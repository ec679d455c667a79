package app.reseller.platform.events.audit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one audit run found: for every rule it checked, the violations (empty when the rule holds),
 * each a sentence that says what is wrong and what to look at.
 */
public record AuditReport(Instant checkedAt, Map<String, List<String>> violations) {

    public int total() {
        return violations.values().stream().mapToInt(List::size).sum();
    }

    public static Builder builder(Instant checkedAt) {
        return new Builder(checkedAt);
    }

    public static final class Builder {
        private final Instant checkedAt;
        private final Map<String, List<String>> violations = new LinkedHashMap<>();

        private Builder(Instant checkedAt) {
            this.checkedAt = checkedAt;
        }

        /** A rule that was checked, so it reports 0 when nothing violates it. */
        public Builder rule(String rule) {
            violations.computeIfAbsent(rule, r -> new ArrayList<>());
            return this;
        }

        public Builder violation(String rule, String detail) {
            rule(rule).violations.get(rule).add(detail);
            return this;
        }

        public Builder violations(String rule, List<String> details) {
            rule(rule);
            details.forEach(detail -> violation(rule, detail));
            return this;
        }

        public AuditReport build() {
            Map<String, List<String>> frozen = new LinkedHashMap<>();
            violations.forEach((rule, list) -> frozen.put(rule, List.copyOf(list)));
            return new AuditReport(checkedAt, Collections.unmodifiableMap(frozen));
        }
    }
}
