package app.reseller.gateway.service;

import app.reseller.gateway.client.Services;
import app.reseller.gateway.config.GatewayConfig;
import app.reseller.gateway.routing.Downstream;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.smallrye.openapi.api.OpenApiConfig;
import io.smallrye.openapi.runtime.io.Format;
import io.smallrye.openapi.runtime.io.OpenApiParser;
import io.smallrye.openapi.runtime.io.OpenApiSerializer;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.jboss.logging.Logger;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The public OpenAPI document, built ({@link PublicApiDocument}) from the services' own
 * descriptions, fetched and parsed into the OpenAPI model, and the gateway's own. Kept for a minute;
 * a service that does not answer leaves its routes out (and the document says so in
 * {@code x-missing-services}), and such a document is not kept.
 */
@ApplicationScoped
public class OpenApiMerger {

    private static final Logger LOG = Logger.getLogger(OpenApiMerger.class);
    private static final Duration KEEP = Duration.ofMinutes(1);
    /** Where Quarkus puts the description it generated from the gateway's own resources at build time. */
    private static final String OWN_DESCRIPTION = "META-INF/quarkus-generated-openapi-doc.JSON";

    private final Services services;
    private final ObjectMapper json;
    private final Clock clock;
    private final PublicApiDocument document;
    private final OpenApiConfig parsing = OpenApiConfig.fromConfig(ConfigProvider.getConfig());
    private volatile JsonNode cached;
    private volatile Instant cachedAt = Instant.EPOCH;

    public OpenApiMerger(Services services, ObjectMapper json, Clock clock, GatewayConfig config) {
        this.clock = clock;
        this.services = services;
        this.json = json;
        this.document = new PublicApiDocument(config.publicUrl());
    }

    public Uni<JsonNode> document() {
        if (cached != null && cachedAt.plus(KEEP).isAfter(clock.instant())) {
            return Uni.createFrom().item(cached);
        }
        Map<Downstream, JsonNode> docs = new ConcurrentHashMap<>();
        return Uni.join().all(Arrays.stream(Downstream.values())
                        .map(d -> services.openapi(d).invoke(doc -> docs.put(d, doc)).onFailure().recoverWithNull())
                        .toList()).andFailFast()
                .map(ignored -> merge(docs))
                .invoke(doc -> {
                    if (!doc.has("x-missing-services")) {
                        cached = doc;
                        cachedAt = clock.instant();
                    }
                });
    }

    JsonNode merge(Map<Downstream, JsonNode> docs) {
        Map<Downstream, PublicApiDocument.Source> sources = new EnumMap<>(Downstream.class);
        docs.forEach((downstream, doc) -> sources.put(downstream, new PublicApiDocument.Source(parse(doc.toString()), doc)));
        try {
            return json.readTree(OpenApiSerializer.serialize(document.build(sources, ownDescription()), Format.JSON));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private PublicApiDocument.Source ownDescription() {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(OWN_DESCRIPTION)) {
            if (in == null) {
                LOG.warnf("%s is missing: the gateway's own operations are left out of the public document", OWN_DESCRIPTION);
                return null;
            }
            JsonNode own = json.readTree(in);
            return new PublicApiDocument.Source(parse(own.toString()), own);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private OpenAPI parse(String description) {
        return OpenApiParser.parse(new ByteArrayInputStream(description.getBytes(StandardCharsets.UTF_8)), Format.JSON, parsing);
    }
}
