package app.reseller.billing.service;

import app.reseller.billing.TransferKind;

import java.util.UUID;

/** One movement of days the ledger is asked to make. */
record Movement(TransferKind kind, String from, String to, long days, String status, String customerId,
                String channelId, UUID requestId, String reference, String reason, String idempotencyKey,
                String actor) {

    static Movement posted(TransferKind kind, String from, String to, long days, String customerId,
                           String reference, String reason, String idempotencyKey, String actor) {
        return new Movement(kind, from, to, days, "POSTED", customerId, null, null, reference, reason, idempotencyKey, actor);
    }
}
