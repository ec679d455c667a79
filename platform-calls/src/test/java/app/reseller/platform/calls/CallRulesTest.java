package app.reseller.platform.calls;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CallRulesTest {

    record Policy(Duration timeout, int retries, Duration retryDelay, Duration retryMaxDelay, Duration retryJitter)
            implements CallPolicy {
        @Override
        public Breaker breaker() {
            return null;
        }
    }

    interface TwoCalls {
        CallPolicy changeMode();

        CallPolicy get();

        String notAPolicy();
    }

    private static Policy policy(int timeoutSeconds, int retries) {
        return new Policy(Duration.ofSeconds(timeoutSeconds), retries, Duration.ofMillis(500), Duration.ofSeconds(5),
                Duration.ofMillis(200));
    }

    @Test
    void theWorstCaseIsEveryAttemptTimingOutWithTheLongestWaitsBetween() {
        assertEquals(Duration.ofSeconds(15), policy(15, 0).worstCase());
        // 4 × 15 s + waits of 0.5, 1 and 2 s (doubling, under the 5 s cap) + 3 × 0.2 s of jitter
        assertEquals(Duration.ofMillis(60_000 + 3_500 + 600), policy(15, 3).worstCase());
        // the cap: waits of 0.5, 1, 2, 4, 5, 5 s
        assertEquals(Duration.ofMillis(7 * 1_000 + 17_500 + 6 * 200), policy(1, 6).worstCase());
    }

    @Test
    void aSettleWindowNotLongerThanTheCallIsRefusedNamingBothSettings() {
        CallRules rules = new CallRules("channel-service")
                .longer("channel.extension.settle-window", Duration.ofSeconds(8), "the extend", policy(15, 0).worstCase(), "paid twice");
        IllegalStateException refused = assertThrows(IllegalStateException.class, rules::enforce);
        assertTrue(refused.getMessage().contains("channel.extension.settle-window (PT8S) must be longer than the extend (PT15S): paid twice"),
                refused.getMessage());
        new CallRules("x").longer("a", Duration.ofSeconds(16), "b", Duration.ofSeconds(15), "").enforce();
        assertEquals(1, new CallRules("x").longer("a", Duration.ofSeconds(15), "b", Duration.ofSeconds(15), "").broken().size(),
                "equal is not longer");
    }

    @Test
    void budgetsReadTimeoutsAndCallsThatMustNotRepeatAreChecked() {
        CallRules rules = new CallRules("messaging-service")
                .within("platform.calls.provider-budget", Duration.ofSeconds(60), "send-media", policy(60, 0), "504")
                .within("platform.calls.provider-budget", Duration.ofSeconds(60), "token", policy(10, 3), "504")
                .notShorter("read-timeout", Duration.ofSeconds(20), "send-media.timeout", Duration.ofSeconds(60), "gives up first")
                .notShorter("read-timeout", Duration.ofSeconds(60), "send-text.timeout", Duration.ofSeconds(60), "")
                .neverRepeated("send-text", policy(20, 1), "twice")
                .neverRepeated("send-hsm", policy(20, 0), "twice");
        List<String> broken = rules.broken();
        assertEquals(3, broken.size(), broken.toString());
        assertTrue(broken.get(0).startsWith("platform.calls.provider-budget (PT1M) must be longer than the worst case of send-media"));
        assertTrue(broken.get(1).contains("read-timeout (PT20S) must not be shorter than send-media.timeout (PT1M)"));
        assertTrue(broken.get(2).contains("send-text.retries (1) must be 0: twice"));
        IllegalStateException refused = assertThrows(IllegalStateException.class, rules::enforce);
        assertTrue(refused.getMessage().startsWith("messaging-service cannot start with these call settings:\n  - "));
    }

    @Test
    void everyPolicyOfAGroupIsFoundByItsPropertyName() {
        TwoCalls calls = new TwoCalls() {
            public CallPolicy changeMode() {
                return policy(15, 3);
            }

            public CallPolicy get() {
                return policy(10, 3);
            }

            public String notAPolicy() {
                return "";
            }
        };
        Map<String, CallPolicy> policies = CallRules.policiesOf(TwoCalls.class, calls, "channel.whapi.calls.manager");
        assertEquals(List.of("channel.whapi.calls.manager.change-mode", "channel.whapi.calls.manager.get"), List.copyOf(policies.keySet()));
    }
}
