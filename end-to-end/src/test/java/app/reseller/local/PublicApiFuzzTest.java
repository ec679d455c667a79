package app.reseller.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bad input never reaches a 5xx: every operation of the public OpenAPI document (the one the gateway
 * serves, read now, so a new operation is walked without anyone listing it), with bad values in every
 * path and query parameter and in every body field: wrong types, negative and huge numbers, empty,
 * very long and odd Unicode strings, nulls, extra and missing fields, deep JSON, wrong content types.
 * Each answer must be below 500; each 4xx must be problem+json; a 400 for a value in a named parameter
 * or field must name it in {@code violations[].field}; and a refused request stores nothing (the rows
 * of the three services' databases are counted before and after each operation's refused requests).
 * The figures are printed for the closing note. Runs last: the requests it does not refuse create
 * things (as customer-2 and as admin).
 */
@ExtendWith(SharedPlatform.class)
@org.junit.jupiter.api.Order(100)
class PublicApiFuzzTest {

    private static final String GATEWAY = "http://127.0.0.1:8080";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final List<String> DATABASES = List.of("billing", "channel", "messaging");
    /** Rows the platform writes on its own, whatever a request does: the outbox relay's and the consumers' bookkeeping. */
    private static final List<String> BACKGROUND_TABLES = List.of("outbox_event", "processed_event", "flyway_schema_history", "job_lease",
            // Wappin's callbacks for messages sent earlier arrive seconds apart (SENT, DELIVERED, READ), whatever this request does
            "wappin_callback", "message_status");

    private static LocalPlatform platform;
    private static JsonNode document;

    private final List<String> failures = new ArrayList<>();
    private int requests;
    private int serverErrors;
    private int nonProblem4xx;
    private int unnamed400;
    private int refused;
    private int storedByRefused;
    private boolean storedByDesign;

