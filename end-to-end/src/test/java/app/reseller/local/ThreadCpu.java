package app.reseller.local;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The CPU of a JVM's threads (/proc/pid/task/tid/stat, user + system, in clock ticks of 1/100 s), so a benchmark
 * can say what kind of work a pod's CPU went to: compiling, collecting garbage, its event loops, its Kafka clients.
 * A round's share is {@link #since}: threads that ended during it are left out, threads born in it count whole.
 */
final class ThreadCpu {

    static final List<String> KINDS = List.of("event loops", "kafka", "workers", "compiler", "gc", "other");

    /** Each thread's ticks by its id, and its kind. */
    private final Map<String, Long> ticks = new HashMap<>();
    private final Map<String, String> kinds = new HashMap<>();

    static ThreadCpu of(long pid) throws IOException {
        ThreadCpu snapshot = new ThreadCpu();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/" + pid + "/task"))) {
            for (Path task : tasks) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String tid = task.getFileName().toString();
                    snapshot.ticks.put(tid, ticks(stat));
                    snapshot.kinds.put(tid, kind(stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'))));
                } catch (IOException ended) {
                    // the thread ended between the listing and the read: it is not in this snapshot
                }
            }
        }
        return snapshot;
    }

    /** A process's CPU (user + system) in clock ticks. */
    static long ticks(long pid) throws IOException {
        return ticks(Files.readString(Path.of("/proc/" + pid + "/stat")));
    }

    /** User + system ticks from a process's or a thread's stat line. */
    private static long ticks(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" "); // after "pid (name) ": state is field 3
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime: fields 14 and 15
    }

    /** Ticks by kind of thread from {@code before} to this snapshot. */
    Map<String, Long> since(ThreadCpu before) {
        Map<String, Long> byKind = new LinkedHashMap<>();
        KINDS.forEach(kind -> byKind.put(kind, 0L));
        ticks.forEach((key, now) -> byKind.merge(kinds.get(key), now - before.ticks.getOrDefault(key, 0L), Long::sum));
        return byKind;
    }

    /** A thread's kind from its name, as Linux keeps it (the first 15 characters). */
    static String kind(String name) {
        if (name.startsWith("vert.x-eventloo")) {
            return "event loops";
        }
        if (name.contains("kafka")) { // smallrye-kafka-*, kafka-producer-network-thread, kafka-coordinator-*
            return "kafka";
        }
        if (name.startsWith("executor-thread") || name.startsWith("vert.x-worker") || name.startsWith("vert.x-internal")) {
            return "workers";
        }
        if (name.contains("CompilerThre")) {
            return "compiler";
        }
        // Serial GC (the pods') collects in the VM thread, which also runs the other safepoint operations
        if (name.equals("VM Thread") || name.startsWith("GC Thread") || name.startsWith("G1 ")) {
            return "gc";
        }
        return "other";
    }
}
