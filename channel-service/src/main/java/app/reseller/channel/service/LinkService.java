package app.reseller.channel.service;

import app.reseller.channel.Channel;
import app.reseller.channel.client.WhapiGate;
import app.reseller.platform.secrets.SecretBox;
import app.reseller.platform.secrets.Secrets;
import app.reseller.platform.domain.InvalidValue;
import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Pattern;

/** Linking WhatsApp to a channel: QR (JSON or PNG) and pairing code, with the channel's own token. */
@ApplicationScoped
public class LinkService {

    private static final Pattern DATA_URI = Pattern.compile("^data:image/[a-z]+;base64,");
    private static final Pattern PHONE = Pattern.compile("^\\d{7,15}$");

    /** The QR as the frontend shows it: {@code image} goes straight into an img src. */
    public record Qr(String status, String base64, String image, Integer expiresInSeconds) {
    }

    private final WhapiGate gate;
    private final SecretBox secrets;
    private final Clock clock;
    private final ChannelTrail trail;

    public LinkService(WhapiGate gate, SecretBox secrets, Clock clock, ChannelTrail trail) {
        this.trail = trail;
        this.clock = clock;
        this.gate = gate;
        this.secrets = secrets;
    }

    public Uni<Qr> qr(Channel channel) {
        return ready(channel).chain(authorization -> gate.qr(authorization))
                .map(LinkService::toQr);
    }

    public Uni<byte[]> qrImage(Channel channel) {
        return ready(channel).chain(authorization -> gate.qrImage(authorization));
    }

    public Uni<String> pairingCode(Channel channel, String phone) {
        String digits = phone == null ? "" : phone.replaceAll("[\\s+()-]", "");
        if (!PHONE.matcher(digits).matches()) {
            return Uni.createFrom().failure(new InvalidValue("phone", "invalid-phone", "Invalid phone number",
                    "7 to 15 digits in international form, e.g. 6281234567890"));
        }
        // the trail notes that a code was asked for, never the code: it links a phone to the channel
        return ready(channel).chain(authorization -> gate.pairingCode(authorization, digits))
                .call(answer -> trail.actedAtWhapi("requestPairingCode", channel))
                .map(answer -> answer.path("code").asText());
    }

    private Uni<String> ready(Channel channel) {
        if (!channel.isUsable()) {
            return Uni.createFrom().failure(ChannelRefusals.notReady(channel.state.name()));
        }
        Instant now = clock.instant();
        if (channel.restartingUntil != null && channel.restartingUntil.isAfter(now)) {
            return Uni.createFrom().failure(ChannelRefusals.restarting(Duration.between(now, channel.restartingUntil).toSeconds() + 1));
        }
        return Uni.createFrom().item(() -> Secrets.bearer(secrets.open(Channel.TOKEN_PURPOSE, channel.tokenSealed)));
    }

    static Qr toQr(JsonNode answer) {
        String base64 = answer.path("base64").asText(null);
        String raw = base64 == null ? null : DATA_URI.matcher(base64).replaceFirst("");
        return new Qr(answer.path("status").asText(null), raw, raw == null ? null : "data:image/png;base64," + raw,
                answer.hasNonNull("expire") ? answer.get("expire").asInt() : null);
    }
}
