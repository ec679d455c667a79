package app.reseller.gateway.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A read composed of several services' answers, fetched in parallel: a part whose service fails or
 * is too slow is left out and named in {@code missing}, the parts that answered still show.
 */
final class ComposedRead {

    private static final Logger LOG = Logger.getLogger(ComposedRead.class);

    /** The parts that answered, by name, and the names of those that did not. */
    record Parts(Map<String, JsonNode> answered, List<String> missing) {
    }

    private record Part(String name, JsonNode value) {
    }

    private final Map<String, Supplier<Uni<? extends JsonNode>>> calls = new LinkedHashMap<>();

    ComposedRead part(String name, Supplier<Uni<? extends JsonNode>> call) {
        calls.put(name, call);
        return this;
    }

    Uni<Parts> read() {
        List<Uni<Part>> parts = calls.entrySet().stream().map(e -> fetch(e.getKey(), e.getValue())).toList();
        return Uni.combine().all().unis(parts).with(Part.class, answers -> {
            Map<String, JsonNode> answered = new LinkedHashMap<>();
            List<String> missing = new ArrayList<>();
            for (Part p : answers) {
                if (p.value() == null) {
                    missing.add(p.name());
                } else {
                    answered.put(p.name(), p.value());
                }
            }
            return new Parts(answered, missing);
        });
    }

    private static Uni<Part> fetch(String name, Supplier<Uni<? extends JsonNode>> call) {
        return Uni.createFrom().deferred(call::get)
                .map(value -> new Part(name, value))
                .onFailure().recoverWithItem(failure -> {
                    LOG.warnf("part %s of a composed read missing: %s", name, failure.toString());
                    return new Part(name, null);
                });
    }
}
