package app.reseller.channel;

/** WHAPI's channel mode as the platform uses it: TRIAL until the first paid extension, then LIVE. */
public enum ChannelMode {
    TRIAL,
    LIVE;

    /** WHAPI's word for the mode ("trial", "dev", "live"...); anything not trial counts as live. */
    public static ChannelMode fromWhapi(String mode) {
        return mode == null || mode.isBlank() || !"trial".equalsIgnoreCase(mode) ? LIVE : TRIAL;
    }
}
