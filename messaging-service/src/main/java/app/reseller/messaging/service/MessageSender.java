package app.reseller.messaging.service;

import app.reseller.messaging.MessageStatus;
import app.reseller.messaging.OutboundMessage;
import app.reseller.messaging.client.WappinAnswer;
import app.reseller.messaging.client.WappinException;
import app.reseller.messaging.repository.MessageRepository;
import app.reseller.messaging.service.WappinSettingsService.Credentials;
import app.reseller.platform.events.StaleWrites;
import app.reseller.messaging.MessageNotSent;
import app.reseller.platform.domain.CallFailures;
import app.reseller.platform.domain.ProviderFault;
import app.reseller.messaging.MessagingRefusal;
import app.reseller.platform.domain.IdempotencyKeyReused;
import app.reseller.platform.domain.Refusal;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import java.util.function.BiFunction;

/**
 * Sends one outbound message: stored first, then Wappin asked, then the outcome stored. An
 * Idempotency-Key returns the message already stored under it instead of sending again. A send
 * whose answer is lost becomes UNCONFIRMED and is never resent blindly: without Wappin's message id
 * no inquiry can tell whether it went out.
 */
@ApplicationScoped
public class MessageSender {

    private static final Logger LOG = Logger.getLogger(MessageSender.class);

    private final MessageRepository messages;
    private final WappinCaller wappin;
    private final MessageTimeline timeline;
    private final Clock clock;
    private final MessagingTrail trail;

    public MessageSender(MessageRepository messages, WappinCaller wappin, MessageTimeline timeline, Clock clock, MessagingTrail trail) {
        this.trail = trail;
        this.clock = clock;
        this.messages = messages;
        this.wappin = wappin;
        this.timeline = timeline;
    }

    /**
     * Stores the draft (or finds the one stored under its key) and sends it; fails with a problem
     * carrying the message id. {@code action} names the request in the activity trail, written with the draft.
     */
    public Uni<OutboundMessage> send(String action, OutboundMessage draft, BiFunction<String, Credentials, Uni<WappinAnswer>> call) {
        return store(action, draft).chain(stored -> stored.id.equals(draft.id)
                ? deliver(stored.id, call)
                : replay(stored, draft));
    }

    /** Asks Wappin for a stored message and records the outcome. */
    public Uni<OutboundMessage> deliver(UUID id, BiFunction<String, Credentials, Uni<WappinAnswer>> call) {
        return deliver(id, call, null);
    }

    /**
     * As above; {@code retryAt}, for queued notifications, puts a message that surely never reached
     * Wappin back in the queue instead of failing it.
     */
    public Uni<OutboundMessage> deliver(UUID id, BiFunction<String, Credentials, Uni<WappinAnswer>> call, Instant retryAt) {
        return Panache.withTransaction(() -> messages.markSendStarted(id, clock.instant()))
                .chain(mine -> !mine
                        // another sender has it (a lease taken over) or it left already: never a second send
                        ? Panache.withSession(() -> messages.findById(id))
                        : wappin.call(call)
                        .chain(answer -> accepted(id, answer))
                        .onFailure().recoverWithUni(failure -> retryAt != null && CallFailures.neverSent(failure)
                                ? requeue(id, failure, retryAt)
                                : refused(id, failure)));
    }

    private Uni<OutboundMessage> store(String action, OutboundMessage draft) {
        if (draft.idempotencyKey == null) {
            return Panache.withTransaction(() -> messages.persist(draft).call(stored -> trail.messageStored(action, stored)));
        }
        return Panache.withSession(() -> messages.byIdempotencyKey(draft.customerId, draft.idempotencyKey))
                .chain(existing -> existing != null ? Uni.createFrom().item(existing)
                        : Panache.withTransaction(() -> messages.persistAndFlush(draft).call(stored -> trail.messageStored(action, stored)))
                        // a concurrent request with the same key won the insert: answer with its message
                        .onFailure(MessageSender::isUniqueViolation).recoverWithUni(race ->
                                Panache.withSession(() -> messages.byIdempotencyKey(draft.customerId, draft.idempotencyKey))));
    }

