package app.reseller.channel;

import java.time.Instant;

/**
 * Where a QUEUED channel stands: its place in the creation queue (1 = next) and when WHAPI may be
 * asked for it if nobody joins ahead (another customer's first request goes before our tenth).
 */
public record QueuePlace(int position, Instant estimatedAt) {
}
