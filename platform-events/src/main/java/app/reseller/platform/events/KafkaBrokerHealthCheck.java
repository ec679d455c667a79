package app.reseller.platform.events;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.health.api.HealthGroup;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheckResponse;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Kafka has its own health group ({@code /q/health/group/messaging}) and a gauge to alert on
 * ({@code kafka_broker_reachable}), and is NOT part of readiness: the outbox keeps every write
 * flowing while the broker is away, so pulling the pods out of the load balancer would turn a
 * broker outage into a platform outage. The outbox backlog gauges show what waits meanwhile.
 */
@HealthGroup("messaging")
@ApplicationScoped
public class KafkaBrokerHealthCheck implements AsyncHealthCheck {

    private static final int TIMEOUT_MS = 2000;

    private final String bootstrapServers;
    private final AtomicInteger reachable = new AtomicInteger(1);
    private volatile Admin admin;

    public KafkaBrokerHealthCheck(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers, MeterRegistry metrics) {
        this.bootstrapServers = bootstrapServers;
        Gauge.builder("kafka.broker.reachable", reachable, AtomicInteger::get)
                .description("1 when the Kafka cluster answered the last probe, 0 when not (readiness does not depend on it)")
                .register(metrics);
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return Uni.createFrom().item(this::probe).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    /** Keeps the gauge fresh without anyone asking the health endpoint. */
    @Scheduled(every = "15s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> refresh() {
        return call().replaceWithVoid();
    }

    private HealthCheckResponse probe() {
        try {
            int nodes = admin().describeCluster(new DescribeClusterOptions().timeoutMs(TIMEOUT_MS)).nodes()
                    .get(TIMEOUT_MS + 500L, TimeUnit.MILLISECONDS).size();
            reachable.set(1);
            return HealthCheckResponse.named("Kafka cluster").up().withData("nodes", nodes).build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            reachable.set(0);
            return HealthCheckResponse.named("Kafka cluster").down().withData("error", "interrupted").build();
        } catch (Exception e) {
            reachable.set(0);
            return HealthCheckResponse.named("Kafka cluster").down()
                    .withData("error", e.getClass().getSimpleName() + ": " + e.getMessage()).build();
        }
    }

    private Admin admin() {
        if (admin == null) {
            synchronized (this) {
                if (admin == null) {
                    admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                            AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, TIMEOUT_MS,
                            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, TIMEOUT_MS));
                }
            }
        }
        return admin;
    }

    @PreDestroy
    void close() {
        if (admin != null) {
            admin.close();
        }
    }
}
