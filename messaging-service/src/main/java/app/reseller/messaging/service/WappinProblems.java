package app.reseller.messaging.service;

import app.reseller.messaging.client.WappinException;
import app.reseller.platform.web.ProblemException;
import jakarta.ws.rs.ProcessingException;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

import java.io.IOException;
import java.util.Map;

/**
 * Every documented Wappin result code as one of our problems: a status the frontend can act on, a
 * stable type and a title a person understands. The code itself goes along as {@code wappinCode}.
 */
public final class WappinProblems {

    private record Mapping(int status, String slug, String title) {
    }

    /** Wappin's documented codes (PROVIDERS.md); 401 is what is left after one refresh and one retry. */
    static final Map<String, Mapping> CODES = Map.of(
            "400", new Mapping(422, "wappin-bad-request", "Wappin refused the message's content (e.g. a wrong parameter count)"),
            "401", new Mapping(502, "wappin-token-refused", "Wappin refused our access token"),
            "404", new Mapping(422, "template-not-found", "The template is unknown or inactive at Wappin"),
            "406", new Mapping(502, "wappin-auth-not-recognised", "Wappin did not recognise our credentials"),
            "407", new Mapping(502, "wappin-ip-not-whitelisted", "Our server's IP is not whitelisted at Wappin"),
            "419", new Mapping(409, "wappin-project-not-production", "Text messages need a Wappin project in production"),
            "601", new Mapping(422, "not-on-whatsapp", "The recipient is not a WhatsApp number"),
            "605", new Mapping(422, "media-upload-failed", "Wappin could not take the media file"),
            "700", new Mapping(502, "wappin-vendor-error", "Wappin's WhatsApp vendor failed"));

    private WappinProblems() {
    }

    public static Throwable toProblem(Throwable failure) {
        if (failure instanceof ProblemException) {
            return failure;
        }
        if (failure instanceof WappinException e) {
            Mapping mapping = CODES.getOrDefault(e.code(), new Mapping(502, "wappin-error", "Wappin answered an unknown result code"));
            return new ProblemException(mapping.status(), mapping.slug(), mapping.title(), e.getMessage(),
                    Map.of("wappinCode", e.code()));
        }
        if (failure instanceof CircuitBreakerOpenException || failure instanceof WappinException.Unavailable
                || failure instanceof TimeoutException || failure instanceof ProcessingException || failure instanceof IOException) {
            return ProblemException.unavailable(503, "wappin-unavailable", "Wappin is not available right now",
                    failure.getClass().getSimpleName(), 30);
        }
        return failure;
    }
}
