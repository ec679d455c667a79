package app.reseller.messaging;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** The partner's Wappin settings as the admin last set them (one row). */
@Entity
@Table(name = "wappin_settings")
public class WappinSettings extends PanacheEntityBase {

    public static final short ID = 1;
    public static final String SECRET_PURPOSE = "wappin-secret-key";

    @Id
    public Short id = ID;

    @Column(name = "client_id")
    public String clientId;

    @Column(name = "secret_key_sealed")
    public byte[] secretKeySealed;

    @Column(name = "secret_key_mask")
    public String secretKeyMask;

    @Column(name = "project_id")
    public String projectId;

    @Column(name = "callback_token_hash")
    public byte[] callbackTokenHash;

    @Column(name = "callback_token_mask")
    public String callbackTokenMask;

    public String environment;

    @Column(name = "updated_at")
    public Instant updatedAt;

    @Column(name = "updated_by")
    public String updatedBy;
}
