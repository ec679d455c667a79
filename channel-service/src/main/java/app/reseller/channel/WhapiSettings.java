package app.reseller.channel;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** The partner's WHAPI settings as the admin last set them (one row). */
@Entity
@Table(name = "whapi_settings")
public class WhapiSettings extends PanacheEntityBase {

    public static final short ID = 1;
    public static final String TOKEN_PURPOSE = "whapi-partner-token";

    @Id
    public Short id = ID;

    @Column(name = "partner_token_sealed")
    public byte[] partnerTokenSealed;

    @Column(name = "partner_token_mask")
    public String partnerTokenMask;

    @Column(name = "project_id")
    public String projectId;

    @Column(name = "updated_at")
    public Instant updatedAt;

    @Column(name = "updated_by")
    public String updatedBy;
}
