package app.reseller.sandbox.wappin;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;
import java.util.Map;

/** What tests and the local run need from the simulated Wappin beyond its own API. */
@Path("/_sandbox/wappin")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Sandbox control: Wappin")
public class WappinControlResource {

    private final WappinSimulator wappin;
    private final WappinCallbacks callbacks;

    public WappinControlResource(WappinSimulator wappin, WappinCallbacks callbacks) {
        this.wappin = wappin;
        this.callbacks = callbacks;
    }

    public record CallbackSettings(@NotBlank String url, String token, @Min(1) @Max(3) Integer copies, Boolean outOfOrder) {
    }

    public record Template(@NotBlank String name, @NotNull @Min(0) @Max(20) Integer params, Boolean sms) {
    }

    public record Inbound(@NotBlank String senderNumber, @NotBlank String content) {
    }

    @PUT
    @Path("callback")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Where callbacks go and with which token; copies (1-3) and outOfOrder simulate Wappin's retries")
    public CallbackSettings configureCallback(@Valid @NotNull CallbackSettings settings) {
        callbacks.configure(new WappinCallbacks.Settings(settings.url(), settings.token(),
                settings.copies() == null ? 1 : settings.copies(), Boolean.TRUE.equals(settings.outOfOrder())));
        return settings;
    }

    @POST
    @Path("templates")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Approve a template (HSM, or SMS with sms=true) with its parameter count")
    public Template addTemplate(@Valid @NotNull Template template) {
        wappin.addTemplate(template.name(), template.params(), Boolean.TRUE.equals(template.sms()));
        return template;
    }

    @PUT
    @Path("not-on-whatsapp/{number}")
    @Operation(summary = "This number answers 601 from now on (numbers starting with 62999 always do)")
    public Map<String, String> notOnWhatsApp(@PathParam("number") String number) {
        wappin.markNotOnWhatsApp(number);
        return Map.of("number", number);
    }

    @POST
    @Path("tokens/expire")
    @Operation(summary = "Every access token issued so far expires now")
    public Map<String, Integer> expireTokens() {
        wappin.expireAllTokens();
        return stats();
    }

    @GET
    @Path("stats")
    @Operation(summary = "How many token requests were made")
    public Map<String, Integer> stats() {
        return Map.of("tokenRequests", wappin.tokenRequests());
    }

    @POST
    @Path("inbound")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "A WhatsApp user writes to the project's number: a 'message' callback")
    public Map<String, String> inbound(@Valid @NotNull Inbound message) {
        callbacks.inbound(message.senderNumber(), message.content());
        return Map.of("sent", "message callback");
    }

    @GET
    @Path("callback-deliveries")
    @Operation(summary = "Every callback attempt and what the receiver answered")
    public List<Map<String, Object>> deliveries() {
        return callbacks.deliveries();
    }

    @POST
    @Path("reset")
    public Map<String, Integer> reset() {
        wappin.reset();
        callbacks.reset();
        return stats();
    }
}
