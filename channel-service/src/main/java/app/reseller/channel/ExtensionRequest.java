package app.reseller.channel;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import java.time.Instant;
import java.util.UUID;

/**
 * One ChannelExtensionRequested, as the executor works it off. The request id is the primary key:
 * the same request can never be stored (or executed) twice.
 */
@Entity
@Table(name = "extension_request")
public class ExtensionRequest extends PanacheEntityBase {

    public enum State { PENDING, CALLING, EXTENDED, FAILED }

    @Id
    @Column(name = "request_id")
    public UUID requestId;

    @Column(name = "channel_id")
    public UUID channelId;

    @Column(name = "customer_id")
    public String customerId;

    /** Bumped by every write, native ones included: an entity write based on a stale read fails. */
    @Version
    public long version;

    /**
     * Who holds the row: a new token with every claim (the executor's, or a delete settling the
     * channel's open extensions). Every state change names it in its WHERE, so a worker whose lease
     * was taken over changes nothing.
     */
    @Column(name = "claim_token")
    public UUID claimToken;

    public int days;
    public String comment;

    @Enumerated(EnumType.STRING)
    public State state;

    @Column(name = "active_till_before")
    public Instant activeTillBefore;

    @Column(name = "active_till_after")
    public Instant activeTillAfter;

    /** Set and committed before WHAPI's extend is called: from then on, only activeTill tells whether it happened. */
    @Column(name = "call_started_at")
    public Instant callStartedAt;

    public boolean isOpen() {
        return state == State.PENDING || state == State.CALLING;
    }

    public int attempts;

    @Column(name = "next_attempt_at")
    public Instant nextAttemptAt;

    @Column(name = "lease_until")
    public Instant leaseUntil;

    @Column(name = "last_error")
    public String lastError;

    @Column(name = "created_at")
    public Instant createdAt;

    /** The trace of the extension's request: the executor's WHAPI call continues it. */
    public String traceparent;

    @Column(name = "updated_at")
    public Instant updatedAt;
}
