package org.latchkey;

/** A request field that cannot be accepted; names the field and why (HTTP 422). */
public final class InvalidField extends Refusal {

    private final String field;

    private InvalidField(String field, String code, String message) {
        super(Kind.INVALID_FIELD, code, message, null, null);
        this.field = field;
    }

    public static InvalidField invalid(String field, String reason) {
        return new InvalidField(field, "invalid", field + ": " + reason);
    }

    public static InvalidField missing(String field) {
        return new InvalidField(field, "missing_field", field + ": is required");
    }

    public static InvalidField alreadyExists(String field, String reason) {
        return new InvalidField(field, "already_exists", field + ": " + reason);
    }

    public String field() {
        return field;
    }
}
