package app.reseller.local;

import java.nio.file.Path;

/**
 * One platform app the local run starts: its Maven module, its fixed port and, for services,
 * its database.
 */
record LocalApp(String name, String module, int port, String database, boolean usesKafka) {

    static final java.util.List<LocalApp> ALL = java.util.List.of(
            new LocalApp("provider-sandbox", "provider-sandbox", 8090, null, false),
            new LocalApp("billing-service", "billing-service", 8081, "billing", true),
            new LocalApp("channel-service", "channel-service", 8082, "channel", true),
            new LocalApp("messaging-service", "messaging-service", 8083, "messaging", true),
            new LocalApp("gateway", "gateway", 8080, null, false));

    Path runnableJar(Path root) {
        return root.resolve(module).resolve("target").resolve("quarkus-app").resolve("quarkus-run.jar");
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }
}
