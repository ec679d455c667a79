package app.reseller.platform.web;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;

/**
 * Who is calling, from the verified JWT: an admin, or a customer whose id is the token's
 * {@code sub}. A customer may act only on their own data; another customer's id answers 404, so
 * that ids of other customers cannot even be probed (ARCHITECTURE.md invariant 7).
 */
@RequestScoped
public class Caller {

    public static final String ADMIN = "admin";
    public static final String CUSTOMER = "customer";

    private final SecurityIdentity identity;

    public Caller(SecurityIdentity identity) {
        this.identity = identity;
    }

    public boolean isAdmin() {
        return identity.hasRole(ADMIN);
    }

    /** The caller's name as recorded in histories ("who did it"). */
    public String name() {
        return identity.isAnonymous() ? "anonymous" : identity.getPrincipal().getName();
    }

    /** The calling customer's id; fails for a caller who is not a customer. */
    public String customerId() {
        if (!identity.hasRole(CUSTOMER)) {
            throw new ProblemException(403, "forbidden", "Forbidden", "only customers have their own data");
        }
        return identity.getPrincipal().getName();
    }

    /** Passes for an admin and for the customer themselves; anyone else gets a 404 for {@code what}. */
    public void mayAccess(String customerId, String what, Object id) {
        if (!isAdmin() && !(identity.hasRole(CUSTOMER) && identity.getPrincipal().getName().equals(customerId))) {
            throw ProblemException.notFound(what, id);
        }
    }
}
