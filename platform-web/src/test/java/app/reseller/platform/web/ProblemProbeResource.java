package app.reseller.platform.web;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Test-only endpoints that fail in each way a real resource can. */
@Path("/problem-probe")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ProblemProbeResource {

    public record Allocation(@NotBlank String customerId, @NotNull @Min(1) @Max(3650) Integer days) {
    }

    @POST
    @Path("allocations")
    public Allocation allocate(@Valid @NotNull Allocation allocation) {
        if (allocation.days() > 50) {
            throw new ProblemException(409, "insufficient-balance", "Insufficient balance",
                    "the customer has 50 days, " + allocation.days() + " were asked")
                    .with("balanceDays", 50).with("requestedDays", allocation.days());
        }
        return allocation;
    }

    public enum Colour { RED, GREEN }

    public record Listed(int page, int size, long offset, java.util.UUID owner, Colour colour, java.util.Set<Colour> shades) {
    }

    @GET
    @Path("list/{owner}")
    public Listed list(@jakarta.ws.rs.PathParam("owner") java.util.UUID owner, @jakarta.ws.rs.QueryParam("colour") Colour colour,
                       @jakarta.ws.rs.QueryParam("shade") java.util.Set<Colour> shades,
                       @Valid @jakarta.ws.rs.BeanParam PageRequest paging) {
        return new Listed(paging.page(), paging.size(), paging.offset(), owner, colour, shades);
    }

    /** The key as the rule let it through ("none" when absent). */
    @GET
    @Path("keyed")
    public String keyed(@jakarta.ws.rs.HeaderParam(IdempotencyKey.HEADER) @IdempotencyKey String key) {
        return key == null ? "none" : key;
    }

    @GET
    @Path("boom")
    public String boom() {
        throw new IllegalStateException("secret internals must not leak");
    }
}
