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
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirementsSet;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The one OpenAPI of the public API (Swagger UI at /q/swagger-ui shows it). */
@Path("/api/v1/openapi.json")
@Tag(name = "API description")
@PermitAll
@SecurityRequirementsSet // open: a client generator reads it before it has a token
public class OpenApiResource {

    private final OpenApiMerger merger;

    public OpenApiResource(OpenApiMerger merger) {
        this.merger = merger;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "getOpenApiDocument", summary = "The OpenAPI description of every public route, built from the services' own")
    @APIResponse(responseCode = "200", description = "An OpenAPI 3.1 document",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT)))
    public Uni<JsonNode> document() {
        return merger.document();
    }
}
