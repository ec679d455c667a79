package app.reseller.messaging.client;

import app.reseller.platform.domain.CallFailures;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

import java.util.Map;
import java.util.Optional;

/**
 * What a failed Wappin call means, in one place: every documented result code (PROVIDERS.md) with
 * a stable type and a title a person understands, and Wappin being away. The code itself goes
 * along as {@code wappinCode}. {@code rest/WappinFaultMapper} gives each kind its HTTP status.
 */
public final class WappinFaults {

    /** Who can act on it: the sender (the content or recipient), the partner (our Wappin setup), nobody yet. */
    public enum Kind { CONTENT_REFUSED, SETUP_REFUSED, PROJECT_NOT_IN_PRODUCTION, UNKNOWN_CODE, UNAVAILABLE }

    public record Fault(Kind kind, String type, String title, String detail, String wappinCode) {
    }

    public record Meaning(Kind kind, String type, String title) {
    }

    /** Wappin's documented codes; 401 is what is left after one token refresh and one retry. */
    public static final Map<String, Meaning> CODES = Map.of(
            "400", new Meaning(Kind.CONTENT_REFUSED, "wappin-bad-request", "Wappin refused the message's content (e.g. a wrong parameter count)"),
            "401", new Meaning(Kind.SETUP_REFUSED, "wappin-token-refused", "Wappin refused our access token"),
            "404", new Meaning(Kind.CONTENT_REFUSED, "template-not-found", "The template is unknown or inactive at Wappin"),
            "406", new Meaning(Kind.SETUP_REFUSED, "wappin-auth-not-recognised", "Wappin did not recognise our credentials"),
            "407", new Meaning(Kind.SETUP_REFUSED, "wappin-ip-not-whitelisted", "Our server's IP is not whitelisted at Wappin"),
            "419", new Meaning(Kind.PROJECT_NOT_IN_PRODUCTION, "wappin-project-not-production", "Text messages need a Wappin project in production"),
            "601", new Meaning(Kind.CONTENT_REFUSED, "not-on-whatsapp", "The recipient is not a WhatsApp number"),
            "605", new Meaning(Kind.CONTENT_REFUSED, "media-upload-failed", "Wappin could not take the media file"),
            "700", new Meaning(Kind.SETUP_REFUSED, "wappin-vendor-error", "Wappin's WhatsApp vendor failed"));

    private static final Meaning UNKNOWN = new Meaning(Kind.UNKNOWN_CODE, "wappin-error", "Wappin answered an unknown result code");

    private WappinFaults() {
    }

    /** The failure as Wappin's, or empty when it is not one (a bug, a database failure: not Wappin's). */
    public static Optional<Fault> describe(Throwable failure) {
        if (failure instanceof WappinException e) {
            Meaning meaning = CODES.getOrDefault(e.code(), UNKNOWN);
            return Optional.of(new Fault(meaning.kind(), meaning.type(), meaning.title(), e.getMessage(), e.code()));
        }
        if (failure instanceof CircuitBreakerOpenException || failure instanceof WappinException.Unavailable
                || CallFailures.inTransit(failure)) {
            return Optional.of(new Fault(Kind.UNAVAILABLE, "wappin-unavailable", "Wappin is not available right now",
                    failure.getClass().getSimpleName(), null));
        }
        return Optional.empty();
    }
}
