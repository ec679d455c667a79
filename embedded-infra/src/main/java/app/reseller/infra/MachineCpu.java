package app.reseller.infra;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The machine's CPU by process, from /proc (user + system ticks of 1/100 s), so that a benchmark can print
 * what a unit of work costs everything it runs on, not only its own JVM: this JVM (the app under test and
 * its load generator), the test kit's PostgreSQL (every backend), the Kafka broker, and the rest. A
 * benchmark takes a snapshot before and after a round and prints {@link #since}. Linux only; a process
 * that ended during the round is left out.
 */
public final class MachineCpu {

    public static final List<String> PARTS = List.of("this JVM", "PostgreSQL", "Kafka broker", "rest");
    private static final double TICKS_PER_SECOND = 100;

    private final long nanos = System.nanoTime();
    private final Map<Long, Long> ticks = new LinkedHashMap<>();
    private final Map<Long, String> parts = new LinkedHashMap<>();

    private MachineCpu() {
    }

    public static MachineCpu snapshot() throws IOException {
        MachineCpu snapshot = new MachineCpu();
        long self = ProcessHandle.current().pid();
        try (DirectoryStream<Path> processes = Files.newDirectoryStream(Path.of("/proc"), entry -> entry.getFileName().toString().matches("[0-9]+"))) {
            for (Path process : processes) {
                try {
                    long pid = Long.parseLong(process.getFileName().toString());
                    String stat = Files.readString(process.resolve("stat"));
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    snapshot.ticks.put(pid, Long.parseLong(fields[11]) + Long.parseLong(fields[12])); // utime, stime
                    // a backend names itself "postgres: user db ..."; the postmaster runs .../bin/postgres (Maven's own
                    // command line may say -Dinfra.postgres.durable: that is not PostgreSQL)
                    String command = new String(Files.readAllBytes(process.resolve("cmdline")), StandardCharsets.UTF_8);
                    snapshot.parts.put(pid, pid == self ? "this JVM" : command.contains("kafka.Kafka") ? "Kafka broker"
                            : command.startsWith("postgres") || command.contains("/bin/postgres") ? "PostgreSQL" : "rest");
                } catch (IOException | RuntimeException ended) {
                    // the process ended between the listing and the read: not in this snapshot
                }
            }
        }
        return snapshot;
    }

    /** Percent of one core each part used from {@code before} to this snapshot (two busy cores: 200). */
    public Map<String, Double> since(MachineCpu before) {
        double seconds = (nanos - before.nanos) / 1e9;
        Map<String, Double> percent = new LinkedHashMap<>();
        PARTS.forEach(part -> percent.put(part, 0.0));
        ticks.forEach((pid, now) -> {
            long used = now - before.ticks.getOrDefault(pid, 0L);
            percent.merge(parts.get(pid), 100 * used / TICKS_PER_SECOND / seconds, Double::sum);
        });
        return percent;
    }

    /** "this JVM 95 %, PostgreSQL 60 %, ...; per item: 0.33 ms, ... (all 0.70 ms)": what {@code items} done in the window cost. */
    public String describe(MachineCpu before, long items) {
        Map<String, Double> percent = since(before);
        double seconds = (nanos - before.nanos) / 1e9;
        StringBuilder text = new StringBuilder();
        double all = 0;
        for (var part : percent.entrySet()) {
            text.append(text.isEmpty() ? "" : ", ").append(String.format("%s %.0f %%", part.getKey(), part.getValue()));
            all += part.getValue();
        }
        text.append(String.format(" (all %.0f %%); CPU per item:", all));
        for (var part : percent.entrySet()) {
            text.append(String.format(" %s %.3f ms,", part.getKey(), part.getValue() / 100 * seconds * 1000 / items));
        }
        return text.append(String.format(" all %.3f ms", all / 100 * seconds * 1000 / items)).toString();
    }
}
