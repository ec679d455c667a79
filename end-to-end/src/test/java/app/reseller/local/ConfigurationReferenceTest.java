package app.reseller.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
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
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every configuration property the apps read appears in docs/configuration.md: the properties of
 * every {@code @ConfigMapping} interface (prefix, group, kebab-case name) and every key of the
 * apps' application.properties and microprofile-config.properties. And a Quarkus property is offered
 * as an environment variable only if the built app reads it at run time.
 */
class ConfigurationReferenceTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern PREFIX = Pattern.compile("@ConfigMapping\\(prefix = \"([^\"]+)\"\\)");
    private static final Pattern METHOD = Pattern.compile("^\\s+([\\w<>]+) (\\w+)\\(\\);");
    private static final Pattern INTERFACE = Pattern.compile("^\\s+interface (\\w+) \\{");
    /** A config model's property in parts: a map's key ("name"), a wildcard, or plain text. */
    private static final Pattern PROPERTY_PART = Pattern.compile("\"[^\"]*\"|\\*|[^\"*]+");
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

    /**
     * Quarkus fixes some of its properties when an app is built; a pod's environment cannot change them
     * (QUARKUS_OTEL_TRACES_SAMPLER did nothing, and docs/observability.md told operators to set it). Which
     * ones is in each extension's own config model, read here from the jars the built apps run with.
     */
    @Test
    void aQuarkusPropertyIsOfferedAsAnEnvironmentVariableOnlyIfTheBuiltAppsReadItAtRunTime() throws IOException {
        Map<Pattern, String> phases = new HashMap<>();
        for (String app : List.of("billing-service", "channel-service", "messaging-service", "gateway")) {
            Path lib = ROOT.resolve(app).resolve("target/quarkus-app/lib/main");
            assertTrue(Files.isDirectory(lib), "the apps are built: " + lib);
            try (Stream<Path> jars = Files.list(lib)) {
                for (Path jar : jars.filter(j -> j.getFileName().toString().startsWith("io.quarkus.")).toList()) {
                    phases.putAll(configPhases(jar));
                }
            }
        }
        assertTrue(phases.size() > 500, "Quarkus's config models were found: " + phases.size());
        List<String> wrong = new ArrayList<>();
        int checked = 0;
        for (String row : Files.readAllLines(ROOT.resolve("docs/configuration.md"))) {
            String[] cells = row.split(" \\| ");
            if (!row.startsWith("| `quarkus.") || cells.length < 3) {
                continue;
            }
            String key = cells[0].substring(3, cells[0].length() - 1);
            String environment = cells[1];
            // a property no jar of the built apps declares is read by the build alone (swagger-ui, openapi...)
            String phase = phaseOf(phases, key);
            boolean fixedWhenBuilt = phase == null || phase.startsWith("BUILD");
            checked++;
            if (fixedWhenBuilt && !environment.equals("fixed when built")) {
                wrong.add(key + ": " + (phase == null ? "read by the build alone" : phase)
                        + ", so its variable column must say 'fixed when built', not " + environment);
            } else if (!fixedWhenBuilt && environment.equals("fixed when built")) {
                wrong.add(key + ": read at run time, so its variable column names the variable");
            }
        }
        assertTrue(checked > 40, "the Quarkus rows were read: " + checked);
        assertTrue(wrong.isEmpty(), "docs/configuration.md: " + wrong);
    }

    /**
     * Every variable the Kubernetes manifests give an app is one that app reads: listed here for it (or for a
     * shared module it is built with), or named in its own properties as ${VARIABLE}. A misspelt or misplaced
     * variable is otherwise ignored without a word, and the pod runs on the default.
     */
    @Test
    void everyVariableTheManifestsGiveAnAppIsOneThatAppReads() throws IOException {
        Map<String, List<String>> readBy = new HashMap<>();
        for (String row : Files.readAllLines(ROOT.resolve("docs/configuration.md"))) {
            String[] cells = row.split(" \\| ");
            if (row.startsWith("| `") && cells.length >= 4 && cells[1].matches("`[A-Z][A-Z0-9_]*`")) {
                readBy.computeIfAbsent(cells[1].substring(1, cells[1].length() - 1), v -> new ArrayList<>()).add(cells[3]);
            }
        }
        List<String> wrong = new ArrayList<>();
        int checked = 0;
        for (String app : APP_MODULES.keySet()) {
            Path manifests = ROOT.resolve("deploy/base/apps").resolve(app);
            StringBuilder ownProperties = new StringBuilder();
            for (String module : APP_MODULES.get(app)) {
                Path properties = ROOT.resolve(module).resolve(module.startsWith("platform-")
                        ? "src/main/resources/META-INF/microprofile-config.properties" : "src/main/resources/application.properties");
                if (Files.exists(properties)) {
                    ownProperties.append(Files.readString(properties));
                }
            }
            try (Stream<Path> files = Files.list(manifests)) {
                for (Path manifest : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                    Matcher variable = MANIFEST_VARIABLE.matcher(Files.readString(manifest));
                    while (variable.find()) {
                        String name = variable.group(1) != null ? variable.group(1) : variable.group(2);
                        checked++;
                        boolean listed = readBy.getOrDefault(name, List.of()).stream()
                                .anyMatch(where -> where.contains("every") || APP_MODULES.get(app).stream().anyMatch(where::contains));
                        if (!listed && !ownProperties.toString().contains("${" + name)) {
                            wrong.add(app + " (" + manifest.getFileName() + "): " + name);
                        }
                    }
                }
            }
        }
        assertTrue(checked > 40, "the manifests' variables were read: " + checked);
        assertTrue(wrong.isEmpty(), "variables the manifests set that the app does not read (or docs/configuration.md does not "
                + "list for it): " + wrong);
    }

    /** Each app and the modules it is built with, whose properties it reads. */
    private static final Map<String, List<String>> APP_MODULES = Map.of(
            "billing-service", List.of("billing-service", "platform-events", "platform-web"),
            "channel-service", List.of("channel-service", "platform-events", "platform-secrets", "platform-calls", "platform-web"),
            "messaging-service", List.of("messaging-service", "platform-events", "platform-secrets", "platform-calls", "platform-web"),
            "gateway", List.of("gateway", "platform-calls", "platform-web"));

    /** A ConfigMap's key ("  NAME: value") or a container's variable ("- name: NAME"). */
    private static final Pattern MANIFEST_VARIABLE = Pattern.compile("(?m)^  ([A-Z][A-Z0-9_]+):|- name: ([A-Z][A-Z0-9_]+)\\b");

    /** property (a pattern: a map's key or a * is any one segment) -> phase, from a jar's config model. */
    private static Map<Pattern, String> configPhases(Path jar) throws IOException {
        Map<Pattern, String> out = new HashMap<>();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            ZipEntry model = zip.getEntry("META-INF/quarkus-config-doc/quarkus-config-model.json");
            if (model == null) {
                return out;
            }
            try (InputStream in = zip.getInputStream(model)) {
                for (JsonNode root : new ObjectMapper().readTree(in).path("configRoots")) {
                    collect(root.path("items"), out);
                }
            }
        }
        return out;
    }

    private static void collect(JsonNode items, Map<Pattern, String> out) {
        for (JsonNode item : items) {
            collect(item.path("items"), out);
            if (item.hasNonNull("phase") && item.path("path").hasNonNull("property")) {
                out.put(propertyPattern(item.path("path").path("property").asText()), item.path("phase").asText());
                for (JsonNode other : item.path("additionalPaths")) {
                    out.put(propertyPattern(other.path("property").asText()), item.path("phase").asText());
                }
            }
        }
    }

    private static Pattern propertyPattern(String property) {
        StringBuilder regex = new StringBuilder();
        Matcher part = PROPERTY_PART.matcher(property);
        while (part.find()) {
            String text = part.group();
            regex.append(text.startsWith("\"") || text.equals("*") ? "(?:\"[^\"]*\"|[^.]+)" : Pattern.quote(text));
        }
        return Pattern.compile(regex.toString());
    }

    private static String phaseOf(Map<Pattern, String> phases, String key) {
        return phases.entrySet().stream().filter(e -> e.getKey().matcher(key).matches())
                .map(Map.Entry::getValue).findFirst().orElse(null);
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
