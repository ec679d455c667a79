package app.reseller.sandbox.whapi;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The simulated gate's sends (WHAPI's /messages/text and /messages/{image,document,audio,video}),
 * with the channel's own token, on a linked channel only. Each answers {@code sent: true} and the
 * message with its WHAPI id; its statuses (sent, delivered, read) follow as "statuses" webhooks.
 */
@Path("/gate/messages")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "WHAPI gate (simulated)")
public class WhapiGateMessagesResource {

    /** WHAPI's pattern for "to": a phone number or a chat id. */
    private static final Pattern TO = Pattern.compile("^[\\d-]{9,31}(@[\\w.]{1,})?$");
    static final Set<String> MEDIA = Set.of("image", "document", "audio", "video");

    private final WhapiSimulator whapi;
    private final GateMessages messages;

    public WhapiGateMessagesResource(WhapiSimulator whapi, GateMessages messages) {
        this.whapi = whapi;
        this.messages = messages;
    }

    @POST
    @Path("text")
    @Operation(summary = "Sends a text (WHAPI sendMessageText)")
    public Map<String, Object> text(@HeaderParam("Authorization") String auth, Map<String, Object> body) {
        String channel = whapi.channelOfToken(auth);
        String from = whapi.requireLinked(channel);
        String to = to(body);
        if (!(body.get("body") instanceof String text) || text.isBlank()) {
            throw new WhapiError(400, "Parameter 'body' is required", "a text message needs a body");
        }
        return sent(messages.send(channel, from, to, "text", Map.of("body", text), quoted(body)));
    }

    @POST
    @Path("{type}")
    @Operation(summary = "Sends an image, document, audio or video by URL or base64 (WHAPI sendMessageImage, ...)")
    public Map<String, Object> media(@HeaderParam("Authorization") String auth, @PathParam("type") String type, Map<String, Object> body) {
        if (!MEDIA.contains(type)) {
            throw new WhapiError(404, "Not found", "no message type " + type);
        }
        String channel = whapi.channelOfToken(auth);
        String from = whapi.requireLinked(channel);
        String to = to(body);
        if (!(body.get("media") instanceof String media) || !(media.startsWith("https://") || media.startsWith("http://")
                || media.startsWith("data:"))) {
            throw new WhapiError(400, "Parameter 'media' is required", "a URL, a data: URI or a media id");
        }
        // WHAPI describes the media it stored by its own media id beside the link
        Map<String, Object> content = new java.util.LinkedHashMap<>(Map.of("id", mediaId(type), "link", media,
                "mime_type", MIME.get(type), "file_size", 1024, "timestamp", System.currentTimeMillis() / 1000));
        if (body.get("caption") instanceof String caption) {
            content.put("caption", caption);
        }
        return sent(messages.send(channel, from, to, type, content, quoted(body)));
    }

    private static String to(Map<String, Object> body) {
        if (body == null || !(body.get("to") instanceof String to) || !TO.matcher(to).matches()) {
            throw new WhapiError(400, "Parameter 'to' is invalid", "a phone number or a chat id, e.g. 6281234567890@s.whatsapp.net");
        }
        return to;
    }

    private static final Map<String, String> MIME = Map.of("image", "image/jpeg", "document", "application/pdf",
            "audio", "audio/ogg", "video", "video/mp4");

    /** WHAPI's media id shape: the kind's extension, a dash, hex. */
    private static String mediaId(String type) {
        String extension = Map.of("image", "jpeg", "document", "pdf", "audio", "oga", "video", "mp4").get(type);
        return extension + "-" + java.util.UUID.randomUUID().toString().replace("-", "");
    }

    private static String quoted(Map<String, Object> body) {
        return body.get("quoted") instanceof String quoted ? quoted : null;
    }

    private static Map<String, Object> sent(Map<String, Object> message) {
        return Map.of("sent", true, "message", message);
    }

    @ServerExceptionMapper
    public jakarta.ws.rs.core.Response whapiError(WhapiError e) {
        return e.getResponse();
    }
}
