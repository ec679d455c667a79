package app.reseller.sandbox.wappin;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Set;

/**
 * The simulated Wappin API (api.wappin.id), served under /wappin, with the paths, bodies and
 * result codes of Wappin's document. Every result travels in the body's "status" with HTTP 200.
 */
@Path("/wappin/v1")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Wappin (simulated)")
public class WappinResource {

    private static final Map<String, Set<String>> MEDIA_EXTENSIONS = Map.of(
            "image", Set.of("jpg", "jpeg", "png"),
            "document", Set.of("pdf", "doc", "docx", "ppt", "pptx", "xls", "xlsx"),
            "audio", Set.of("aac", "m4a", "mp3", "ogg", "opus"));

    private final WappinSimulator wappin;

    public WappinResource(WappinSimulator wappin) {
        this.wappin = wappin;
    }

    public record Hsm(String client_id, String project_id, String type, String recipient_number, Map<String, Object> params,
                      String channel, String content, Map<String, Object> params_sms) {
    }

    public record Text(String client_id, String project_id, String message_content, String recipient_number) {
    }

    public record Inquiry(String message_id) {
    }

    public record NumberCheck(String client_id, String project_id, String phone_number) {
    }

    @POST
    @Path("token/get")
    public Map<String, Object> token(@HeaderParam("Authorization") String authorization) {
        wappin.countTokenRequest();
        String[] credentials = basic(authorization);
        return WappinResult.success(null, wappin.issueToken(credentials[0], credentials[1]), "Success");
    }

    @POST
    @Path("message/do-send-hsm")
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, Object> sendHsm(@HeaderParam("Authorization") String authorization, Hsm body) {
        wappin.requireToken(authorization);
        if (body == null || body.type() == null || body.recipient_number() == null) {
            throw new WappinResult("400", "Error no input received");
        }
        wappin.requireProject(body.client_id(), body.project_id());
        wappin.requireTemplate(body.type(), body.params());
        if ("sms".equals(body.channel())) {
            wappin.requireSmsTemplate(body.content(), body.params_sms());
        }
        String recipient = wappin.requireWhatsAppNumber(body.recipient_number(), "Contact invalid");
        return WappinResult.success(wappin.accept(recipient), null, "Success");
    }

    @POST
    @Path("message/do-send")
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, Object> sendText(@HeaderParam("Authorization") String authorization, Text body) {
        wappin.requireToken(authorization);
        if (body == null || body.message_content() == null || body.recipient_number() == null) {
            throw new WappinResult("400", "Error no input received");
        }
        if (!wappin.requireProject(body.client_id(), body.project_id())) {
            throw new WappinResult("419", "Sorry, the API Send Message can only be used for projects with production status. "
                    + "Please try API Sending Message using Sandbox - Send Session Message.");
        }
        String recipient = wappin.requireWhatsAppNumber(body.recipient_number(), "Contact invalid");
        return WappinResult.success(wappin.accept(recipient), null, "Success");
    }

    @POST
    @Path("message/do-send-media")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Map<String, Object> sendMedia(@HeaderParam("Authorization") String authorization,
                                         @RestForm("client_id") String clientId, @RestForm("project_id") String projectId,
                                         @RestForm("recipient_number") String recipient, @RestForm("media_type") String mediaType,
                                         @RestForm("caption") String caption, @RestForm("media") FileUpload media) {
        wappin.requireToken(authorization);
        if (recipient == null || mediaType == null || media == null) {
            throw new WappinResult("400", "Error no input received");
        }
        wappin.requireProject(clientId, projectId);
        String name = media.fileName() == null ? "" : media.fileName().toLowerCase();
        String extension = name.contains(".") ? name.substring(name.lastIndexOf('.') + 1) : "";
        if (!MEDIA_EXTENSIONS.getOrDefault(mediaType, Set.of()).contains(extension) || media.size() == 0) {
            throw new WappinResult("605", "Upload Media Failed");
        }
        String normalized = wappin.requireWhatsAppNumber(recipient, "Contact invalid");
        return WappinResult.success(wappin.accept(normalized), null, "Success");
    }

    @POST
    @Path("message/inquiry")
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, Object> inquiry(@HeaderParam("Authorization") String authorization, Inquiry body) {
        wappin.requireToken(authorization);
        if (body == null || body.message_id() == null) {
            throw new WappinResult("400", "Error no input received");
        }
        return WappinResult.success(body.message_id(), wappin.timeline(body.message_id()), "Success");
    }

    @POST
    @Path("phone/number-checker")
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, Object> numberChecker(@HeaderParam("Authorization") String authorization, NumberCheck body) {
        wappin.requireToken(authorization);
        if (body == null || body.phone_number() == null) {
            throw new WappinResult("400", "Error no input received");
        }
        wappin.requireProject(body.client_id(), body.project_id());
        String number = wappin.requireWhatsAppNumber(body.phone_number(), "Phone Number Invalid");
        return WappinResult.success(Long.toHexString(System.nanoTime()), "+" + number, "Phone Number Valid");
    }

    /** Result codes go back in the body, with HTTP 200, as Wappin does. */
    @ServerExceptionMapper
    public Response result(WappinResult result) {
        return Response.ok(result.body(), MediaType.APPLICATION_JSON).build();
    }

    private static String[] basic(String authorization) {
        if (authorization == null || !authorization.startsWith("Basic ")) {
            throw new WappinResult("406", "Auth not recognize");
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            if (colon < 0) {
                throw new WappinResult("406", "Auth not recognize");
            }
            return new String[]{decoded.substring(0, colon), decoded.substring(colon + 1)};
        } catch (IllegalArgumentException notBase64) {
            throw new WappinResult("406", "Auth not recognize");
        }
    }
}
