package app.reseller.channel.rest;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Request bodies, validated at the edge. */
final class Requests {

    private Requests() {
    }

    /** phone: the number to link, digits in international form (WHAPI wants 7 to 15 digits). */
    record CreateChannelRequest(@NotBlank @Size(max = 80) String name,
                                @Pattern(regexp = "^\\+?\\d{7,15}$", message = "7 to 15 digits, international form") String phone) {
        String phoneDigits() {
            return phone == null ? null : phone.replace("+", "");
        }
    }

    record PairingCodeRequest(@NotBlank @Pattern(regexp = "^\\+?\\d{7,15}$", message = "7 to 15 digits, international form") String phone) {
    }

    /** Both optional: a field left out keeps its value. The token may be typed with or without "Bearer ". */
    record WhapiSettingsRequest(@Size(min = 8, max = 4096) String partnerToken,
                                @Pattern(regexp = "^[A-Za-z0-9_-]{4,64}$", message = "letters, digits, - and _") String projectId) {
        /** Never prints the token. */
        @Override
        public String toString() {
            return "WhapiSettingsRequest[projectId=" + projectId + ", partnerToken=" + (partnerToken == null ? "unchanged" : "***") + "]";
        }
    }
}
