package app.reseller.billing;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A customer's statement for a period: the movements of its day account in the order the ledger
 * posted them, each with the balance it left, and the payments confirmed for its subscriptions.
 * Movements belong to the period by their transfer id (see {@link Bounds}), so that adjacent periods
 * share no movement and miss none, and every balance is one the account really had.
 */
public final class Statement {

    private Statement() {
    }

    /**
     * The transfers after {@code afterId} up to {@code throughId}: the last transfer posted before the
     * period's start, and the last posted before its end. The opening balance is the account's after
     * {@code afterId}, the closing one after {@code throughId}.
     */
    public record Bounds(String customerId, Instant from, Instant to, long afterId, long throughId,
                         long openingBalanceDays, long closingBalanceDays) {
    }

    /** What a statement lists, in order: the opening balance, lines and payments by time, the closing balance. */
    public sealed interface Entry permits Balance, Line, Payment {
    }

    /** The balance at the period's start ({@code opening}) or end. */
    public record Balance(boolean opening, Instant at, long days) implements Entry {
    }

    /**
     * One movement of the customer's days: signed from the customer's side (+ in, − out), with the
     * account that gave or took them and the balance after it.
     */
    public record Line(long transferId, Instant at, TransferKind kind, long days, long balanceAfterDays, String status,
                       String counterpart, String channelId, String reference, String comment, String actor) implements Entry {
    }

    /** A payment for a subscription, at the price the plan had when it was confirmed. */
    public record Payment(long id, Instant confirmedAt, UUID subscriptionId, String planName, String kind, BigDecimal amount,
                          String currency, Instant periodEnd, String actor) implements Entry {
    }

    /** A page of lines; {@code lastId} is where the next one starts, 0 when this is the last page. */
    public record Page(Bounds period, List<Line> lines, long lastId, List<Payment> payments) {
    }
}
