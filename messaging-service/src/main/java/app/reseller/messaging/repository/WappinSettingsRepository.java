package app.reseller.messaging.repository;

import app.reseller.messaging.WappinSettings;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
@WithSession
public class WappinSettingsRepository implements PanacheRepositoryBase<WappinSettings, Short> {
}
