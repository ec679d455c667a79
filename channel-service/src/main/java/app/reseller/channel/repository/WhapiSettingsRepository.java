package app.reseller.channel.repository;

import app.reseller.channel.WhapiSettings;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
@WithSession
public class WhapiSettingsRepository implements PanacheRepositoryBase<WhapiSettings, Short> {
}
