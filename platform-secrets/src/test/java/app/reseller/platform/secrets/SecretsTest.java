package app.reseller.platform.secrets;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SecretsTest {

    @Test
    void aTokenIsSentWithExactlyOneBearerPrefixHoweverItWasStored() {
        assertEquals("Bearer abc.def", Secrets.bearer("abc.def"));
        assertEquals("Bearer abc.def", Secrets.bearer("Bearer abc.def"));
        assertEquals("Bearer abc.def", Secrets.bearer("  bearer  Bearer abc.def \n"));
    }

    @Test
    void masksShowOnlyBothEnds() {
        assertEquals("Bearer eyJ…7cQ", Secrets.maskBearer("Bearer eyJhbGciOiJIUzI1NiJ9.payload.sig7cQ"));
        assertEquals("…(5 characters)", Secrets.mask("short"));
    }

    @Test
    void sealedSecretsOpenOnlyForTheirPurposeAndNeverContainThePlainText() {
        SecretBox box = SecretBox.withKeyset(SecretBox.newKeyset());
        byte[] sealed = box.seal("partner-token", "the-partner-token-value");
        assertFalse(new String(sealed, java.nio.charset.StandardCharsets.ISO_8859_1).contains("the-partner-token-value"));
        assertEquals("the-partner-token-value", box.open("partner-token", sealed));
        assertThrows(IllegalStateException.class, () -> box.open("channel-token", sealed));
        // randomised: the same secret never seals to the same bytes twice
        assertFalse(java.util.Arrays.equals(sealed, box.seal("partner-token", "the-partner-token-value")));
    }

    @Test
    void anotherKeysetCannotOpenIt() {
        byte[] sealed = SecretBox.withKeyset(SecretBox.newKeyset()).seal("p", "secret");
        SecretBox other = SecretBox.withKeyset(SecretBox.newKeyset());
        assertThrows(IllegalStateException.class, () -> other.open("p", sealed));
        assertArrayEquals(sealed, sealed.clone());
    }
}
