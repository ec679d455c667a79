package app.reseller.gateway;

import app.reseller.gateway.routing.Downstream;
import app.reseller.platform.domain.Refusal;

import java.time.Duration;
import java.util.List;

/** What the gateway's own reads refuse, in their words; {@code rest/GatewayRefusalStatuses} gives each its status. */
public abstract sealed class GatewayRefusal extends Refusal {

    protected GatewayRefusal(String type, String title, String detail) {
        super(type, title, detail);
    }

    /**
     * A service's part of the activity trail did not answer: the merged trail is not shown with a
     * hole in it (an audit that silently lacks a service's writes would mislead).
     */
    public static final class TrailIncomplete extends GatewayRefusal {
        public TrailIncomplete(List<Downstream> silent) {
            super("trail-incomplete", "The activity trail is incomplete right now",
                    "no answer from " + silent.stream().map(Downstream::label).toList() + "; retry shortly");
            fact("services", silent.stream().map(Downstream::label).toList());
            retryAfter(Duration.ofSeconds(5));
        }
    }
}
