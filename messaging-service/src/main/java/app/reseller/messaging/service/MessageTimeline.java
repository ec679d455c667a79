package app.reseller.messaging.service;

import app.reseller.messaging.MessageStatus;
import app.reseller.messaging.OutboundMessage;
import app.reseller.messaging.repository.MessageRepository;
import app.reseller.platform.events.contract.MessagingEvents.MessageStatusChanged;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;

/**
 * Moves a message's timeline forward inside the caller's transaction: each status enters once (a
 * repeated one is a no-op), the current status is the highest reached (a late "delivered" after
 * "read" stays in the timeline but does not move the message back), and every new entry is a
 * MessageStatusChanged in the same transaction.
 */
@ApplicationScoped
public class MessageTimeline {

    private final MessageRepository messages;
    private final MessageEventsOutbox events;

    private final java.time.Clock clock;

    public MessageTimeline(MessageRepository messages, MessageEventsOutbox events, java.time.Clock clock) {
        this.clock = clock;
        this.messages = messages;
        this.events = events;
    }

    /** @return true when the status was new for this message */
    public Uni<Boolean> record(OutboundMessage message, MessageStatus status, Instant at, String source) {
        return messages.addStatus(message.id, status, at, source).chain(added -> {
            if (!added) {
                return Uni.createFrom().item(false);
            }
            if (status.rank() > message.status.rank() || message.status == MessageStatus.UNCONFIRMED) {
                message.status = status;
                message.touch(clock.instant());
            }
            return events.append(new MessageStatusChanged(message.id,
                            message.customerId, status.name(), message.status.name(), message.wappinMessageId, at))
                    .replaceWith(true);
        });
    }
}
