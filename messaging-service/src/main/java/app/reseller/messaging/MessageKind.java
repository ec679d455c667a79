package app.reseller.messaging;

public enum MessageKind {
    /** An approved template (HSM), optionally with SMS fallback. */
    NOTIFICATION,
    /** A session text message. */
    TEXT,
    /** An image, document or audio file. */
    MEDIA
}
