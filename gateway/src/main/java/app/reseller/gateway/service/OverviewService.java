package app.reseller.gateway.service;

import app.reseller.gateway.client.Services;
import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/**
 * The operators' overview in one call (issue 25, item 1): the days (billing: customers, pool,
 * spending, runway and what to buy) and the fleet (channel: states, modes, link status, health,
 * expiring soon), read in parallel; a part whose service did not answer is named in {@code missing}.
 */
@ApplicationScoped
public class OverviewService {

    public record Overview(@Schema(ref = "DaysOverview", description = "As GET /ledger/overview answers it") JsonNode days,
                           @Schema(ref = "ChannelOverview", description = "As GET /admin/channels/overview answers it") JsonNode channels,
                           @Schema(description = "the parts whose service did not answer in time") List<String> missing) {
    }

    private final Services services;

    public OverviewService(Services services) {
        this.services = services;
    }

    public Uni<Overview> read(String authorization) {
        return new ComposedRead()
                .part("days", () -> services.daysOverview(authorization))
                .part("channels", () -> services.channelOverview(authorization))
                .read().map(parts -> new Overview(parts.answered().get("days"), parts.answered().get("channels"), parts.missing()));
    }
}
