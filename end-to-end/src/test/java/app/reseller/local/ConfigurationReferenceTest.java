package app.reseller.local;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every configuration property the apps read appears in docs/configuration.md: the properties of
 * every {@code @ConfigMapping} interface (prefix, group, kebab-case name) and every key of the
 * apps' application.properties and microprofile-config.properties.
 */
class ConfigurationReferenceTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern PREFIX = Pattern.compile("@ConfigMapping\\(prefix = \"([^\"]+)\"\\)");
    private static final Pattern METHOD = Pattern.compile("^\\s+([\\w<>]+) (\\w+)\\(\\);");
    private static final Pattern INTERFACE = Pattern.compile("^\\s+interface (\\w+) \\{");
    private static final Pattern WITH_NAME = Pattern.compile("@WithName\\(\"([^\"]+)\"\\)");

    @Test
    void everyPropertyTheAppsReadIsInTheConfigurationReference() throws IOException {
        String reference = Files.readString(ROOT.resolve("docs/configuration.md"));
        TreeSet<String> properties = new TreeSet<>();
        try (Stream<Path> files = Files.walk(ROOT)) {
            for (Path file : files.filter(ConfigurationReferenceTest::isSource).toList()) {
                String name = file.getFileName().toString();
                if (name.endsWith(".java")) {
                    properties.addAll(mappingProperties(Files.readString(file)));
                } else {
                    properties.addAll(propertyKeys(Files.readAllLines(file)));
                }
            }
        }
        assertTrue(properties.size() > 100, "the sources were found: " + properties.size());
        List<String> missing = properties.stream().filter(p -> !reference.contains("`" + p + "`")).toList();
        assertTrue(missing.isEmpty(), "not in docs/configuration.md: " + missing);
    }

    private static boolean isSource(Path file) {
        String path = ROOT.relativize(file).toString();
        if (path.contains("/target/") || path.startsWith(".") || path.contains("/src/test/")) {
            return false;
        }
        return path.endsWith("application.properties") || path.endsWith("microprofile-config.properties")
                || path.endsWith("Config.java") || path.endsWith("Configuration.java");
    }

    /** prefix.group.name for each leaf method of a @ConfigMapping interface (nested groups one level deep). */
    static List<String> mappingProperties(String source) {
        Matcher prefix = PREFIX.matcher(source);
        if (!prefix.find()) {
            return List.of();
        }
        String[] lines = source.split("\n");
        Map<String, String> groups = new HashMap<>();
        for (String line : lines) {
            Matcher m = METHOD.matcher(line);
            if (m.find() && source.contains("interface " + m.group(1) + " {")) {
                groups.put(m.group(1), kebab(m.group(2)));
            }
        }
        List<String> out = new ArrayList<>();
        String group = null;
        String withName = null;
        for (String line : lines) {
            Matcher nested = INTERFACE.matcher(line);
            if (nested.find()) {
                group = groups.get(nested.group(1));
                continue;
            }
            if (line.startsWith("    }")) {
                group = null;
            }
            Matcher named = WITH_NAME.matcher(line);
            if (named.find()) {
                withName = named.group(1);
            }
            Matcher m = METHOD.matcher(line);
            if (m.find() && !groups.containsKey(m.group(1))) {
                out.add(prefix.group(1) + "." + (group == null ? "" : group + ".") + (withName != null ? withName : kebab(m.group(2))));
                withName = null;
            }
        }
        return out;
    }

    /** The keys of a properties file, without their %profile. prefix. */
    static List<String> propertyKeys(List<String> lines) {
        return lines.stream().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#") && l.contains("="))
                .map(l -> l.substring(0, l.indexOf('=')).strip())
                .map(k -> k.startsWith("%") ? k.substring(k.indexOf('.') + 1) : k)
                .toList();
    }

    private static String kebab(String name) {
        return name.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
    }
}
