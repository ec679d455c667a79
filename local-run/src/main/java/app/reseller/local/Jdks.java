package app.reseller.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds a JDK of at least a given version for a tool that needs a newer Java than the platform's 17
 * (Keycloak needs 21+): {@code KEYCLOAK_JAVA_HOME}, then {@code JAVA_HOME}, then the JVM running
 * this, then the newest under {@code /usr/lib/jvm} (where our machines carry a Temurin JDK 25 beside
 * the default 17). {@code .ci/run} installs one when none is there.
 */
final class Jdks {

    private static final Pattern VERSION = Pattern.compile("JAVA_VERSION=\"(\\d+)");

    private Jdks() {
    }

    static Path atLeast(int major) {
        Stream<Path> named = Stream.of(System.getenv("KEYCLOAK_JAVA_HOME"), System.getenv("JAVA_HOME"), System.getProperty("java.home"))
                .filter(home -> home != null && !home.isBlank()).map(Path::of);
        Optional<Path> found = named.filter(home -> major(home) >= major).findFirst().or(() -> newestUnder(Path.of("/usr/lib/jvm"), major));
        return found.orElseThrow(() -> new IllegalStateException("Keycloak needs a JDK " + major
                + " or newer: none found (set KEYCLOAK_JAVA_HOME, or install one under /usr/lib/jvm; .ci/run does)"));
    }

    private static Optional<Path> newestUnder(Path folder, int major) {
        if (!Files.isDirectory(folder)) {
            return Optional.empty();
        }
        try (Stream<Path> homes = Files.list(folder)) {
            return homes.filter(home -> major(home) >= major && Files.isExecutable(home.resolve("bin/java")))
                    .max(Comparator.comparingInt(Jdks::major));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The major version a JDK's release file names, or 0. */
    static int major(Path home) {
        try {
            Matcher m = VERSION.matcher(Files.readString(home.resolve("release")));
            return m.find() ? Integer.parseInt(m.group(1)) : 0;
        } catch (IOException | RuntimeException unreadable) {
            return 0;
        }
    }
}
