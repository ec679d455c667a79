package app.reseller.local;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every {@code @Scheduled} job of the apps carries {@code @WaitedForAtShutdown}, so that a run under way when a pod
 * stops finishes before the pools close (WorkInFlight, docs/foundation.md). The annotation is put by hand; this is
 * what notices a new job without it. Only a job that touches no pool may go without, and is named here.
 */
class EveryScheduledJobIsWaitedForTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    /** The broker health check only asks Kafka's admin client; a stop cuts nothing of ours. */
    private static final Set<String> TOUCH_NO_POOL = Set.of("KafkaBrokerHealthCheck.java");

    @Test
    void everyScheduledJobIsWaitedForAtShutdown() throws IOException {
        List<String> jobs = new ArrayList<>();
        List<String> unmarked = new ArrayList<>();
        try (Stream<Path> files = Files.walk(ROOT)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java") && f.toString().contains("/src/main/java/")
                    && !f.startsWith(ROOT.resolve("provider-sandbox"))).toList()) {
                List<String> lines = Files.readAllLines(file);
                for (int i = 0; i < lines.size(); i++) {
                    if (!lines.get(i).trim().startsWith("@Scheduled(")) {
                        continue;
                    }
                    String job = ROOT.relativize(file) + ":" + (i + 1);
                    jobs.add(job);
                    if (!annotatedAbove(lines, i) && !TOUCH_NO_POOL.contains(file.getFileName().toString())) {
                        unmarked.add(job);
                    }
                }
            }
        }
        assertTrue(jobs.size() >= 15, "the scan finds the apps' jobs: " + jobs);
        assertEquals(List.of(), unmarked, "@Scheduled jobs without @WaitedForAtShutdown");
    }

    /** The annotations (and comments) right above the line, up to the method's javadoc or the previous member. */
    private static boolean annotatedAbove(List<String> lines, int at) {
        for (int i = at - 1; i >= 0; i--) {
            String line = lines.get(i).trim();
            if (line.equals("@WaitedForAtShutdown")) {
                return true;
            }
            if (!line.startsWith("@") && !line.startsWith("//")) {
                return false;
            }
        }
        return false;
    }
}
