package app.reseller.messaging.repository;

import app.reseller.messaging.MessageTemplate;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
@WithSession
public class TemplateRepository implements PanacheRepositoryBase<MessageTemplate, String> {
}
