package app.reseller.platform.secrets;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;

/**
 * Seals and opens secrets (provider tokens, keys) for storage. AES-256-GCM through Google Tink; the
 * {@code purpose} is bound as associated data, so a sealed channel token cannot be passed off as a
 * partner token (or the other way round) by copying bytes between columns.
 */
@ApplicationScoped
public class SecretBox {

    private final Aead aead;

    @Inject
    public SecretBox(SecretsConfig config) {
        this(config.keyset().filter(k -> !k.isBlank()).orElseThrow(() -> new IllegalStateException(
                "platform.secrets.keyset (env PLATFORM_SECRETS_KEYSET) is not set: this service stores credentials "
                        + "encrypted and needs a Tink AES-GCM keyset (docs explain how to make one)")));
    }

    SecretBox(String keysetJson) {
        try {
            AeadConfig.register();
            KeysetHandle keys = TinkJsonProtoKeysetFormat.parseKeyset(keysetJson, InsecureSecretKeyAccess.get());
            this.aead = keys.getPrimitive(RegistryConfiguration.get(), Aead.class);
        } catch (GeneralSecurityException e) {
            // the message of Tink's exception never contains key material
            throw new IllegalStateException("platform.secrets.keyset is not a usable Tink AEAD keyset: " + e.getMessage(), e);
        }
    }

    public static SecretBox withKeyset(String keysetJson) {
        return new SecretBox(keysetJson);
    }

    /** A new keyset with one AES-256-GCM key, in Tink's JSON form (for the local run and key set-up). */
    public static String newKeyset() {
        try {
            AeadConfig.register();
            return TinkJsonProtoKeysetFormat.serializeKeyset(
                    KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM), InsecureSecretKeyAccess.get());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public byte[] seal(String purpose, String secret) {
        try {
            return aead.encrypt(secret.getBytes(StandardCharsets.UTF_8), purpose.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("could not encrypt a " + purpose, e);
        }
    }

    public String open(String purpose, byte[] sealed) {
        try {
            return new String(aead.decrypt(sealed, purpose.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("a stored " + purpose + " cannot be decrypted with the configured keyset "
                    + "(was the key rotated without keeping the old one?)", e);
        }
    }

    /** Generates a keyset for operators: {@code java -cp ... app.reseller.platform.secrets.SecretBox}. */
    public static void main(String[] args) {
        System.out.println(newKeyset());
    }
}
