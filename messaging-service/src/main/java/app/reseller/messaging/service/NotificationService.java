package app.reseller.messaging.service;

import app.reseller.messaging.CustomerContact;
import app.reseller.messaging.MessageKind;
import app.reseller.messaging.NotificationRule;
import app.reseller.messaging.OutboundMessage;
import app.reseller.messaging.client.Wappin;
import app.reseller.messaging.config.MessagingConfig;
import app.reseller.messaging.repository.MessageRepository;
import app.reseller.platform.events.ReceivedEvent;
import app.reseller.platform.events.WaitedForAtShutdown;
import app.reseller.platform.events.contract.BillingEvents;
import app.reseller.platform.events.contract.ChannelEvents;
import app.reseller.platform.events.contract.ChannelEvents.ChannelExpiring;
import app.reseller.platform.events.contract.MessagingEvents.WebhookEndpointDisabled;
import app.reseller.platform.domain.InvalidValue;
import app.reseller.platform.domain.NotFound;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Notification rules: on a platform event, a Wappin template goes to the customer's phone. The
 * consumer only queues the notification, in the transaction that marks the event consumed, with the
 * event id as a unique key; the dispatcher sends queued ones. So a replayed or redelivered event
 * queues nothing and sends nothing twice.
 */
@ApplicationScoped
public class NotificationService {

    /** Longer than any send can take (Wappin's read timeout, the token refresh and the retries of a send that never left). */
    private static final Duration ABANDONED_AFTER = Duration.ofMinutes(10);

    private static final Logger LOG = Logger.getLogger(NotificationService.class);
    private static final Pattern FIELD = Pattern.compile("\\{([A-Za-z0-9_]+)}");
    private static final int BATCH = 20;
    /** A claimed notification is another replica's to send again only after this (a crashed sender's). */
    private static final Duration CLAIM_LEASE = Duration.ofMinutes(2);

    /**
     * The events a rule may name, by their short names (the event record's simple name), and their
     * CloudEvents types, read from the records themselves so that no type is written twice.
     */
    public static final Map<String, String> EVENTS = Stream.of(BillingEvents.PlanActivated.TYPE, BillingEvents.DaysAllocated.TYPE,
                    BillingEvents.BalanceLow.TYPE, BillingEvents.BalanceDepleted.TYPE, ChannelEvents.ChannelExtended.TYPE, ChannelEvents.ChannelStatusChanged.TYPE,
                    ChannelExpiring.TYPE, WebhookEndpointDisabled.TYPE, BillingEvents.SubscriptionLapsed.TYPE,
                    BillingEvents.SubscriptionSuspended.TYPE, BillingEvents.SubscriptionRestored.TYPE, BillingEvents.SubscriptionEnded.TYPE)
            .collect(java.util.stream.Collectors.toUnmodifiableMap(NotificationService::simpleName, type -> type));

    /** "billing.BalanceLow.v1" -> "BalanceLow": the middle of a CloudEvents type is its record's name. */
    private static String simpleName(String type) {
        return type.split("\\.")[1];
    }

    private final MessageRepository messages;
    private final MessageSender sender;
    private final MessageService service;
    private final Wappin wappin;
    private final MessagingConfig config;
    private final ObjectMapper json;
    private final Clock clock;
    private final MessagingTrail trail;

    public NotificationService(MessageRepository messages, MessageSender sender, MessageService service, Wappin wappin,
                               MessagingConfig config, ObjectMapper json, Clock clock, MessagingTrail trail) {
        this.trail = trail;
        this.clock = clock;
        this.messages = messages;
        this.sender = sender;
        this.service = service;
        this.wappin = wappin;
        this.config = config;
        this.json = json;
    }

    // ---- queueing, inside the consumer's transaction ----

    /** Queues the rule's notification for the event, if there is an enabled rule and a phone to send to. */
    public Uni<Void> queue(ReceivedEvent event, String customerId) {
        String shortName = shortName(event.type());
        if (shortName == null || customerId == null) {
            return Uni.createFrom().voidItem();
        }
        return NotificationRule.<NotificationRule>findById(shortName).chain(rule -> {
            if (rule == null || !rule.enabled) {
                return Uni.createFrom().voidItem();
            }
            return CustomerContact.<CustomerContact>findById(customerId).chain(contact -> {
                if (contact == null) {
                    LOG.infof("no phone for customer %s: %s notification not sent", customerId, shortName);
                    return Uni.createFrom().voidItem();
                }
                OutboundMessage message = OutboundMessage.pending(customerId, contact.phone, MessageKind.NOTIFICATION, clock.instant());
                message.template = rule.template;
                message.params = MessageService.numbered(render(rule.paramList(), data(event)));
                message.sourceEventId = event.id();
                message.nextAttemptAt = clock.instant();
                return messages.persist(message).replaceWithVoid();
            });
        });
    }

    static String shortName(String type) {
        return EVENTS.entrySet().stream().filter(e -> e.getValue().equals(type)).map(Map.Entry::getKey).findFirst().orElse(null);
    }

