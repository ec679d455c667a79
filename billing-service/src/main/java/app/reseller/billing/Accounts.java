package app.reseller.billing;

/** Ledger account ids. */
public final class Accounts {

    public static final String POOL = "POOL";
    public static final String EXTERNAL = "EXTERNAL";

    private Accounts() {
    }

    public static String customer(String customerId) {
        return "CUSTOMER:" + customerId;
    }

    public static String channel(String channelId) {
        return "CHANNEL:" + channelId;
    }

    public static String kindOf(String accountId) {
        int colon = accountId.indexOf(':');
        return colon < 0 ? accountId : accountId.substring(0, colon);
    }

    public static String ownerOf(String accountId) {
        int colon = accountId.indexOf(':');
        return colon < 0 ? null : accountId.substring(colon + 1);
    }
}
