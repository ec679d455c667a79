package app.reseller.platform.events;

import java.lang.reflect.Proxy;

/** The app's relay settings with one changed, for a relay a test makes itself. */
final class RelaySettings {

    private RelaySettings() {
    }

    static OutboxConfig with(OutboxConfig config, String setting, Object value) {
        OutboxConfig.Relay relay = overriding(OutboxConfig.Relay.class, config.relay(), setting, value);
        return overriding(OutboxConfig.class, config, "relay", relay);
    }

    private static <T> T overriding(Class<T> type, T delegate, String method, Object value) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[]{type},
                (proxy, called, args) -> called.getName().equals(method) ? value : called.invoke(delegate, args)));
    }
}
