package app.reseller.local;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A built app given a property that Quarkus fixed at build time refuses to start, naming it, instead of
 * running on the built value as if the setting had taken (docs/configuration.md, "fixed when built").
 * The built gateway is started as a pod would start it, with such a variable in its environment.
 */
class BuildTimeSettingsRefusedTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void aBuiltAppGivenABuildTimePropertyRefusesToStartAndNamesIt() throws Exception {
        Path app = ROOT.resolve("gateway/target/quarkus-app/quarkus-run.jar");
        assertTrue(Files.exists(app), "the gateway is built: " + app);
        Path output = Files.createTempFile("build-time-setting", ".log");
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder start = new ProcessBuilder(List.of(java, "-Dquarkus.http.port=0", "-jar", app.toString()))
                .redirectErrorStream(true).redirectOutput(output.toFile());
        start.environment().put("QUARKUS_OTEL_TRACES_SAMPLER", "always_off");
        Process gateway = start.start();
        try {
            boolean ended = gateway.waitFor(60, TimeUnit.SECONDS);
            String said = Files.readString(output, StandardCharsets.UTF_8);
            assertTrue(ended, "the gateway did not stop; it said:\n" + said);
            assertNotEquals(0, gateway.exitValue(), "the gateway must not start; it said:\n" + said);
            assertTrue(said.contains("quarkus.otel.traces.sampler"), "the refusal names the property; the gateway said:\n" + said);
            assertTrue(!said.contains("Listening on"), "it never served; it said:\n" + said);
        } finally {
            gateway.destroyForcibly();
            Files.deleteIfExists(output);
        }
    }
}
