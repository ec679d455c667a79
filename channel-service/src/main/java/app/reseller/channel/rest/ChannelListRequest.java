package app.reseller.channel.rest;

import app.reseller.channel.ChannelFilter;
import app.reseller.channel.ChannelHealth;
import app.reseller.channel.ChannelMode;
import app.reseller.channel.ChannelOrder;
import app.reseller.channel.ChannelState;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

import java.time.Instant;
import java.util.Set;

/** The query of the operators' channel list and export: every filter optional, all combined. */
public class ChannelListRequest {

    @QueryParam("state")
    @Parameter(description = "Repeat for several (QUEUED, CREATING, ACTIVE, DELETING, FAILED, DELETED); default: all but DELETED")
    Set<ChannelState> states;

    @QueryParam("mode")
    ChannelMode mode;

    @QueryParam("linkStatus")
    @Size(max = 40)
    @Parameter(description = "WHAPI's link status as last seen (AUTH, QR, NOT_INIT, ...)")
    String linkStatus;

    @QueryParam("health")
    ChannelHealth health;

    @QueryParam("customerId")
    @Size(min = 1, max = 100)
    String customerId;

    @QueryParam("phone")
    @Pattern(regexp = "\\d{6,20}", message = "must be the number's digits, with its country code")
    String phone;

    @QueryParam("nameContains")
    @Size(min = 1, max = 100)
    String nameContains;

    @QueryParam("expiresAfter")
    @Parameter(description = "Paid time ends at or after this instant (ISO-8601, e.g. 2026-12-03T00:00:00Z)")
    Instant expiresAfter;

    @QueryParam("expiresBefore")
    @Parameter(description = "Paid time ends before this instant: expiring within 7 days is expiresBefore=now+7d")
    Instant expiresBefore;

    @QueryParam("createdFrom")
    Instant createdFrom;

    @QueryParam("createdTo")
    Instant createdTo;

    @QueryParam("sort")
    @DefaultValue("EXPIRES")
    @Parameter(description = "EXPIRES (soonest end first; none last), CREATED or NAME; ties by id")
    ChannelOrder sort;

    @QueryParam("descending")
    @DefaultValue("false")
    boolean descending;

    @QueryParam("limit")
    @DefaultValue("50")
    @Min(1)
    @Max(200)
    @Parameter(description = "Channels per page, 1 to 200 (default 50)")
    int limit;

    @QueryParam("cursor")
    @Size(max = 600)
    @Parameter(description = "The previous page's nextCursor, with the same sort and direction")
    String cursor;

    ChannelFilter filter() {
        ChannelFilter everything = ChannelFilter.notDeleted();
        return new ChannelFilter(states == null || states.isEmpty() ? everything.states() : states, mode, linkStatus, health,
                customerId, phone, nameContains, expiresAfter, expiresBefore, createdFrom, createdTo);
    }
}
