package app.reseller.platform.secrets;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SecretSettingTest {

    private static final SecretBox BOX = SecretBox.withKeyset(SecretBox.newKeyset());
    private static final String TOKEN = "eyJhbGciOiJIUzI1NiJ9.partner.7cQ";

    @Test
    void aTokenPastedWithOrWithoutItsPrefixIsStoredSealedAndShownMasked() {
        SecretSetting partner = SecretSetting.bearerToken(BOX, "whapi-partner-token");
        for (String typed : new String[] {TOKEN, "Bearer " + TOKEN, "  bearer Bearer " + TOKEN + "\n"}) {
            SecretSetting.Sealed sealed = partner.seal(typed);
            assertEquals("Bearer eyJ…7cQ", sealed.mask());
            assertFalse(new String(sealed.sealed(), java.nio.charset.StandardCharsets.ISO_8859_1).contains("partner"), "sealed, not plain");
            assertEquals(Optional.of(TOKEN), partner.current(sealed.sealed(), Optional.of("configured-token-value")), "the admin's wins");
            assertFalse(sealed.toString().contains(TOKEN));
        }
    }

    @Test
    void untilAnAdminSetsOneTheConfiguredValueIsUsedAndShownMasked() {
        SecretSetting key = SecretSetting.key(BOX, "wappin-secret-key");
        assertEquals(Optional.of("configured-secret"), key.current(null, Optional.of(" configured-secret ")));
        assertEquals("con…ret", key.shownConfigured(Optional.of("configured-secret")));
        assertEquals(Optional.empty(), key.current(null, Optional.empty()));
        assertEquals(null, key.shownConfigured(Optional.empty()));
    }

    @Test
    void aCheckedTokenIsKeptOnlyAsItsHashAndComparedToWhatIsPresented() {
        SecretSetting callback = SecretSetting.key(BOX, "wappin-callback-token");
        SecretSetting.Hashed hashed = callback.hash("Bearer callback-token-1");
        assertEquals("cal…n-1", hashed.mask());
        assertTrue(SecretSetting.matches("callback-token-1", hashed.hash()));
        assertFalse(SecretSetting.matches("callback-token-2", hashed.hash()));
        assertFalse(SecretSetting.matches(null, hashed.hash()));
        assertFalse(SecretSetting.matches("callback-token-1", null), "nothing expected accepts nothing");
        assertArrayEquals(hashed.hash(), SecretSetting.expectedHash(null, Optional.of("callback-token-1")).orElseThrow(),
                "the configured token's hash until an admin sets one");
        assertArrayEquals(hashed.hash(), SecretSetting.expectedHash(hashed.hash(), Optional.of("other")).orElseThrow());
    }
}
