package app.reseller.platform.calls;

import app.reseller.platform.domain.ProviderFault;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which failures a guarded call repeats and which ones count against its breaker (the guard itself runs in the apps' tests). */
class GuardedCallTest {

    static final class Fault extends ProviderFault {
        Fault(Outcome outcome) {
            super("test", outcome, "test", null);
        }
    }

    @Test
    void transientAndUnknownFaultsAndFailuresInTransitAreRepeatedRefusalsNever() {
        assertTrue(GuardedCall.worthRepeating(new Fault(ProviderFault.Outcome.TRANSIENT)));
        assertTrue(GuardedCall.worthRepeating(new Fault(ProviderFault.Outcome.UNKNOWN)));
        assertTrue(GuardedCall.worthRepeating(new IOException("reset")));
        assertTrue(GuardedCall.worthRepeating(new RuntimeException(new ConnectException("refused"))));
        assertFalse(GuardedCall.worthRepeating(new Fault(ProviderFault.Outcome.REFUSED)));
        assertFalse(GuardedCall.worthRepeating(new IllegalArgumentException("a bug of ours")));
    }

    @Test
    void onlyARefusalLeavesTheBreakerAlone() {
        assertTrue(GuardedCall.isRefusal(new Fault(ProviderFault.Outcome.REFUSED)));
        assertFalse(GuardedCall.isRefusal(new Fault(ProviderFault.Outcome.UNKNOWN)));
        assertFalse(GuardedCall.isRefusal(new IOException("reset")));
    }
}
