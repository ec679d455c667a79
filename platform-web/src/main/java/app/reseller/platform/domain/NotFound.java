package app.reseller.platform.domain;

/** Nothing the caller may see has this id (another customer's record is as unknown as a missing one). */
public final class NotFound extends Refusal {

    public NotFound(String what, Object id) {
        super("not-found", what + " not found", what + " " + id + " does not exist");
    }
}
