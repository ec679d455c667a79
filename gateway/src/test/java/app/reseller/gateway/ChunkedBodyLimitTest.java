package app.reseller.gateway;

import app.reseller.infra.TestIdentity;
import io.quarkus.test.common.http.TestHTTPResource;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A body sent chunked (no Content-Length, as a streaming client sends it) is held to the same
 * limit as a declared one: before, it skipped the check and reached the service whatever its size.
 */
@GatewayTest
class ChunkedBodyLimitTest {

    @TestHTTPResource("/api/v1/channels")
    URI channels;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void aChunkedBodyOverTheLimitIsRefusedWith413AndNeverForwarded() throws Exception {
        int before = StubServices.ARRIVALS.size();
        HttpResponse<String> answer = post(new byte[7 * 1024 * 1024]);

        assertEquals(413, answer.statusCode());
        assertEquals("application/problem+json", answer.headers().firstValue("Content-Type").orElse(""));
        assertTrue(answer.body().contains("body-too-large"), answer.body());
        assertEquals(before, StubServices.ARRIVALS.size(), "nothing reached a service");
    }

    @Test
    void aChunkedBodyWithinTheLimitIsForwardedWhole() throws Exception {
        byte[] body = new byte[300_000];
        HttpResponse<String> answer = post(body);

        assertEquals(200, answer.statusCode(), answer.body());
        StubServices.Arrival arrival = StubServices.ARRIVALS.get(StubServices.ARRIVALS.size() - 1);
        assertEquals("/channels", arrival.uri());
        assertEquals(body.length, arrival.bodyLength());
        assertEquals(String.valueOf(body.length), arrival.header("Content-Length"), "forwarded with its length");
    }

    private HttpResponse<String> post(byte[] body) throws Exception {
        // a publisher of unknown length: the JDK client sends it with Transfer-Encoding: chunked
        HttpRequest request = HttpRequest.newBuilder(channels).timeout(java.time.Duration.ofSeconds(30)) // never hang the suite
                .header("Authorization", "Bearer " + TestIdentity.customer("c1"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
