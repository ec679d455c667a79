package app.reseller.gateway.rest;

import app.reseller.gateway.service.OpenApiMerger;
import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The one OpenAPI of the public API (Swagger UI at /q/swagger-ui shows it). */
@Path("/api/v1/openapi.json")
@Tag(name = "API description")
@PermitAll
public class OpenApiResource {

    private final OpenApiMerger merger;

    public OpenApiResource(OpenApiMerger merger) {
        this.merger = merger;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The OpenAPI description of every public route, built from the services' own")
    public Uni<JsonNode> document() {
        return merger.document();
    }
}
