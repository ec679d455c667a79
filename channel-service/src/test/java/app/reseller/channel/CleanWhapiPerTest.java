package app.reseller.channel;

import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * For tests that inject WHAPI faults: each test starts with every WHAPI circuit breaker closed and
 * leaves no sandbox fault and no moved WHAPI clock behind for the next one.
 */
public abstract class CleanWhapiPerTest {

    @Inject
    CircuitBreakerMaintenance circuitBreakers;

    @BeforeEach
    void closeTheBreakers() {
        circuitBreakers.resetAll();
    }

    @AfterEach
    void clearTheFaults() {
        ChannelTestSupport.clearFaults();
        // a test that moved WHAPI's clock ahead must not leave the next ones counting days from two "now"s
        ChannelTestSupport.sandbox().post("/_sandbox/whapi/clock/real").then().statusCode(200);
    }
}
