package app.reseller.channel.service;

import app.reseller.channel.BulkAction;
import app.reseller.channel.BulkJob;
import app.reseller.channel.Channel;
import app.reseller.channel.ChannelFilter;
import app.reseller.channel.ChannelOrder;
import app.reseller.channel.ChannelState;
import app.reseller.channel.config.ChannelConfig;
import app.reseller.channel.repository.BulkJobRepository;
import app.reseller.channel.repository.ChannelDirectoryRepository;
import app.reseller.channel.repository.ChannelRepository;
import app.reseller.platform.domain.NotFound;
import app.reseller.platform.web.Caller;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Bulk actions over many channels, for an operator and for a customer over its own: the channels are
 * fixed when the job is accepted (a list, or what a filter matches then), a dry run only shows them,
 * and {@link BulkJobWorker} does each, once, whatever crashes.
 */
@ApplicationScoped
public class BulkJobs {

    /** What a job touches, as a dry run shows it. */
    public record Target(UUID channelId, String customerId, String name, ChannelState state) {
    }

    private final BulkJobRepository jobs;
    private final ChannelRepository channels;
    private final ChannelDirectoryRepository directory;
    private final ChannelConfig.Bulk config;
    private final Clock clock;
    private final ChannelTrail trail;

    public BulkJobs(BulkJobRepository jobs, ChannelRepository channels, ChannelDirectoryRepository directory, ChannelConfig config,
                    Clock clock, ChannelTrail trail) {
        this.trail = trail;
        this.jobs = jobs;
        this.channels = channels;
        this.directory = directory;
        this.config = config.bulk();
        this.clock = clock;
    }

    /**
     * The channels a job would touch: the listed ones (each must be the caller's to use, or the whole
     * request is a 404 naming it, as for one channel), or what the filter matches now (a customer's
     * filter is always narrowed to its own channels).
     */
    public Uni<List<Target>> targets(Caller caller, List<UUID> channelIds, ChannelFilter filter) {
        return channelIds != null ? listed(caller, channelIds) : matching(caller, filter);
    }

    /** Accepts the job (or answers with the one the same caller created with this key). */
    public Uni<BulkJob> start(Caller caller, BulkAction action, List<UUID> channelIds, ChannelFilter filter, String idempotencyKey) {
        return targets(caller, channelIds, filter).chain(targets -> {
            Set<String> owners = targets.stream().map(Target::customerId).collect(Collectors.toSet());
            // the job belongs to its one customer (an operator's job over several customers belongs to none)
            String customerId = caller.whoseRecords(owners.size() == 1 ? owners.iterator().next() : null);
            UUID id = UUID.randomUUID();
            return jobs.insert(id, action, customerId, caller.name(), idempotencyKey, targets.stream().map(Target::channelId).toList(),
                    clock.instant(), tx -> trail.jobStarted(tx, id, action, customerId, targets.size()));
        }).chain(id -> find(caller, id));
    }

    /**
     * A job the platform itself starts over one customer's channels (the grace policy): no caller,
     * {@code requestedBy} names the rule; the key makes a redelivered cause start nothing new.
     */
    public Uni<UUID> startForPlatform(BulkAction action, String customerId, List<UUID> channelIds, String requestedBy, String key) {
        UUID id = UUID.randomUUID();
        return jobs.insert(id, action, customerId, requestedBy, key, channelIds, clock.instant(),
                tx -> trail.jobStarted(tx, id, action, customerId, channelIds.size()));
    }

    /** The customer's channels in these states, oldest first. */
    public Uni<List<UUID>> channelsOf(String customerId, Set<ChannelState> states) {
        ChannelFilter filter = ChannelFilter.notDeleted().inStates(states).ofCustomer(customerId);
        return directory.page(filter, ChannelOrder.CREATED, false, null, 10_000)
                .map(listed -> listed.stream().map(ChannelDirectoryRepository.Listing::id).toList());
    }

    /** The job and how far it got, if the caller may see it: its customer's, or an operator's. */
    public Uni<BulkJob> find(Caller caller, UUID id) {
        return jobs.find(id).map(job -> {
            if (job == null) {
                throw new NotFound("job", id);
            }
            caller.mayAccess(job.customerId(), "job", id); // a job of no customer is an operator's
            return job;
        });
    }

    private Uni<List<Target>> listed(Caller caller, List<UUID> channelIds) {
        List<UUID> distinct = List.copyOf(new LinkedHashSet<>(channelIds));
        return Panache.withSession(() -> channels.list("id in ?1", distinct)).map(found -> {
            Map<UUID, Channel> byId = found.stream().collect(Collectors.toMap(channel -> channel.id, Function.identity()));
            List<Target> targets = new ArrayList<>();
            for (UUID id : distinct) {
                Channel channel = byId.get(id);
                if (channel == null || channel.state == ChannelState.DELETED) {
                    throw new NotFound("channel", id);
                }
                caller.mayUseChannel(channel.customerId, id);
                targets.add(new Target(id, channel.customerId, channel.name, channel.state));
            }
            return targets;
        });
    }

    private Uni<List<Target>> matching(Caller caller, ChannelFilter filter) {
        ChannelFilter own = filter.ofCustomer(caller.whoseRecords(filter.customerId()));
        ChannelFilter live = own.states().isEmpty() ? own.inStates(ChannelFilter.notDeleted().states()) : own;
        Set<String> keyLimit = caller.channelLimit();
        return directory.page(live, ChannelOrder.CREATED, false, null, config.maxChannels() + 1).map(listed -> {
            List<Target> targets = listed.stream()
                    .filter(channel -> keyLimit == null || keyLimit.contains(channel.id().toString()))
                    .filter(channel -> !Objects.equals(channel.state(), ChannelState.DELETED.name()))
                    .map(channel -> new Target(channel.id(), channel.customerId(), channel.name(), ChannelState.valueOf(channel.state())))
                    .toList();
            if (targets.size() > config.maxChannels()) {
                throw ChannelRefusals.tooManyChannelsForAJob(config.maxChannels());
            }
            return targets;
        });
    }
}
