package app.reseller.local;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A minimal OpenTelemetry collector for the end-to-end tests: takes OTLP/HTTP protobuf exports on
 * {@code /v1/traces} (what every app sends once its OTLP endpoint is configured) and keeps the
 * spans in memory, each with the service that exported it.
 */
final class OtlpCollector implements AutoCloseable {

    static final int PORT = 14318;

    /** One exported span: the app (service.name), its name and kind, its trace, itself, its parent, its string attributes. */
    record ExportedSpan(String service, String name, String kind, String traceId, String spanId, String parentSpanId,
                        java.util.Map<String, String> attributes) {
    }

    private final HttpServer server;
    private final List<ExportedSpan> spans = new CopyOnWriteArrayList<>();

    OtlpCollector() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", PORT), 0);
        server.createContext("/v1/traces", exchange -> {
            try (InputStream body = exchange.getRequestBody()) {
                record(ExportTraceServiceRequest.parseFrom(body));
                byte[] answer = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
                exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
                exchange.sendResponseHeaders(200, answer.length);
                exchange.getResponseBody().write(answer);
            } catch (RuntimeException e) {
                exchange.sendResponseHeaders(400, -1);
            } finally {
                exchange.close();
            }
        });
        server.start();
    }

    String endpoint() {
        return "http://127.0.0.1:" + PORT;
    }

    List<ExportedSpan> spansOf(String traceId) {
        return spans.stream().filter(s -> s.traceId().equals(traceId)).toList();
    }

    private void record(ExportTraceServiceRequest request) {
        HexFormat hex = HexFormat.of();
        for (ResourceSpans resource : request.getResourceSpansList()) {
            String service = resource.getResource().getAttributesList().stream()
                    .filter(a -> a.getKey().equals("service.name")).map(KeyValue::getValue).map(v -> v.getStringValue())
                    .findFirst().orElse("?");
            resource.getScopeSpansList().forEach(scope -> scope.getSpansList().forEach(span -> spans.add(new ExportedSpan(service,
                    span.getName(), span.getKind().name(), hex.formatHex(span.getTraceId().toByteArray()),
                    hex.formatHex(span.getSpanId().toByteArray()), hex.formatHex(span.getParentSpanId().toByteArray()),
                    span.getAttributesList().stream().filter(a -> a.getValue().hasStringValue()).collect(java.util.stream.Collectors.toMap(
                            KeyValue::getKey, a -> a.getValue().getStringValue(), (a, b) -> b))))));
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