    private JsonNode data(ReceivedEvent event) {
        try {
            return json.readTree(event.data());
        } catch (Exception e) {
            throw new IllegalArgumentException("event " + event.id() + " has unreadable data", e);
        }
    }

    /** Each parameter with {field} replaced by the event's field (an unknown field stays as written). */
    static List<String> render(List<String> templates, JsonNode data) {
        List<String> out = new ArrayList<>();
        for (String template : templates) {
            Matcher m = FIELD.matcher(template);
            StringBuilder text = new StringBuilder();
            while (m.find()) {
                JsonNode value = data.get(m.group(1));
                m.appendReplacement(text, Matcher.quoteReplacement(value == null || value.isNull() ? m.group() : value.asText()));
            }
            m.appendTail(text);
            out.add(text.toString());
        }
        return out;
    }

    // ---- dispatching ----

    @WaitedForAtShutdown
    @Scheduled(every = "{messaging.notifications.poll-every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> dispatch() {
        // a send that started long ago and never finished was cut by a crash: it may have gone out, so it is never resent
        Instant now = clock.instant();
        return Panache.withTransaction(() -> messages.markAbandonedSendsUnconfirmed(now.minus(ABANDONED_AFTER), now)
                        .chain(() -> messages.claimDueNotifications(now, CLAIM_LEASE, BATCH)))
                .chain(ids -> Multi.createFrom().iterable(ids).onItem().transformToUniAndConcatenate(this::send).collect().asList())
                .onFailure().invoke(e -> LOG.warnf("notification dispatch failed: %s", e.toString()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    private Uni<Void> send(UUID id) {
        return Panache.withSession(() -> messages.findById(id)).chain(message -> {
            Duration backoff = Duration.ofSeconds(10L << Math.min(6, message.attempts));
            Instant retryAt = message.attempts + 1 >= config.notifications().maxAttempts() ? null : clock.instant().plus(backoff);
            return sender.deliver(id, (bearer, credentials) -> wappin.sendHsm(bearer,
                            service.hsmBody(credentials, message.recipient, message.template, message.params, null, null)), retryAt)
                    .replaceWithVoid()
                    .onFailure().recoverWithUni(failure -> {
                        LOG.infof("notification %s not sent: %s", id, failure.getMessage());
                        return Uni.createFrom().voidItem();
                    });
        });
    }

    // ---- rules and contacts (admin / customer) ----

    @WithTransaction
    public Uni<NotificationRule> setRule(String event, String template, List<String> params, boolean enabled, String actor) {
        if (!EVENTS.containsKey(event)) {
            throw new InvalidValue("event", "unknown-event", "Unknown event", "rules exist for " + EVENTS.keySet().stream().sorted().toList());
        }
        return NotificationRule.<NotificationRule>findById(event).chain(found -> {
            RuleShown before = found == null ? null : RuleShown.of(found);
            NotificationRule rule = found == null ? new NotificationRule() : found;
            rule.eventType = event;
            rule.template = template;
            rule.params = MessageService.numbered(params);
            rule.enabled = enabled;
            rule.updatedAt = clock.instant();
            rule.updatedBy = actor;
            return rule.<NotificationRule>persist().call(stored -> trail.changed("putNotificationRule", null, "RULE:" + event, before,
                    RuleShown.of(stored)));
        });
    }

    /** A rule as the activity trail shows it (its parameters are expressions over the event, no personal data). */
    record RuleShown(String event, String template, java.util.Map<String, String> params, boolean enabled) {
        static RuleShown of(NotificationRule r) {
            return new RuleShown(r.eventType, r.template, r.params, r.enabled);
        }
    }

    @WithSession
    public Uni<List<NotificationRule>> rules() {
        return NotificationRule.listAll(io.quarkus.panache.common.Sort.by("eventType"));
    }

    @WithTransaction
    public Uni<Boolean> deleteRule(String event) {
        return NotificationRule.<NotificationRule>findById(event).chain(found -> found == null ? Uni.createFrom().item(false)
                : found.delete().chain(() -> trail.changed("deleteNotificationRule", null, "RULE:" + event, RuleShown.of(found), null))
                .replaceWith(true));
    }

    @WithTransaction
    public Uni<CustomerContact> setContact(String customerId, String phone) {
        String normalized = Phones.normalize(phone, "phone");
        return CustomerContact.<CustomerContact>findById(customerId).chain(found -> {
            Object before = found == null ? null : java.util.Map.of("phone", Phones.masked(found.phone));
            CustomerContact contact = found == null ? new CustomerContact() : found;
            contact.customerId = customerId;
            contact.phone = normalized;
            contact.updatedAt = clock.instant();
            return contact.<CustomerContact>persist().call(stored -> trail.changed("setCustomerContact", customerId, "CONTACT:" + customerId,
                    before, java.util.Map.of("phone", Phones.masked(stored.phone))));
        });
    }

    @WithSession
    public Uni<CustomerContact> contact(String customerId) {
        return CustomerContact.<CustomerContact>findById(customerId)
                .onItem().ifNull().failWith(() -> new NotFound("contact of customer", customerId));
    }
}
