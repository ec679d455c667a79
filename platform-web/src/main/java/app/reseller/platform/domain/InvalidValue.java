package app.reseller.platform.domain;

/** One input value the domain cannot accept, named so that a client shows the message beside it. */
public final class InvalidValue extends Refusal {

    private final String field;

    public InvalidValue(String field, String type, String title, String detail) {
        super(type, title, detail);
        this.field = field;
    }

    /** One more value that explains the refusal (what was expected, what was given). */
    public InvalidValue with(String name, Object value) {
        fact(name, value);
        return this;
    }

    public String field() {
        return field;
    }
}
