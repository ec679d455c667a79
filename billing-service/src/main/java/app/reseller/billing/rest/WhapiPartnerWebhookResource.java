package app.reseller.billing.rest;

import app.reseller.billing.service.PartnerDaysService;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.Map;

/**
 * WHAPI's partner webhook (event "days"): the partner's remaining days, sent when they fall below its
 * days_limit. Public (WHAPI has no bearer JWT and sets no header of ours): the URL's last segment is
 * its secret (billing.whapi-partner-webhook.secret); the gateway forwards this path unchanged.
 */
@Path("/webhooks/whapi-partner/{secret}")
@Tag(name = "Webhooks")
@PermitAll
public class WhapiPartnerWebhookResource {

    private final PartnerDaysService partnerDays;

    public WhapiPartnerWebhookResource(PartnerDaysService partnerDays) {
        this.partnerDays = partnerDays;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "WHAPI's partner days report; answered once it is stored (a repeat of the same body on one day: not again)",
            description = "No bearer token: the last path segment is the secret set with the partner webhook's URL; another is a 404."
                    + " The body is stored as it came and read defensively (its shape is not documented).")
    public Uni<Map<String, Object>> receive(@PathParam("secret") String secret, String body) {
        partnerDays.authenticate(secret);
        return partnerDays.receive(body).map(received -> Map.of("stored", received.stored()));
    }
}
