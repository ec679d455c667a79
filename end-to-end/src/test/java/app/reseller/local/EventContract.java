package app.reseller.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.fge.jsonschema.core.report.ProcessingReport;
import com.github.fge.jsonschema.main.JsonSchema;
import com.github.fge.jsonschema.main.JsonSchemaFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The event catalogue's JSON Schemas (docs/events/schemas, referenced by docs/asyncapi.yaml), checked
 * against real records: every payload must match the schema of its CloudEvents type, and every
 * record must carry the CloudEvents attributes consumers rely on.
 */
final class EventContract {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path schemas;
    private final List<String> violations = new ArrayList<>();
    private final Set<String> typesSeen = new TreeSet<>();

    EventContract(Path schemas) {
        this.schemas = schemas;
    }

    void check(List<ConsumerRecord<String, String>> records) throws Exception {
        for (ConsumerRecord<String, String> record : records) {
            String type = header(record, "ce_type");
            String where = record.topic() + "@" + record.partition() + ":" + record.offset() + " " + type;
            if (type == null || header(record, "ce_id") == null || header(record, "ce_source") == null
                    || !"1.0".equals(header(record, "ce_specversion"))) {
                violations.add(where + ": CloudEvents attributes missing");
                continue;
            }
            Path schemaFile = schemas.resolve(type + ".json");
            if (!Files.exists(schemaFile)) {
                violations.add(where + ": no schema in the catalogue");
                continue;
            }
            typesSeen.add(type);
            JsonSchema schema = JsonSchemaFactory.byDefault().getJsonSchema(JSON.readTree(schemaFile.toFile()));
            JsonNode payload = JSON.readTree(record.value());
            ProcessingReport report = schema.validate(payload);
            if (!report.isSuccess()) {
                report.forEach(message -> {
                    if ("error".equals(message.getLogLevel().toString())) {
                        violations.add(where + ": " + message.getMessage() + " in " + record.value());
                    }
                });
            }
        }
    }

    List<String> violations() {
        return violations;
    }

    Set<String> typesSeen() {
        return typesSeen;
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        var h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
