package app.reseller.channel;

import app.reseller.platform.domain.Refusal;

import java.util.List;

/**
 * An operator's batch of new channels for one customer: the ones that joined the creation queue (or
 * were already there, for a repeated batch) and the names refused, each with why (the plan's limit,
 * most often: the batch stops counting slots where the plan does).
 */
public record BulkCreation(String customerId, List<Channel> accepted, List<Refused> refused) {

    public record Refused(String name, Refusal refusal) {
    }
}
