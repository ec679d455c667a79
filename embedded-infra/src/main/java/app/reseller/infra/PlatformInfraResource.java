package app.reseller.infra;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The test resource every service's {@code @QuarkusTest}s use: a real PostgreSQL and a real Kafka
 * broker, started once per test JVM ({@link SharedInfra}), plus the service's own database.
 * Init arguments: {@code database} names that database (default {@code app}); {@code topics}, a
 * comma-separated list, are created up front with 3 partitions (no auto-creation delay on first use);
 * {@code database-through-proxy=true} puts the app's reactive connections behind a {@link TcpProxy}
 * ({@link #databaseProxy()}), so a test can make the database refuse connections for a while.
 * Dev Services stay off: there is no container engine here.
 */
public class PlatformInfraResource implements QuarkusTestResourceLifecycleManager {

    private String database = "app";
    private List<String> topics = List.of();
    private boolean throughProxy;
    private static volatile TcpProxy databaseProxy;

    /** The proxy in front of the database, for a test started with {@code database-through-proxy=true}. */
    public static TcpProxy databaseProxy() {
        if (databaseProxy == null) {
            throw new IllegalStateException("this test's resource was not started with database-through-proxy=true");
        }
        return databaseProxy;
    }

    @Override
    public void init(Map<String, String> initArgs) {
        database = initArgs.getOrDefault("database", database);
        topics = Arrays.stream(initArgs.getOrDefault("topics", "").split(","))
                .map(String::trim).filter(t -> !t.isEmpty()).toList();
        throughProxy = Boolean.parseBoolean(initArgs.getOrDefault("database-through-proxy", "false"));
    }

    @Override
    public Map<String, String> start() {
        SharedInfra infra = SharedInfra.get();
        infra.postgres().ensureDatabase(database);
        if (!topics.isEmpty()) {
            infra.kafka().createTopics(topics, 3);
        }
        Map<String, String> config = new HashMap<>();
        config.put("quarkus.devservices.enabled", "false");
        if (throughProxy) {
            synchronized (PlatformInfraResource.class) {
                if (databaseProxy == null) {
                    databaseProxy = TcpProxy.to(infra.postgres().port());
                }
            }
            databaseProxy.accept();
            config.put("quarkus.datasource.reactive.url", "postgresql://127.0.0.1:" + databaseProxy.port() + "/" + database);
        } else {
            config.put("quarkus.datasource.reactive.url", infra.postgres().reactiveUrl(database));
        }
        config.put("quarkus.datasource.jdbc.url", infra.postgres().jdbcUrl(database));
        config.put("quarkus.datasource.username", EmbeddedPostgresServer.SUPERUSER);
        config.put("quarkus.datasource.password", EmbeddedPostgresServer.SUPERUSER);
        config.put("kafka.bootstrap.servers", infra.kafka().bootstrapServers());
        config.put("mp.jwt.verify.publickey", TestIdentity.publicKey());
        config.put("platform.gateway-identity.public-key", TestIdentity.gatewayPublicKey());
        config.put("mp.jwt.verify.issuer", TestIdentity.ISSUER);
        return config;
    }

    @Override
    public void stop() {
        // SharedInfra outlives each Quarkus app under test; its shutdown hook stops it.
    }
}
