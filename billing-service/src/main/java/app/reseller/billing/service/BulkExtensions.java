package app.reseller.billing.service;

import app.reseller.billing.Accounts;
import app.reseller.billing.BillingRefusal;
import app.reseller.billing.BulkExtension;
import app.reseller.billing.BulkExtension.Candidate;
import app.reseller.billing.BulkExtension.Item;
import app.reseller.billing.BulkExtension.ItemState;
import app.reseller.billing.repository.BulkExtensionRepository;
import app.reseller.billing.repository.LedgerRepository;
import app.reseller.billing.service.IdempotencyService.Answer;
import app.reseller.platform.domain.NotFound;
import app.reseller.platform.events.activity.ActivityLog;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Extends many channels at once (docs/billing.md, "Extending many channels at once"): one
 * reservation per channel, exactly as a single extension makes it, all in one transaction with the
 * job, so either every channel gets its days or none does (an operator extending a fleet wants the
 * fleet, or a clear "the customer lacks N days"). Each reservation is then its own saga: channel-service's
 * executor extends each channel once at WHAPI and waits out WHAPI's per-channel extend block (about
 * five minutes after a channel's last extend) before it calls; the job's progress is read from the
 * reservations. A paused channel, or one whose extension is still open, is left out and says why.
 */
@ApplicationScoped
public class BulkExtensions {

    /** One job's reservations commit in one transaction: bounded, as one job in channel-service is. */
    static final int MAX_CHANNELS = 1000;

    /** Which channels: listed (channelIds), or what a filter matches when the job is accepted. */
    public record Target(List<String> channelIds, String customerId, Instant expiresBefore) {
    }

    /** What a customer's channels in the job need of its balance. */
    public record Need(String customerId, long balanceDays, long neededDays) {
        public long missingDays() {
            return Math.max(0, neededDays - balanceDays);
        }
    }

    /** What a job would do: each channel (with why it would be left out) and each customer's need. */
    public record Plan(List<Candidate> channels, List<Need> needs) {
        List<Candidate> extended() {
            return channels.stream().filter(c -> c.leftOutBecause() == null).toList();
        }
    }

    private final BulkExtensionRepository jobs;
    private final LedgerRepository ledger;
    private final LedgerService reservations;
    private final IdempotencyService idempotency;
    private final ActivityLog activity;
    private final Clock clock;

    public BulkExtensions(BulkExtensionRepository jobs, LedgerRepository ledger, LedgerService reservations,
                          IdempotencyService idempotency, ActivityLog activity, Clock clock) {
        this.jobs = jobs;
        this.ledger = ledger;
        this.reservations = reservations;
        this.idempotency = idempotency;
        this.activity = activity;
        this.clock = clock;
    }

    /** The dry run: what the job would touch and need; nothing is stored. */
    @WithSession
    public Uni<Plan> plan(Target target, int days) {
        return candidates(target).chain(channels -> needs(channels, days).map(needs -> new Plan(channels, needs)));
    }

    /**
     * Reserves the days of every channel the target names, with the job, once per Idempotency-Key
     * (a repeat answers the first job). {@code answer} turns the job into what the caller is answered.
     */
    @WithTransaction
    public Uni<Answer> start(Target target, int days, String comment, Object request, String key, String actor,
                             Function<BulkExtension, Object> answer) {
        String scope = actor + ":bulk-extend";
        return idempotency.once(scope, key, request, 202, () -> plan(target, days).chain(plan -> {
            plan.needs().stream().filter(need -> need.missingDays() > 0).findFirst().ifPresent(short_ -> {
                throw new BillingRefusal.InsufficientBalance(Accounts.customer(short_.customerId()), false, short_.balanceDays(),
                        short_.neededDays());
            });
            UUID id = UUID.randomUUID();
            String keyBase = key == null ? id.toString() : "api:" + scope + ":" + key;
            List<String> accounts = new ArrayList<>();
            plan.extended().forEach(c -> {
                accounts.add(Accounts.channel(c.channelId()));
                accounts.add(Accounts.customer(c.customerId()));
            });
            return ledger.ensureAndLockAll(accounts).chain(() -> Multi.createFrom().iterable(plan.channels())
                    .onItem().transformToUniAndConcatenate(channel -> channel.leftOutBecause() != null
                            ? Uni.createFrom().item(new Item(channel.channelId(), channel.customerId(), ItemState.SKIPPED, null,
                            channel.leftOutBecause()))
                            : reservations.reserveExtension(channel.channelId(), days, comment, keyBase + ":" + channel.channelId(), actor)
                            .map(reserved -> new Item(channel.channelId(), channel.customerId(), ItemState.PENDING, reserved.requestId(), null)))
                    .collect().asList()
                    .map(items -> new BulkExtension(id, days, comment, target.channelIds() == null ? target.customerId() : null, actor,
                            clock.instant(), items))
                    .call(jobs::insert)
                    .call(job -> activity.record("startBulkExtension", job.customerId(), "bulk-extension:" + id, comment, null,
                            Map.of("jobId", id, "days", days, "channels", job.count(ItemState.PENDING),
                                    "skipped", job.count(ItemState.SKIPPED), "reservedDays", days * job.count(ItemState.PENDING))))
                    .map(answer));
        }));
    }

    @WithSession
    public Uni<BulkExtension> find(UUID id) {
        return jobs.find(id).onItem().ifNull().failWith(() -> new NotFound("Bulk extension", id.toString()));
    }

    /** The channels, as listed (each once, in the order given) or as the filter matches them. */
    private Uni<List<Candidate>> candidates(Target target) {
        if (target.channelIds() == null) {
            return jobs.matching(target.customerId(), target.expiresBefore(), MAX_CHANNELS + 1).map(BulkExtensions::bounded);
        }
        List<String> distinct = List.copyOf(new LinkedHashSet<>(target.channelIds()));
        return jobs.listed(distinct).map(found -> {
            Map<String, Candidate> byId = found.stream().collect(Collectors.toMap(Candidate::channelId, c -> c));
            List<Candidate> inOrder = new ArrayList<>();
            for (String channelId : distinct) {
                Candidate candidate = byId.get(channelId);
                if (candidate == null) {
                    // as for one channel: unknown yet (retry), or not a channel id at all
                    throw LedgerService.unknownChannel(channelId);
                }
                inOrder.add(candidate);
            }
            return bounded(inOrder);
        });
    }

    private static List<Candidate> bounded(List<Candidate> channels) {
        if (channels.size() > MAX_CHANNELS) {
            throw new BillingRefusal.TooManyChannels(MAX_CHANNELS);
        }
        return channels;
    }

    /** Each customer's balance against the days its extended channels take. */
    private Uni<List<Need>> needs(List<Candidate> channels, int days) {
        Map<String, Long> needed = new LinkedHashMap<>();
        channels.stream().filter(c -> c.leftOutBecause() == null)
                .forEach(c -> needed.merge(c.customerId(), (long) days, Long::sum));
        return Multi.createFrom().iterable(needed.entrySet())
                .onItem().transformToUniAndConcatenate(e -> ledger.balance(Accounts.customer(e.getKey()))
                        .map(balance -> new Need(e.getKey(), balance == null ? 0 : balance, e.getValue())))
                .collect().asList();
    }
}
