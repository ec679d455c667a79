package app.reseller.infra;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.HashMap;
import java.util.Map;

/**
 * A test profile that only changes settings, written as what it changes:
 * <pre>{@code
 * public static class SmallLimits extends ConfigOverrides {
 *     public SmallLimits() { super("gateway.rate-limit.burst", "5"); }
 * }}</pre>
 */
public abstract class ConfigOverrides implements QuarkusTestProfile {

    private final Map<String, String> overrides = new HashMap<>();

    /** Pairs of setting and value, then (optionally) more settings from shared maps. */
    protected ConfigOverrides(String... settingsAndValues) {
        if (settingsAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("a value for every setting: " + String.join(", ", settingsAndValues));
        }
        for (int i = 0; i < settingsAndValues.length; i += 2) {
            overrides.put(settingsAndValues[i], settingsAndValues[i + 1]);
        }
    }

    protected ConfigOverrides(Map<String, String> shared, String... settingsAndValues) {
        this(settingsAndValues);
        shared.forEach(overrides::putIfAbsent);
    }

    @Override
    public final Map<String, String> getConfigOverrides() {
        return Map.copyOf(overrides);
    }
}
