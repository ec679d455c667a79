package app.reseller.gateway.rest;

import app.reseller.gateway.GatewayRefusal;
import app.reseller.platform.domain.Refusal;
import app.reseller.platform.web.RefusalStatuses;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;

/** The HTTP status of each of the gateway's own refusals. */
@ApplicationScoped
public class GatewayRefusalStatuses implements RefusalStatuses {

    @Override
    public Class<? extends Refusal> family() {
        return GatewayRefusal.class;
    }

    @Override
    public Map<Class<? extends Refusal>, Integer> statuses() {
        return Map.of(GatewayRefusal.TrailIncomplete.class, 503);
    }
}