    /** The same key again: the stored outcome, nothing sent; the same key for another message is refused (as the ledger does). */
    private static Uni<OutboundMessage> replay(OutboundMessage stored, OutboundMessage draft) {
        if (!stored.sameMessageAs(draft)) {
            return Uni.createFrom().failure(new IdempotencyKeyReused("this Idempotency-Key was used for a different message")
                    .concerning("messageId", stored.id));
        }
        if (stored.status == MessageStatus.PENDING) {
            return Uni.createFrom().failure(new MessagingRefusal.SendInProgress(stored.id));
        }
        return Uni.createFrom().item(stored);
    }

    private Uni<OutboundMessage> accepted(UUID id, WappinAnswer answer) {
        String wappinId = answer.messageId() != null ? answer.messageId() : answer.data() == null ? null : answer.data().asText(null);
        return StaleWrites.inTransaction(() -> (wappinId == null ? Uni.createFrom().voidItem() : messages.lockWappinId(wappinId))
                .chain(() -> messages.findById(id)).chain(m -> {
                    m.wappinMessageId = wappinId;
                    m.failure = null;
                    m.failureCode = null;
                    return timeline.record(m, MessageStatus.ACCEPTED, clock.instant(), "SEND")
                            .chain(() -> wappinId == null ? Uni.createFrom().item(m) : linkEarlyStatuses(m, wappinId));
                }));
    }

    /** Wappin's status callbacks that arrived before this commit were stored without a message: they join its timeline now. */
    private Uni<OutboundMessage> linkEarlyStatuses(OutboundMessage m, String wappinId) {
        return messages.earlyStatuses(wappinId).chain(early -> Multi.createFrom().iterable(early)
                .onItem().transformToUniAndConcatenate(status -> timeline.record(m, status.status(), status.at(), "CALLBACK"))
                .collect().asList().replaceWith(m));
    }

    private Uni<OutboundMessage> requeue(UUID id, Throwable failure, Instant retryAt) {
        return StaleWrites.inTransaction(() -> messages.findById(id).invoke(m -> {
            m.nextAttemptAt = retryAt;
            m.sendStartedAt = null; // it never left: safe to send again
            m.failure = failure.toString();
            m.touch(clock.instant());
        })).chain(m -> Uni.createFrom().failure(failure));
    }

    private Uni<OutboundMessage> refused(UUID id, Throwable failure) {
        // Wappin's own refusal, our refusal before any call, or a call that never left: surely not sent
        boolean refusedByWappin = failure instanceof ProviderFault fault && fault.outcome() == ProviderFault.Outcome.REFUSED
                || failure instanceof Refusal || CallFailures.neverSent(failure);
        return StaleWrites.inTransaction(() -> messages.findById(id).chain(m -> {
                    m.failure = failure.getMessage();
                    m.failureCode = failure instanceof WappinException e ? e.code() : null;
                    if (refusedByWappin) {
                        return timeline.record(m, MessageStatus.FAILED, clock.instant(), "SEND").replaceWith(m);
                    }
                    // lost answer, timeout, 5xx: it may have gone out; never resent without a person deciding
                    LOG.warnf("message %s: Wappin's answer to the send is unknown (%s); marked UNCONFIRMED, not resent",
                            id, failure.toString());
                    m.status = MessageStatus.UNCONFIRMED;
                    m.touch(clock.instant());
                    return Uni.createFrom().item(m);
                }))
                .chain(m -> Uni.createFrom().failure(failure instanceof Refusal r ? r.concerning("messageId", m.id)
                        : new MessageNotSent(m.id, failure)));
    }

    static boolean isUniqueViolation(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof org.hibernate.exception.ConstraintViolationException
                    || t instanceof io.vertx.pgclient.PgException pg && "23505".equals(pg.getSqlState())) {
                return true;
            }
        }
        return false;
    }
}
