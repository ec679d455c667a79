package app.reseller.messaging;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Which template goes to the customer on a platform event. Each parameter is a text in which
 * {@code {field}} is replaced by the event's field, e.g. {@code "{balanceDays} days"}.
 */
@Entity
@Table(name = "notification_rule")
public class NotificationRule extends PanacheEntityBase {

    @Id
    @Column(name = "event_type")
    public String eventType;

    public String template;

    /** The parameter texts in Wappin's numbering ("1", "2", ...): jsonb objects map cleanly, arrays do not. */
    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, String> params;

    /** The parameter texts in order. */
    public List<String> paramList() {
        return params == null ? List.of() : params.entrySet().stream()
                .sorted(java.util.Comparator.comparingInt(e -> Integer.parseInt(e.getKey())))
                .map(Map.Entry::getValue).toList();
    }

    public boolean enabled;

    @Column(name = "updated_at")
    public Instant updatedAt;

    @Column(name = "updated_by")
    public String updatedBy;
}
