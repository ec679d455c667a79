package app.reseller.sandbox.fault;

import app.reseller.platform.web.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.PatternSyntaxException;

/** The fault rules in force, first match wins; each use of a limited rule counts down. */
@ApplicationScoped
public class FaultRules {

    private final List<ActiveFault> rules = new CopyOnWriteArrayList<>();
    private final AtomicLong ids = new AtomicLong();

    public ActiveFault add(Fault fault) {
        java.util.regex.Pattern path;
        try {
            path = java.util.regex.Pattern.compile(fault.pathPattern());
        } catch (PatternSyntaxException e) {
            throw ProblemException.badRequest("invalid-fault", "The fault rule is not valid",
                    "pathPattern is not a regular expression: " + e.getDescription());
        }
        ActiveFault active = new ActiveFault(ids.incrementAndGet(), fault, path,
                new AtomicInteger(fault.times() == null ? Integer.MAX_VALUE : fault.times()));
        rules.add(active);
        return active;
    }

    public List<ActiveFault> list() {
        return List.copyOf(rules);
    }

    public void clear() {
        rules.clear();
    }

    /** The first rule matching the request that still has uses left; takes one use. */
    public Optional<Fault> take(String method, String path) {
        for (ActiveFault rule : rules) {
            if (rule.matches(method, path) && rule.remaining().getAndDecrement() > 0) {
                if (rule.remaining().get() <= 0) {
                    rules.remove(rule);
                }
                return Optional.of(rule.fault());
            }
        }
        return Optional.empty();
    }

    public record ActiveFault(long id, Fault fault, java.util.regex.Pattern path, AtomicInteger remaining) {

        boolean matches(String method, String requestPath) {
            return (fault.method() == null || fault.method().equalsIgnoreCase(method)) && path.matcher(requestPath).matches();
        }
    }
}
