package app.reseller.billing.repository;

import static app.reseller.platform.events.Columns.instant;
import static app.reseller.platform.events.Columns.whole;

import app.reseller.billing.PartnerDays.LastReport;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.Tuple;

import java.time.Instant;
import java.time.ZoneOffset;

/** WHAPI's partner-days reports: stored in the caller's transaction (with the event they raise). */
@ApplicationScoped
public class PartnerDaysRepository {

    /** Stores the report in one statement; the new report's id, or null when this body was already received today. */
    public Uni<Long> store(Instant receivedAt, String body, String bodyHash, Long days) {
        return Panache.getSession().chain(s -> s.createNativeQuery("""
                        insert into partner_days_report (received_at, received_on, body, body_hash, days)
                        values (:at, :on, :body, :hash, :days)
                        on conflict on constraint partner_days_report_once_a_day do nothing
                        returning id""", Long.class)
                .setParameter("at", receivedAt)
                .setParameter("on", receivedAt.atZone(ZoneOffset.UTC).toLocalDate())
                .setParameter("body", body)
                .setParameter("hash", bodyHash)
                .setParameter("days", days)
                .getResultList().map(ids -> ids.isEmpty() ? null : ids.get(0)));
    }

    /** The latest report that named a day count, or null. */
    public Uni<LastReport> last() {
        return Panache.getSession().chain(s -> s.createNativeQuery("""
                        select days, received_at from partner_days_report where days is not null order by id desc limit 1""", Tuple.class)
                .getResultList().map(rows -> rows.isEmpty() ? null
                        : new LastReport(whole(rows.get(0), "days"), instant(rows.get(0), "received_at"))));
    }
}
