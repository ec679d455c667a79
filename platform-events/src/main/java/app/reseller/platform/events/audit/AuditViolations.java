package app.reseller.platform.events.audit;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Exports an auditor's findings: a gauge {@code <scope>_audit_violations{rule}} per rule (0 when it
 * holds, so an alert can fire on "> 0"), and one log line per violation when it first appears (not
 * on every run while it lasts; again if it goes away and comes back).
 */
@ApplicationScoped
public class AuditViolations {

    private static final Logger LOG = Logger.getLogger(AuditViolations.class);

    private final MeterRegistry metrics;
    private final Map<String, AtomicInteger> gauges = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> logged = new ConcurrentHashMap<>();

    public AuditViolations(MeterRegistry metrics) {
        this.metrics = metrics;
    }

    public void publish(String scope, AuditReport report) {
        Set<String> current = new HashSet<>();
        report.violations().forEach((rule, details) -> {
            gauge(scope, rule).set(details.size());
            details.forEach(detail -> current.add(rule + ": " + detail));
        });
        Set<String> before = logged.computeIfAbsent(scope, s -> ConcurrentHashMap.newKeySet());
        current.stream().filter(v -> !before.contains(v)).forEach(v -> LOG.errorf("%s audit violation: %s", scope, v));
        before.retainAll(current);
        before.addAll(current);
    }

    private AtomicInteger gauge(String scope, String rule) {
        return gauges.computeIfAbsent(scope + "/" + rule, key -> {
            AtomicInteger value = new AtomicInteger();
            Gauge.builder(scope + ".audit.violations", value, AtomicInteger::get)
                    .tag("rule", rule)
                    .description("violations of one " + scope + " invariant found by the last audit run")
                    .register(metrics);
            return value;
        });
    }
}
