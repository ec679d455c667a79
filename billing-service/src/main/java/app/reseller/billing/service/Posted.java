package app.reseller.billing.service;

/** What a movement did: its transfer id and both accounts' balances after it. */
public record Posted(long transferId, long fromBalance, long toBalance) {
}
