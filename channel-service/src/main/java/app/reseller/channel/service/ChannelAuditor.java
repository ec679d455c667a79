package app.reseller.channel.service;

import app.reseller.channel.Channel;
import app.reseller.channel.ChannelState;
import app.reseller.channel.client.WhapiChannel;
import app.reseller.channel.client.WhapiManager;
import app.reseller.channel.config.ChannelConfig;
import app.reseller.channel.repository.ChannelRepository;
import app.reseller.channel.repository.ExtensionRequestRepository;
import app.reseller.platform.events.JobLease;
import app.reseller.platform.events.WaitedForAtShutdown;
import app.reseller.platform.events.audit.AuditReport;
import app.reseller.platform.events.audit.AuditViolations;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The channel side of the audit, against WHAPI's own list (one runner across replicas):
 * every channel we hold live exists at WHAPI with the activeTill we think (drift is reported), and
 * every WHAPI channel of our project is one we know (an unknown one is an orphan: a create whose
 * answer came after we gave up, or a delete that never reached WHAPI). Violations are exported as
 * {@code channel_audit_violations{rule}} and logged once each.
 */
@ApplicationScoped
public class ChannelAuditor {

    private static final Logger LOG = Logger.getLogger(ChannelAuditor.class);
    private static final int PAGE = 100;
    /** WHAPI may round activeTill; less than this apart is the same. */
    private static final Duration DRIFT_TOLERANCE = Duration.ofHours(1);
    /**
     * A pass reads WHAPI's list first and our rows after it, so a channel extended, created or deleted in between
     * differs without either side being wrong (seen: an extension that finished mid-pass reported as drift, in the
     * channel-service scale-out benchmark). A channel written since this long before the pass began is compared in the
     * next pass; the margin covers the clocks of the pods that write {@code updated_at}.
     */
    static final Duration CHANGED_DURING_PASS = Duration.ofMinutes(1);

    public static final String MISSING_AT_WHAPI = "channel-missing-at-whapi";
    public static final String ACTIVE_TILL_DRIFT = "active-till-drift";
    public static final String ORPHAN_AT_WHAPI = "orphan-at-whapi";

    private final ChannelRepository channels;
    private final ExtensionRequestRepository extensions;
    private final WhapiManager manager;
    private final WhapiSettingsService settings;
    private final JobLease leases;
    private final ChannelConfig config;
    private final ObjectMapper json;
    private final AuditViolations violations;
    private final Clock clock;

    public ChannelAuditor(ChannelRepository channels, ExtensionRequestRepository extensions, WhapiManager manager,
                          WhapiSettingsService settings, JobLease leases, ChannelConfig config, ObjectMapper json,
                          AuditViolations violations, Clock clock) {
        this.channels = channels;
        this.extensions = extensions;
        this.manager = manager;
        this.settings = settings;
        this.leases = leases;
        this.config = config;
        this.json = json;
        this.violations = violations;
        this.clock = clock;
    }

