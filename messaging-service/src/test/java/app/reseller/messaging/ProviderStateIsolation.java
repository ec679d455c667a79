package app.reseller.messaging;

import io.quarkus.arc.Arc;
import io.quarkus.test.junit.callback.QuarkusTestBeforeEachCallback;
import io.quarkus.test.junit.callback.QuarkusTestMethodContext;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;

/**
 * Every messaging test starts with the provider as a fresh one: no circuit breaker opened by an
 * earlier test's failures, no sandbox fault another test set and did not use. The suite shares one
 * app and one sandbox, so without this a test inherits what ran before it, and the order of the
 * classes is the file system's (it differs between machines): a notification whose first send met
 * an inherited open breaker or fault is sent again only after its 10-second back-off, which a loaded
 * machine pushed past the 20 seconds ReplayedEventSendsNothingTwiceTest waits for it.
 */
public class ProviderStateIsolation implements QuarkusTestBeforeEachCallback {

    @Override
    public void beforeEach(QuarkusTestMethodContext context) {
        Arc.container().instance(CircuitBreakerMaintenance.class).get().resetAll();
        MessagingTestSupport.clearFaults();
    }
}