    @BeforeAll
    static void readTheDocument(LocalPlatform shared) throws Exception {
        platform = shared;
        document = JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(GATEWAY + "/api/v1/openapi.json")).build(),
                HttpResponse.BodyHandlers.ofString()).body());
    }

    @org.junit.jupiter.api.AfterAll
    static void closeTheCountingConnections() throws Exception {
        for (Connection db : COUNTING.values()) {
            db.close();
        }
    }

    @Test
    void everyOperationRefusesBadInputWithAProblemNamingTheFieldAndStoresNothing() throws Exception {
        long started = System.nanoTime();
        String admin = platform.keycloak().tokenFor("admin");
        String customer = platform.keycloak().tokenFor("customer-2");
        int operations = 0;
        for (Iterator<Map.Entry<String, JsonNode>> paths = document.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> methods = path.getValue().fields(); methods.hasNext(); ) {
                Map.Entry<String, JsonNode> method = methods.next();
                if (!List.of("get", "post", "put", "patch", "delete").contains(method.getKey())) {
                    continue;
                }
                operations++;
                fuzz(new Operation(method.getKey().toUpperCase(), path.getKey(), method.getValue()), admin, customer);
            }
        }
        System.out.printf("%nPublicApiFuzzTest: %d operations, %d requests, %d refused (4xx); 5xx = %d, non-problem 4xx = %d,"
                        + " 400 not naming the field = %d, refused requests that stored something = %d; %d s%n",
                operations, requests, refused, serverErrors, nonProblem4xx, unnamed400, storedByRefused,
                Duration.ofNanos(System.nanoTime() - started).toSeconds());
        java.nio.file.Files.write(SharedPlatform.ROOT.resolve("end-to-end/target/fuzz-failures.txt"), failures);
        assertTrue(operations > 50, "the document has its operations: " + operations);
        for (RecordingConsumer consumer : RECORDING_CONSUMERS) {
            // what a consumer applied came from its topic: if the outbox shows none of it, the in-flight check
            // looks for the wrong topic and waits for nothing (it once looked for "channel-events")
            long applied = count(consumer.database(), "select count(*) from processed_event where consumer = '" + consumer.name() + "'");
            long published = count(consumer.sourceDatabase(), "select count(*) from outbox_event where topic = '" + consumer.topic() + "'");
            assertTrue(applied == 0 || published > 0, consumer + " applied " + applied + " events, but its topic shows none published");
        }
        assertEquals(List.of(), failures.subList(0, Math.min(40, failures.size())), failures.size() + " failures");
    }

    private record Operation(String method, String template, JsonNode spec) {
        String name() {
            return method + " " + template;
        }
    }

    /** One bad request: where the bad value sits ("query page", "body days", or null for a whole-body fault). */
    private record Attempt(String field, String path, String contentType, String body) {
    }

    private void fuzz(Operation operation, String admin, String customer) throws Exception {
        if (operation.template().startsWith("/webhooks")) {
            return; // the providers' webhooks: authenticated by their own secrets, answered 200/401 by design (tests of their own)
        }
        // who may call it: the customer, else the admin (the gateway answers a route of the other role 403 before any
        // service reads the body, so the probe's body is unreadable on purpose: nothing is done by it). A customer
        // first: an admin must name the customer (?customerId=) on the routes both may call.
        String probeBody = bodySchema(operation) == null ? null : "{";
        String token = status(send(operation, validPath(operation), "application/json", probeBody, customer)) == 403
                ? admin : customer;
        boolean issuesKeys = operation.method().equals("POST") && operation.template().equals("/api/v1/api-keys");
        if (issuesKeys) {
            revokeKeysOf("customer-2", admin); // a customer may hold 50 usable keys: the probes must not meet that limit instead
        }
        repairBaseline(operation, token);
        List<Attempt> attempts = attempts(operation);
        Map<String, Long> before = rowsBefore();
        boolean accepted = false;
        storedByDesign = false;
        List<HttpResponse<String>> answers = issuesKeys ? null : sendAll(operation, attempts, token);
        for (int i = 0; i < attempts.size(); i++) {
            Attempt attempt = attempts.get(i);
            HttpResponse<String> answer = answers != null ? answers.get(i)
                    : send(operation, attempt.path(), attempt.contentType(), attempt.body(), token);
            requests++;
            int status = answer.statusCode();
            String where = operation.name() + " [" + (attempt.field() == null ? "whole body" : attempt.field()) + "] "
                    + shortened(attempt.path() + " " + (attempt.body() == null ? "" : attempt.body()));
            if (status >= 500) {
                serverErrors++;
                failures.add(where + " -> " + status + " " + shortened(answer.body()));
                continue;
            }
            if (status < 400) {
                accepted = true;
                if (issuesKeys) {
                    revokeKeysOf("customer-2", admin);
                }
                continue;
            }
            refused++;
            String type = answer.headers().firstValue("Content-Type").orElse("");
            if (!type.startsWith("application/problem+json")) {
                nonProblem4xx++;
                failures.add(where + " -> " + status + " not problem+json: " + type + " " + shortened(answer.body()));
                continue;
            }
            if (answer.body().contains("\"messageId\"")) {
                writtenSince = true;
                storedByDesign = true; // a send the provider refused is kept as FAILED and named in the problem (docs/messaging.md)
            }
            if (status == 400 && attempt.field() != null && !names(answer.body(), attempt.field()) && !sendsNoValidBody(operation)) {
                unnamed400++;
                failures.add(where + " -> 400 without violations[].field naming it: " + shortened(answer.body()));
            }
        }
        if (!accepted && !storedByDesign) {
            Map<String, Long> after = settledRows();
            if (!after.equals(before)) {
                storedByRefused++;
                failures.add(operation.name() + ": refused requests changed rows: " + before + " -> " + after);
            }
        }
    }

    /**
     * The body every single bad value is put into must itself be accepted, or a 400 for another field
     * hides whether the bad one was named: the fields the service names in the baseline's refusal are
     * given the first of some common valid values that it stops naming (an ISO currency, a phone, an
     * https address, an enum's value…).
     */
    private static void repairBaseline(Operation operation, String token) throws Exception {
        repairPathParameters(operation, token);
        JsonNode schema = bodySchema(operation);
        if (schema == null) {
            return;
        }
        if (!(validValue(schema, 0) instanceof ObjectNode body)) {
            return;
        }
        for (int round = 0; round < 40; round++) {
            HttpResponse<String> answer = send(operation, validPath(operation), "application/json", body.toString(), token);
            if (answer.statusCode() != 400) {
                break;
            }
            List<String> named = new ArrayList<>();
            JSON.readTree(answer.body()).path("violations").forEach(v -> named.add(v.path("field").asText().split("[.\\[]")[0]));
            named.removeIf(f -> !body.has(f));
            if (named.isEmpty()) {
                break;
            }
            String field = named.get(0);
            List<JsonNode> candidates = candidatesFor(properties(schema).path(field));
            int next = candidates.indexOf(body.get(field)) + 1;
            if (next >= candidates.size()) {
                break;
            }
            body.set(field, candidates.get(next));
        }
        BASELINES.put(operation.name(), body);
    }

    private static final Map<String, ObjectNode> BASELINES = new LinkedHashMap<>();

    /** A path parameter the service names in a refusal of the baseline (an event's name, a template's) gets a value that fits. */
    private static void repairPathParameters(Operation operation, String token) throws Exception {
        List<String> values = List.of("fuzz_template", "BalanceLow", "customer-2", "channels.events.billing-dlq");
        for (JsonNode parameter : parameters(operation)) {
            if (!parameter.path("in").asText().equals("path")) {
                continue;
            }
            String name = parameter.path("name").asText();
            for (String value : values) {
                String body = bodySchema(operation) == null ? null : validValue(bodySchema(operation), 0).toString();
                HttpResponse<String> answer = send(operation, validPath(operation), "application/json", body, token);
                if (answer.statusCode() != 400 || !names(answer.body(), "path " + name)) {
                    break;
                }
                PLACEHOLDERS.put(operation.name() + "/" + name, value);
            }
        }
    }

    /** The candidates of the field's JSON type (null first: an optional field left out). */
    private static List<JsonNode> candidatesFor(JsonNode property) {
        String type = resolve(property).path("type").asText("");
        List<JsonNode> fitting = new ArrayList<>();
        fitting.add(NODES.nullNode());
        for (JsonNode candidate : CANDIDATES) {
            boolean fits = switch (type) {
                case "array" -> candidate.isArray();
                case "integer", "number" -> candidate.isNumber();
                case "boolean" -> candidate.isBoolean();
                case "object" -> candidate.isObject();
                case "string" -> candidate.isTextual();
                default -> true;
            };
            if (fits) {
                fitting.add(candidate);
            }
        }
        return fitting;
    }

    private static final List<JsonNode> CANDIDATES = List.of(NODES.textNode("IDR"), NODES.textNode("+6281234567890"),
            NODES.textNode("https://example.com/hook"), NODES.textNode("templ_uat_2"), NODES.textNode("text"),
            NODES.textNode("MANUAL"), NODES.textNode("sandbox-partner-token"), NODES.textNode("2027-01-31T00:00:00Z"),
            NODES.textNode(UUID.randomUUID().toString()), NODES.numberNode(30), NODES.booleanNode(true),
            NODES.arrayNode().add("message.received"), NODES.arrayNode().add("channels:read"), NODES.arrayNode().add("x"),
            NODES.objectNode(), NODES.textNode("customer-2"), NODES.textNode("a reason"), NODES.textNode("POOL"));

    private static int status(HttpResponse<String> answer) {
        return answer.statusCode();
    }

    /** Every bad value in every parameter and field, each alone, the rest valid; then whole-body faults. */
    private static List<Attempt> attempts(Operation operation) {
        List<Attempt> attempts = new ArrayList<>();
        String validBody = validBody(operation);
        for (JsonNode parameter : parameters(operation)) {
            String name = parameter.path("name").asText();
            String in = parameter.path("in").asText();
            if (!in.equals("path") && !in.equals("query")) {
                continue;
            }
            for (String bad : BAD_TEXT) {
                String path = in.equals("path")
                        ? validPath(operation).replace(placeholderValue(operation, name), encode(bad))
                        : validPath(operation) + (validPath(operation).contains("?") ? "&" : "?") + name + "=" + encode(bad);
                if (in.equals("path") && bad.isEmpty()) {
                    continue; // an empty segment is another path
                }
                attempts.add(new Attempt((in.equals("path") ? "path " : "query ") + name, path, "application/json", validBody));
            }
        }
        JsonNode schema = bodySchema(operation);
        if (schema == null) {
            return attempts;
        }
        JsonNode base = baseline(operation, schema);
        ObjectNode valid = base instanceof ObjectNode object ? object : NODES.objectNode();
        for (Iterator<String> fields = properties(schema).fieldNames(); base instanceof ObjectNode && fields.hasNext(); ) {
            String field = fields.next();
            for (JsonNode bad : badValues()) {
                ObjectNode body = valid.deepCopy();
                body.set(field, bad);
                attempts.add(new Attempt("body " + field, validPath(operation), "application/json", body.toString()));
            }
            ObjectNode missing = valid.deepCopy();
            missing.remove(field);
            if (required(schema).contains(field)) {
                attempts.add(new Attempt("body " + field, validPath(operation), "application/json", missing.toString()));
            }
        }
        String path = validPath(operation);
        ObjectNode extra = valid.deepCopy();
        extra.put("unexpectedExtraField", "x");
        attempts.add(new Attempt(null, path, "application/json", extra.toString()));
        for (String whole : List.of("", "null", "[]", "{", "\"text\"", "12", "{\"a\":", deepJson(5_000), "{}".repeat(3))) {
            attempts.add(new Attempt(null, path, "application/json", whole));
        }
        attempts.add(new Attempt(null, path, "text/plain", valid.toString()));
        attempts.add(new Attempt(null, path, "application/xml", "<a/>"));
        attempts.add(new Attempt(null, path, "application/json; charset=latin1", valid.toString()));
        return attempts;
    }

    private static final List<String> BAD_TEXT = List.of("", "-1", "0", "2147483648", "-2147483649", "99999999999999999999",
            "1e3", "1.5", "NaN", "abc", "true", "null", "%00", "\u0000", "../../etc/passwd", "' or 1=1 --",
            "\u202Eevil", "😀", "x".repeat(2_000), "00000000-0000-0000-0000-000000000000", "2026-13-45T99:99:99Z");

    private static List<JsonNode> badValues() {
        List<JsonNode> values = new ArrayList<>();
        values.add(NODES.nullNode());
        values.add(NODES.textNode(""));
        values.add(NODES.textNode(" "));
        values.add(NODES.textNode("x".repeat(10_000)));
        values.add(NODES.textNode("\u0000\u202E😀\uFFFF"));
        values.add(NODES.textNode("abc"));
        values.add(NODES.numberNode(-1));
        values.add(NODES.numberNode(0));
        values.add(NODES.numberNode(Integer.MAX_VALUE + 1L));
        values.add(NODES.numberNode(Long.MIN_VALUE));
        values.add(NODES.numberNode(new java.math.BigInteger("99999999999999999999999999")));
        values.add(NODES.numberNode(1.5));
        values.add(NODES.numberNode(1e308));
        values.add(NODES.booleanNode(true));
        values.add(NODES.objectNode().put("nested", "x"));
        values.add(NODES.arrayNode().add(1).add("x"));
        return values;
    }

    private static String deepJson(int depth) {
        return "[".repeat(depth) + "]".repeat(depth);
    }

    // ---- the document ----

    private static List<JsonNode> parameters(Operation operation) {
        List<JsonNode> parameters = new ArrayList<>();
        operation.spec().path("parameters").forEach(p -> parameters.add(resolve(p)));
        return parameters;
    }

    /**
     * An operation whose body is not JSON (a multipart upload): the fuzzer sends none it would accept, so a
     * refusal of a bad parameter may name the missing body's fields first. Its answers are still held to no
     * 5xx and problem+json.
     */
    private static boolean sendsNoValidBody(Operation operation) {
        JsonNode content = resolve(operation.spec().path("requestBody")).path("content");
        return content.size() > 0 && !content.has("application/json");
    }

    private static JsonNode bodySchema(Operation operation) {
        JsonNode schema = resolve(operation.spec().path("requestBody")).path("content").path("application/json").path("schema");
        return schema.isMissingNode() ? null : resolve(schema);
    }

    private static JsonNode properties(JsonNode schema) {
        return schema.path("properties");
    }

    private static List<String> required(JsonNode schema) {
        List<String> names = new ArrayList<>();
        schema.path("required").forEach(n -> names.add(n.asText()));
        return names;
    }

    private static JsonNode resolve(JsonNode node) {
        for (int i = 0; i < 10 && node.has("$ref"); i++) {
            String[] parts = node.get("$ref").asText().substring(2).split("/");
            JsonNode target = document;
            for (String part : parts) {
                target = target.path(part);
            }
            node = target;
        }
        if (node.has("allOf") && node.get("allOf").size() == 1) {
            return resolve(node.get("allOf").get(0));
        }
        return node;
    }

    /** A value the schema accepts, as far as the schema says: the base every single bad value is put into. */
    private static JsonNode validValue(JsonNode schema, int depth) {
        schema = resolve(schema);
        if (schema.has("example")) {
            return schema.get("example");
        }
        if (schema.has("enum")) {
            return schema.get("enum").get(0);
        }
        String type = schema.path("type").asText(schema.has("properties") ? "object" : "string");
        switch (type) {
            case "object" -> {
                ObjectNode object = NODES.objectNode();
                if (depth < 4) {
                    for (Iterator<Map.Entry<String, JsonNode>> it = properties(schema).fields(); it.hasNext(); ) {
                        Map.Entry<String, JsonNode> property = it.next();
                        object.set(property.getKey(), validValue(property.getValue(), depth + 1));
                    }
                }
                return object;
            }
            case "array" -> {
                ArrayNode array = NODES.arrayNode();
                if (schema.path("minItems").asInt(0) > 0 && depth < 4) {
                    array.add(validValue(schema.path("items"), depth + 1));
                }
                return array;
            }
            case "integer", "number" -> {
                return NODES.numberNode(Math.max(1, schema.path("minimum").asLong(1)));
            }
            case "boolean" -> {
                return NODES.booleanNode(true);
            }
            default -> {
                String format = schema.path("format").asText("");
                return NODES.textNode(switch (format) {
                    case "uuid" -> UUID.randomUUID().toString();
                    case "date-time" -> java.time.Instant.now().toString();
                    case "date" -> java.time.LocalDate.now().toString();
                    case "uri", "url" -> "https://example.com/hook";
                    default -> "fuzz";
                });
            }
        }
    }

    private static String validBody(Operation operation) {
        JsonNode schema = bodySchema(operation);
        return schema == null ? null : baseline(operation, schema).toString();
    }

    private static JsonNode baseline(Operation operation, JsonNode schema) {
        ObjectNode repaired = BASELINES.get(operation.name());
        return repaired != null ? repaired.deepCopy() : validValue(schema, 0);
    }

    /** The operation's path with a fresh id in each path parameter (its own per parameter, so one can be replaced). */
    private static String validPath(Operation operation) {
        String path = operation.template(); // the document's paths are the gateway's (/api/v1/...)
        for (JsonNode parameter : parameters(operation)) {
            if (parameter.path("in").asText().equals("path")) {
                String name = parameter.path("name").asText();
                path = path.replace("{" + name + "}", placeholderValue(operation, name));
            }
        }
        return path;
    }

    private static final Map<String, String> PLACEHOLDERS = new LinkedHashMap<>();

    private static String placeholderValue(Operation operation, String name) {
        return PLACEHOLDERS.computeIfAbsent(operation.name() + "/" + name, k -> UUID.randomUUID().toString());
    }

    // ---- the wire ----

    /** Revokes every key the customer holds, so that issuing one is never refused for the customer's key limit. */
    private static void revokeKeysOf(String customerId, String admin) throws Exception {
        HttpResponse<String> keys = HTTP.send(HttpRequest.newBuilder(URI.create(GATEWAY + "/api/v1/api-keys?customerId=" + customerId))
                .header("Authorization", "Bearer " + admin).build(), HttpResponse.BodyHandlers.ofString());
        for (JsonNode key : JSON.readTree(keys.body())) {
            if (key.path("revokedAt").isNull() || key.path("revokedAt").isMissingNode()) {
                writtenSince = true;
                HTTP.send(HttpRequest.newBuilder(URI.create(GATEWAY + "/api/v1/api-keys/" + key.path("id").asText()))
                        .header("Authorization", "Bearer " + admin).DELETE().build(), HttpResponse.BodyHandlers.discarding());
            }
        }
    }

    /**
     * Sends the request, and again while the gateway's rate limit answers 429 (the fuzzer sends more a
     * minute than one address may): a probe that met the limit has not been judged, and a baseline
     * repair that met it would leave the baseline invalid, so every later probe of it would be read
     * against the wrong refusal.
     */
    /**
     * An operation's bad requests, six at a time (they are independent: each is judged on its own answer, and
     * what they stored is counted once all are answered); the answers in the order of the attempts. Only the
     * key-issuing operation goes one by one: each key it issues is revoked before the next request.
     */
    private static List<HttpResponse<String>> sendAll(Operation operation, List<Attempt> attempts, String token) throws Exception {
        List<java.util.concurrent.Future<HttpResponse<String>>> pending = new ArrayList<>();
        for (Attempt attempt : attempts) {
            pending.add(SENDERS.submit(() -> send(operation, attempt.path(), attempt.contentType(), attempt.body(), token)));
        }
        List<HttpResponse<String>> answers = new ArrayList<>();
        for (java.util.concurrent.Future<HttpResponse<String>> answer : pending) {
            answers.add(answer.get());
        }
        return answers;
    }

    private static final java.util.concurrent.ExecutorService SENDERS = java.util.concurrent.Executors.newFixedThreadPool(6, runnable -> {
        Thread thread = new Thread(runnable, "fuzz-sender");
        thread.setDaemon(true);
        return thread;
    });

    private static HttpResponse<String> send(Operation operation, String path, String contentType, String body, String token)
            throws Exception {
        AtomicReference<HttpResponse<String>> answer = new AtomicReference<>();
        org.awaitility.Awaitility.await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(500)).atMost(Duration.ofSeconds(120))
                .until(() -> {
                    answer.set(sendOnce(operation, path, contentType, body, token));
                    return answer.get().statusCode() != 429;
                });
        return answer.get();
    }

    private static HttpResponse<String> sendOnce(Operation operation, String path, String contentType, String body, String token)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(GATEWAY + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token)
                .header("Idempotency-Key", UUID.randomUUID().toString());
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8);
        if (body != null) {
            request.header("Content-Type", contentType);
        }
        HttpResponse<String> answer = HTTP.send(request.method(operation.method(), publisher).build(), HttpResponse.BodyHandlers.ofString());
        if (!operation.method().equals("GET") && answer.statusCode() < 400) {
            writtenSince = true;
        }
        return answer;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** Whether the problem's violations[].field names the parameter or field ("query page" -> "page"). */
    private static boolean names(String problem, String where) {
        String name = where.substring(where.indexOf(' ') + 1);
        try {
            for (JsonNode violation : JSON.readTree(problem).path("violations")) {
                String field = violation.path("field").asText();
                if (field.equals(name) || field.startsWith(name + ".") || field.startsWith(name + "[") || field.endsWith("." + name)) {
                    return true;
                }
            }
        } catch (Exception unreadable) {
            return false;
        }
        return false;
    }

    private static String shortened(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "…";
    }

    // ---- what is stored ----

    /** The rows as last found settled, and whether a request may have written since (a write answered below 400). */
    private static Map<String, Long> lastSettled;
    private static volatile boolean writtenSince = true;

    /**
     * The rows before an operation's bad values: the last settled count when nothing was written since
     * and a single count still finds it (most operations refuse every bad value: their "after" is the
     * next one's "before", without a second 600 ms wait); otherwise counted until they settle.
     */
    private static Map<String, Long> rowsBefore() throws Exception {
        if (!writtenSince && lastSettled != null && rows().equals(lastSettled)) {
            return lastSettled;
        }
        return settledRows();
    }

    /** The row count of every table of each service (but the background bookkeeping), once it stops changing. */
    private static Map<String, Long> settledRows() throws Exception {
        writtenSince = false; // from here on: a write answered below 400 during the wait makes the count suspect again
        Map<String, Long> settled = settledNow();
        lastSettled = settled;
        return settled;
    }

    private static Map<String, Long> settledNow() throws Exception {
        // an earlier accepted request may still be at work: its events unsent, or sent and not yet applied by every
        // service (a CI run counted messaging's owner of a channel, applied seconds after billing had applied the same
        // ChannelCreated, against the next operation's refused requests), or a channel it queued, created by the next
        // queue pass (every 5 s). So: nothing in flight, then 600 ms without a change. At most 30 s: what is still
        // moving then is compared as it stands, and if something stays in flight for longer (a channel WHAPI's window
        // holds back, an event parked as dead), later operations stop waiting for it.
        AtomicReference<Map<String, Long>> last = new AtomicReference<>(rows());
        try {
            org.awaitility.Awaitility.await().pollInterval(Duration.ofMillis(100)).during(Duration.ofMillis(600))
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> (stopWaitingForInFlight || inFlight() == 0) & last.getAndSet(rows()).equals(last.get()));
        } catch (org.awaitility.core.ConditionTimeoutException stillMoving) {
            long inFlight = inFlight();
            if (inFlight > 0 && !stopWaitingForInFlight) {
                stopWaitingForInFlight = true;
                System.out.printf("PublicApiFuzzTest: %d pieces of accepted work still in flight after 30 s; later counts do not wait for them%n",
                        inFlight);
            }
        }
        return last.get();
    }

    private static boolean stopWaitingForInFlight;

    /**
     * A consumer that records every event of its topic it acts on ({@code IdempotentConsumer}): its name in
     * processed_event, the database it records in, the topic (written by the outbox of the database the topic is
     * named after: "channel.events" comes from database channel), and the types it records (null: all).
     */
    private record RecordingConsumer(String name, String database, String topic, java.util.Set<String> types) {
        RecordingConsumer(String name, String database, String topic) {
            this(name, database, topic, null); // every type of its topic
        }

        String sourceDatabase() {
            return topic.substring(0, topic.indexOf('.'));
        }
    }

    private static final List<RecordingConsumer> RECORDING_CONSUMERS = List.of(
            new RecordingConsumer("billing.channel-events", "billing", "channel.events", SharedPlatform.BILLING_CHANNEL_EVENT_TYPES),
            new RecordingConsumer("channel.billing-events", "channel", "billing.events"),
            new RecordingConsumer("messaging.billing-events", "messaging", "billing.events"),
            new RecordingConsumer("messaging.channel-events", "messaging", "channel.events"));

    /**
     * Accepted work not finished yet: outbox events not published, events of the last two minutes a
     * recording consumer has not applied, and channels waiting to be created at WHAPI.
     */
    private static long inFlight() throws Exception {
        long inFlight = count("channel", "select count(*) from channel where state in ('QUEUED', 'CREATING')");
        for (String database : DATABASES) {
            inFlight += count(database, "select count(*) from outbox_event where sent_at is null");
        }
        for (RecordingConsumer consumer : RECORDING_CONSUMERS) {
            List<Object> recent = new ArrayList<>();
            Connection source = connection(consumer.sourceDatabase());
            try (java.sql.PreparedStatement ids = source.prepareStatement(
                    "select id from outbox_event where topic = ? and sent_at is not null and created_at > now() - interval '2 minutes'"
                            + (consumer.types() == null ? "" : " and type = any(?)"))) {
                ids.setString(1, consumer.topic());
                if (consumer.types() != null) {
                    ids.setArray(2, source.createArrayOf("text", consumer.types().toArray()));
                }
                try (ResultSet id = ids.executeQuery()) {
                    while (id.next()) {
                        recent.add(id.getObject(1));
                    }
                }
            }
            Connection target = connection(consumer.database());
            try (java.sql.PreparedStatement applied = target.prepareStatement(
                    "select count(*) from processed_event where consumer = ? and event_id = any(?)")) {
                applied.setString(1, consumer.name());
                applied.setArray(2, target.createArrayOf("uuid", recent.toArray()));
                try (ResultSet count = applied.executeQuery()) {
                    count.next();
                    inFlight += recent.size() - count.getLong(1);
                }
            }
        }
        return inFlight;
    }

    private static long count(String database, String sql) throws Exception {
        try (ResultSet count = connection(database).createStatement().executeQuery(sql)) {
            count.next();
            return count.getLong(1);
        }
    }

    /** One open connection per service database, and the one statement that counts all its tables (built once). */
    private static final Map<String, Connection> COUNTING = new LinkedHashMap<>();
    private static final Map<String, String> COUNT_ALL = new LinkedHashMap<>();

    private static Map<String, Long> rows() throws Exception {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String database : DATABASES) {
            try (ResultSet count = connection(database).createStatement().executeQuery(COUNT_ALL.get(database))) {
                while (count.next()) {
                    counts.put(database + "." + count.getString(1), count.getLong(2));
                }
            }
        }
        return counts;
    }

    private static Connection connection(String database) throws Exception {
        Connection db = COUNTING.get(database);
        if (db == null || db.isClosed()) {
            db = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + LocalPlatform.POSTGRES_PORT + "/" + database,
                    "postgres", "postgres");
            COUNTING.put(database, db);
            COUNT_ALL.put(database, countAllStatement(db));
        }
        return db;
    }

    /** select 't1', count(*) from "t1" union all … for every table but the background bookkeeping. */
    private static String countAllStatement(Connection db) throws Exception {
        List<String> counts = new ArrayList<>();
        try (ResultSet tables = db.createStatement().executeQuery("select tablename from pg_tables where schemaname = 'public' order by 1")) {
            while (tables.next()) {
                String table = tables.getString(1);
                if (!BACKGROUND_TABLES.contains(table)) {
                    counts.add("select '" + table + "', count(*) from \"" + table + "\"");
                }
            }
        }
        return String.join(" union all ", counts);
    }
}
