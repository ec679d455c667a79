package app.reseller.gateway.routing;

/** Test access to the console's policy for a provider. */
public final class ConsolePagesPolicy {

    private ConsolePagesPolicy() {
    }

    public static String of(String authority) {
        return ConsolePages.policy(authority);
    }
}
