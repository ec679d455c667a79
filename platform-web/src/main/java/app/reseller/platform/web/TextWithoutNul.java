package app.reseller.platform.web;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * No text with a NUL character (U+0000) gets in: PostgreSQL cannot store it in a text column and
 * refuses the whole statement, which surfaced as a 500 (a customer id of "%00", a body field of
 * "\u0000"). Refused at the edge instead, as a 400 naming the parameter or field: body strings by
 * the JSON reader (every String a body maps to), path and query parameters by a request filter.
 */
public final class TextWithoutNul {

    private static final char NUL = '\u0000';

    private TextWithoutNul() {
    }

    /** Body strings: the JSON reader refuses one with a NUL, naming its field (ProblemMappers). */
    @Singleton
    public static class InBodies implements ObjectMapperCustomizer {
        @Override
        public void customize(ObjectMapper mapper) {
            mapper.registerModule(new SimpleModule("text-without-nul").addDeserializer(String.class, new StringDeserializer() {
                @Override
                public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
                    String value = super.deserialize(parser, context);
                    if (value != null && value.indexOf(NUL) >= 0) {
                        throw com.fasterxml.jackson.databind.exc.InvalidFormatException.from(parser,
                                "text may not contain the NUL character", value, String.class);
                    }
                    return value;
                }
            }));
        }
    }

    /** Path and query parameters, once the resource method is matched (so their names are known). */
    public static class InParameters {
        @ServerRequestFilter
        public Optional<Response> refuseNul(UriInfo uri) {
            return named(uri.getPathParameters()).or(() -> named(uri.getQueryParameters()))
                    .map(name -> ProblemMappers.respond(400, "invalid-request", "The request is not valid",
                            name + ": may not contain the NUL character", uri,
                            Map.of("violations", List.of(Map.of("field", name, "message", "may not contain the NUL character")))));
        }

        private static Optional<String> named(MultivaluedMap<String, String> parameters) {
            for (var entry : parameters.entrySet()) {
                for (String value : entry.getValue()) {
                    if (value != null && value.indexOf(NUL) >= 0) {
                        return Optional.of(entry.getKey());
                    }
                }
            }
            return Optional.empty();
        }
    }
}
