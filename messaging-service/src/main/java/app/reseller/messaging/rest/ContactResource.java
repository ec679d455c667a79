package app.reseller.messaging.rest;

import app.reseller.messaging.CustomerContact;
import app.reseller.messaging.rest.Requests.ContactRequest;
import app.reseller.messaging.service.NotificationService;
import app.reseller.platform.web.Caller;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The WhatsApp number a customer's notifications go to. */
@Path("/customers/{customerId}/contact")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Contacts")
public class ContactResource {

    private final NotificationService notifications;
    private final Caller caller;

    public ContactResource(NotificationService notifications, Caller caller) {
        this.notifications = notifications;
        this.caller = caller;
    }

    @GET
    @RolesAllowed({Caller.ADMIN, Caller.CUSTOMER})
    public Uni<CustomerContact> getContact(@PathParam("customerId") String customerId) {
        caller.mayAccess(customerId, "contact of customer", customerId);
        return notifications.contact(customerId);
    }

    @PUT
    @RolesAllowed({Caller.ADMIN, Caller.CUSTOMER})
    @Operation(summary = "Set the number notifications go to (62…, +62… or 08…)")
    public Uni<CustomerContact> setContact(@PathParam("customerId") String customerId, @Valid @NotNull ContactRequest request) {
        caller.mayAccess(customerId, "contact of customer", customerId);
        return notifications.setContact(customerId, request.phone());
    }
}
