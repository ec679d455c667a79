package app.reseller.messaging.rest;

import app.reseller.platform.web.ProblemException;
import app.reseller.messaging.MessageTemplate;
import app.reseller.messaging.NotificationRule;
import app.reseller.messaging.rest.Requests.RuleRequest;
import app.reseller.messaging.rest.Requests.TemplateRequest;
import app.reseller.messaging.rest.Requests.WappinSettingsRequest;
import app.reseller.messaging.service.MessageService;
import app.reseller.messaging.service.NotificationService;
import app.reseller.messaging.service.WappinSettingsService;
import app.reseller.messaging.service.WappinSettingsService.SettingsView;
import app.reseller.platform.web.Caller;
import app.reseller.platform.web.Problem;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

/** The admin's messaging set-up: Wappin settings, known templates, notification rules. */
@Path("/admin")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed(Caller.ADMIN)
@Tag(name = "Admin: messaging")
public class AdminResource {

    private final WappinSettingsService settings;
    private final MessageService messages;
    private final NotificationService notifications;
    private final Caller caller;

    public AdminResource(WappinSettingsService settings, MessageService messages, NotificationService notifications, Caller caller) {
        this.settings = settings;
        this.messages = messages;
        this.notifications = notifications;
        this.caller = caller;
    }

    @GET
    @Path("wappin/settings")
    @Operation(summary = "The Wappin settings, secrets masked, with who set them when")
    public Uni<SettingsView> getSettings() {
        return settings.view();
    }

    @PUT
    @Path("wappin/settings")
    @Operation(summary = "Set any of client id, secret key, project id, callback token, environment; used by the next call")
    public Uni<SettingsView> setSettings(@Valid @NotNull WappinSettingsRequest r) {
        return settings.update(r.clientId(), r.secretKey(), r.projectId(), r.callbackToken(), r.environment(), caller.name());
    }

    @GET
    @Path("templates")
    public Uni<List<MessageTemplate>> templates() {
        return messages.templates();
    }

    @PUT
    @Path("templates/{name}")
    @Operation(summary = "Register a Wappin template and its parameter count (checked before each send)")
    public Uni<MessageTemplate> template(@PathParam("name") @Pattern(regexp = "^[A-Za-z0-9_]{1,100}$") String name,
                                         @Valid @NotNull TemplateRequest r) {
        return messages.registerTemplate(name, r.paramCount(), Boolean.TRUE.equals(r.sms()));
    }

    @GET
    @Path("notification-rules")
    public Uni<List<NotificationRule>> rules() {
        return notifications.rules();
    }

    @PUT
    @Path("notification-rules/{event}")
    @Operation(summary = "Which template goes to the customer on an event (PlanActivated, DaysAllocated, BalanceLow, BalanceDepleted, "
            + "ChannelExtended, ChannelStatusChanged, ChannelExpiring, WebhookEndpointDisabled, and the grace policy's steps: "
            + "SubscriptionLapsed, SubscriptionSuspended, SubscriptionRestored, SubscriptionEnded); params may use {field} of the event")
    public Uni<NotificationRule> rule(@PathParam("event") String event, @Valid @NotNull RuleRequest r) {
        return notifications.setRule(event, r.template(), r.params(), r.enabled() == null || r.enabled(), caller.name());
    }

    @DELETE
    @Path("notification-rules/{event}")
    // a 204 has no body: a client that accepts only the problem document (all it can get back) is served too
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @APIResponse(responseCode = "204", description = "The rule is gone")
    @APIResponse(responseCode = "404", description = "No rule for this event")
    public Uni<Response> deleteRule(@PathParam("event") String event) {
        return notifications.deleteRule(event).map(deleted -> {
            if (!deleted) { // a bare 404 had no body: every 4xx is problem+json
                throw ProblemException.notFound("Notification rule", event);
            }
            return Response.noContent().build();
        });
    }
}
