package app.reseller.local;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Stops processes with their children (a launcher script's JVM, Kafka's), politely first. */
final class ProcessTrees {

    private ProcessTrees() {
    }

    /** SIGTERM to each process and its descendants at once; SIGKILL to any still there after 20 s. */
    static void stop(Collection<Process> processes) {
        List<ProcessHandle> all = new ArrayList<>();
        for (Process process : processes) {
            process.descendants().forEach(all::add);
            all.add(process.toHandle());
        }
        all.forEach(ProcessHandle::destroy);
        for (ProcessHandle handle : all) {
            try {
                handle.onExit().get(20, TimeUnit.SECONDS);
            } catch (Exception slow) {
                handle.destroyForcibly();
            }
        }
    }
}
