package app.reseller.messaging;

import io.restassured.response.Response;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static app.reseller.infra.TestCallers.asCustomer;
import static app.reseller.infra.TestCallers.newCustomer;
import static app.reseller.messaging.MessagingTestSupport.notification;
import static app.reseller.messaging.MessagingTestSupport.sandbox;
import static app.reseller.messaging.MessagingTestSupport.tokenRequests;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Wappin's access token: cached, and refreshed by exactly one request however many calls need it. */
@MessagingTest
class TokenRefreshTest {

    @Inject
    CircuitBreakerMaintenance circuitBreakers;

    @BeforeEach
    void resetBreakers() {
        circuitBreakers.resetAll();
    }

    @Test
    void aHundredConcurrentSendsWithAnExpiredTokenCauseExactlyOneTokenRequest() throws Exception {
        String customer = newCustomer();
        // a token in the cache first
        asCustomer(customer).body(notification("6281200000001")).post("/messages/notifications").then().statusCode(201);
        int cachedRequests = tokenRequests();
        asCustomer(customer).body(notification("6281200000002")).post("/messages/notifications").then().statusCode(201);
        assertEquals(cachedRequests, tokenRequests(), "a cached token needs no token request");

        // Wappin expires it; our cache still believes in it, so every send meets a 401
        sandbox().post("/_sandbox/wappin/tokens/expire").then().statusCode(200);
        int before = tokenRequests();

        ExecutorService pool = Executors.newFixedThreadPool(100);
        List<Callable<Response>> sends = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            String recipient = String.format("62812%08d", i);
            sends.add(() -> asCustomer(customer).body(notification(recipient)).post("/messages/notifications"));
        }
        List<Response> answers = new ArrayList<>();
        for (Future<Response> answer : pool.invokeAll(sends)) {
            answers.add(answer.get());
        }
        pool.shutdown();

        answers.forEach(a -> assertEquals(201, a.statusCode(), a.asString()));
        assertEquals(1, tokenRequests() - before, "exactly one token request for 100 waiting sends");
    }
}
