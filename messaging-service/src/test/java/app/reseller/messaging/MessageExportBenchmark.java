package app.reseller.messaging;

import app.reseller.infra.TestIdentity;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static app.reseller.messaging.MessagingTestSupport.DB;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Benchmark program, not a test (tag "benchmark", run only with -Pbenchmark): the CSV export of
 * 1,000,000 messages, streamed through the whole HTTP stack by the service in this JVM, read by a
 * client that keeps nothing. Prints rows/s and the live heap after a full GC at the start, every
 * 100,000 rows, and at the end: an export that held its rows would grow by hundreds of MB.
 * At the production heap (half of the pods' 512 Mi, SerialGC: deploy/ and the images profile):
 *
 * <pre>
 * ./mvnw -B -Pbenchmark -pl messaging-service verify -Dtest=MessageExportBenchmark -Dbench.rows=1000000 \
 *     -Dtest.jvm.flags="-Xmx256m -XX:+UseSerialGC"
 * </pre>
 */
@Tag("benchmark")
@MessagingTest
class MessageExportBenchmark {

    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

    /** The live heap: what is left after full collections. */
    private static double liveHeapMb() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return MEMORY.getHeapMemoryUsage().getUsed() / 1024.0 / 1024.0;
    }

    @Test
    void exportsAMillionRowsInFlatMemory() throws Exception {
        int rows = Integer.getInteger("bench.rows", 1_000_000);
        String customer = "bench-export-" + System.nanoTime();
        DB.execute(String.format("""
                insert into outbound_message (id, customer_id, recipient, kind, template, params, status, wappin_message_id, created_at, updated_at)
                select gen_random_uuid(), '%1$s', '62811' || lpad(n::text, 8, '0'), 'NOTIFICATION', 'otp_code', '{"1":"123456"}',
                       (array['ACCEPTED','SENT','DELIVERED','READ','FAILED'])[n %% 5 + 1], 'wm-%1$s-' || n,
                       timestamptz '2025-01-01' + n * interval '1 second', timestamptz '2025-01-01' + n * interval '1 second'
                from generate_series(1, %2$d) n;
                analyze outbound_message;
                """, customer, rows));
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + RestAssured.port + "/messages/export.csv?customerId="
                        + customer + "&from=2025-01-01T00:00:00Z&to=2026-01-01T00:00:00Z"))
                .header("Authorization", "Bearer " + TestIdentity.admin()).build();
        // a small export first: the JIT and the pool warmed, the classes loaded, before the start figure
        DB.execute("select 1");
        http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + RestAssured.port + "/messages/export.csv?customerId=" + customer
                        + "&from=2025-01-01T00:00:00Z&to=2025-01-02T00:00:00Z")).header("Authorization", "Bearer " + TestIdentity.admin()).build(),
                HttpResponse.BodyHandlers.discarding());

        double start = liveHeapMb();
        double highest = start;
        long t0 = System.nanoTime();
        long lines = 0;
        long bytes = 0;
        HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, response.statusCode());
        StringBuilder samples = new StringBuilder();
        try (InputStream body = response.body()) {
            byte[] buffer = new byte[64 * 1024];
            long nextSample = 100_000;
            for (int n; (n = body.read(buffer)) > 0; ) {
                bytes += n;
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == '\n') {
                        lines++;
                    }
                }
                if (lines >= nextSample) {
                    double live = liveHeapMb();
                    highest = Math.max(highest, live);
                    samples.append(String.format(" %,d:%.1f", lines, live));
                    nextSample += 100_000;
                }
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        double end = liveHeapMb();
        assertEquals(rows + 1L, lines, "a header and every row");
        System.out.printf("MessageExportBenchmark: %,d rows (%.1f MB of CSV) in %.1f s: %,.0f rows/s; max heap %d MB%n", rows,
                bytes / 1024.0 / 1024.0, seconds, rows / seconds, MEMORY.getHeapMemoryUsage().getMax() / 1024 / 1024);
        System.out.printf("MessageExportBenchmark: live heap after GC: start %.1f MB, end %.1f MB (%+.1f MB), highest while exporting %.1f MB%n",
                start, end, end - start, highest);
        System.out.println("MessageExportBenchmark: live heap (MB) by rows read:" + samples);
    }
}