    @WaitedForAtShutdown
    @Scheduled(identity = "channel-auditor", every = "{channel.reconcile.every}", delayed = "40s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> tick() {
        return leases.runIfHeld("channel-auditor", config.reconcile().every().multipliedBy(2), this::audit)
                .onFailure().invoke(e -> LOG.warnf("channel audit failed: %s", e.toString()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    public Uni<AuditReport> audit() {
        Instant passStart = clock.instant();
        // the open calls are read before our channels: a call that settles in between has written its channel (updated_at)
        return settings.credentials().chain(credentials -> listAll(credentials.authorization(), 0, new ArrayList<>())
                .chain(atWhapi -> Panache.withSession(() -> extensions.channelsWithOpenCall()
                        .chain(openCalls -> channels.list("whapiId is not null")
                                .map(ours -> compare(ours, atWhapi, new InFlight(passStart, openCalls), credentials.projectId())))))
                .invoke(report -> violations.publish("channel", report)));
    }

    /** What may be moving while a pass looks: our channels written since it began, extend calls not settled, creations. */
    private record InFlight(Instant passStart, Set<UUID> openCalls) {
        boolean changing(Channel channel) {
            return openCalls.contains(channel.id)
                    || channel.updatedAt != null && channel.updatedAt.isAfter(passStart.minus(CHANGED_DURING_PASS));
        }

        /** A WHAPI channel we do not know may be one being created here: the reconciler settles those after stuckAfter. */
        boolean beingCreated(WhapiChannel whapi, Duration stuckAfter) {
            Instant created = whapi.createdAt();
            return created != null && created.isAfter(passStart.minus(stuckAfter).minus(CHANGED_DURING_PASS));
        }
    }

    private AuditReport compare(List<Channel> ours, List<WhapiChannel> atWhapi, InFlight inFlight, String projectId) {
        Map<String, WhapiChannel> whapiById = new HashMap<>();
        atWhapi.forEach(channel -> whapiById.put(channel.id(), channel));
        Map<String, Channel> oursByWhapiId = new HashMap<>();
        ours.forEach(channel -> oursByWhapiId.put(channel.whapiId, channel));
        AuditReport.Builder report = AuditReport.builder(clock.instant())
                .rule(MISSING_AT_WHAPI).rule(ACTIVE_TILL_DRIFT).rule(ORPHAN_AT_WHAPI);
        for (Channel channel : ours) {
            if (channel.state != ChannelState.ACTIVE || inFlight.changing(channel)) {
                continue;
            }
            WhapiChannel whapi = whapiById.get(channel.whapiId);
            if (whapi == null) {
                report.violation(MISSING_AT_WHAPI, "channel " + channel.id + " (WHAPI " + channel.whapiId
                        + ") is ACTIVE here but WHAPI does not list it: sync it, or delete it here");
            } else if (drifted(channel, whapi)) {
                report.violation(ACTIVE_TILL_DRIFT, "channel " + channel.id + ": activeTill here " + channel.activeTill
                        + ", at WHAPI " + whapi.activeTillInstant() + ": look at its extension requests, then sync it");
            }
        }
        for (WhapiChannel whapi : atWhapi) {
            Channel known = oursByWhapiId.get(whapi.id());
            boolean ofOurProject = whapi.projectId() == null || whapi.projectId().equals(projectId);
            boolean settled = known == null ? !inFlight.beingCreated(whapi, config.reconcile().stuckAfter())
                    : !inFlight.changing(known);
            if (ofOurProject && settled && (known == null || !known.state.holdsSlot())) {
                report.violation(ORPHAN_AT_WHAPI, "WHAPI channel " + whapi.id() + " (\"" + whapi.name() + "\") is "
                        + (known == null ? "unknown here" : "deleted here") + ": delete it at WHAPI, its days go back to the partner");
            }
        }
        return report.build();
    }

    private static boolean drifted(Channel channel, WhapiChannel whapi) {
        if (channel.activeTill == null || whapi.activeTillInstant() == null) {
            return channel.activeTill != whapi.activeTillInstant();
        }
        return Duration.between(channel.activeTill, whapi.activeTillInstant()).abs().compareTo(DRIFT_TOLERANCE) > 0;
    }

    private Uni<List<WhapiChannel>> listAll(String authorization, int offset, List<WhapiChannel> into) {
        return manager.list(authorization, PAGE, offset).chain(page -> {
            JsonNode list = page.path("channels");
            for (JsonNode channel : list) {
                into.add(toChannel(channel));
            }
            return list.size() < PAGE ? Uni.createFrom().item(into) : listAll(authorization, offset + PAGE, into);
        });
    }

    private WhapiChannel toChannel(JsonNode node) {
        try {
            return json.treeToValue(node, WhapiChannel.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("WHAPI listed a channel we cannot read: " + e.getOriginalMessage(), e);
        }
    }
}
