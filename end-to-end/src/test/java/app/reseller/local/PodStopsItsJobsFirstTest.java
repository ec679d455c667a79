package app.reseller.local;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A pod stopped as Kubernetes stops one in a rollout (SIGTERM, its database and broker up) pauses its jobs and lets
 * the work under way finish before its connection pool closes. Before, every scheduled job and the webhook
 * dispatcher's 100-ms timer kept firing through the seconds the Kafka consumers take to leave their group, each
 * failing with "Pool closed": a messaging pod logged 97 such WARNs in its 9-s shutdown, at every rollout
 * (JobsStopAtShutdown, WebhookDispatcher#stop). Then a round already under way at the stop still failed now and
 * then (one WARN, once in CI): the shutdown now waits for it (WorkInFlight; WebhookRoundFinishesBeforeShutdownTest
 * shows it deterministically).
 */
@ExtendWith(SharedPlatform.class)
class PodStopsItsJobsFirstTest {

    @Test
    void aStoppedMessagingPodPausesItsJobsAndLogsNoFailure(LocalPlatform platform) throws Exception {
        platform.startReplica("messaging-service", 8093);
        platform.stopReplica("messaging-service", 8093);

        String log = Files.readString(SharedPlatform.STATE.resolve("logs").resolve("messaging-service-8093.log"));
        assertTrue(log.contains("messaging-service stopped in"), "the pod stopped by itself, not killed:\n" + tail(log));
        assertTrue(log.contains("shutting down: scheduled jobs paused"), tail(log));
        assertTrue(log.contains("shutting down: the work under way has finished"), tail(log));
        assertFalse(log.contains("Pool closed"), "a job ran after the pool closed:\n" + tail(log));
    }

    private static String tail(String log) {
        return log.substring(Math.max(0, log.length() - 4000));
    }
}
