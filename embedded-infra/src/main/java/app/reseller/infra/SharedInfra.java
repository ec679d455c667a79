package app.reseller.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.CompletableFuture;

/**
 * The one PostgreSQL server and the one Kafka broker of a test JVM. Started on first use (both
 * in parallel, a few seconds), stopped by a shutdown hook when the JVM exits, so every Quarkus test
 * and every restart of the Quarkus app under test reuses them.
 */
public final class SharedInfra {

    private static SharedInfra instance;

    private final EmbeddedPostgresServer postgres;
    private final KafkaBroker kafka;
    private final Path kafkaDirectory;

    private SharedInfra(EmbeddedPostgresServer postgres, KafkaBroker kafka, Path kafkaDirectory) {
        this.postgres = postgres;
        this.kafka = kafka;
        this.kafkaDirectory = kafkaDirectory;
    }

    public static synchronized SharedInfra get() {
        if (instance == null) {
            instance = start();
            Runtime.getRuntime().addShutdownHook(new Thread(instance::stop, "shared-infra-stop"));
        }
        return instance;
    }

    private static SharedInfra start() {
        long t0 = System.nanoTime();
        Path kafkaDirectory;
        try {
            kafkaDirectory = Files.createTempDirectory("kafka-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        KafkaBroker kafka = new KafkaBroker(kafkaDirectory, FreePort.pick(), FreePort.pick(), KafkaBroker.currentClasspath());
        CompletableFuture<Void> kafkaUp = CompletableFuture.runAsync(kafka::start);
        EmbeddedPostgresServer postgres = EmbeddedPostgresServer.throwaway();
        kafkaUp.join();
        System.out.printf("[infra] real PostgreSQL on 127.0.0.1:%d and real Kafka on %s, up in %d ms%n",
                postgres.port(), kafka.bootstrapServers(), (System.nanoTime() - t0) / 1_000_000);
        return new SharedInfra(postgres, kafka, kafkaDirectory);
    }

    public EmbeddedPostgresServer postgres() {
        return postgres;
    }

    public KafkaBroker kafka() {
        return kafka;
    }

    private void stop() {
        kafka.stop();
        postgres.close();
        try (var files = Files.walk(kafkaDirectory)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // a temporary folder; nothing depends on it being gone
        }
    }
}
