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

    private static final java.util.regex.Pattern ADJUSTABLE =
            java.util.regex.Pattern.compile("POOL|(CUSTOMER|CHANNEL):[A-Za-z0-9._-]{1,100}");

    /** What an admin may correct: the pool, a customer or a channel (never EXTERNAL itself). */
    public static boolean isAdjustable(String accountId) {
        return accountId != null && ADJUSTABLE.matcher(accountId).matches();
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
