package org.latchkey.http.web;

import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import org.latchkey.InvalidField;
import org.latchkey.token.TokenPolicy;

/** The organisation token policy form as sent, kept as typed so a refused value is shown beside its field. */
public final class PolicyForm {

    boolean forbidClassic;
    String maxLifetimeDays = "";
    boolean requireApproval;
    final Map<String, String> errors = new LinkedHashMap<>();

    static PolicyForm of(TokenPolicy policy) {
        PolicyForm form = new PolicyForm();
        form.forbidClassic = policy.forbidClassic();
        form.maxLifetimeDays = policy.maxLifetimeDays() == null ? "" : policy.maxLifetimeDays().toString();
        form.requireApproval = policy.requireApproval();
        return form;
    }

    static PolicyForm read(Context ctx) {
        PolicyForm form = new PolicyForm();
        form.forbidClassic = "true".equals(ctx.formParam("forbid_classic"));
        String days = ctx.formParam("max_lifetime_days");
        form.maxLifetimeDays = days == null ? "" : days.strip();
        form.requireApproval = "true".equals(ctx.formParam("require_approval"));
        return form;
    }

    /** The policy asked for, or null with an error recorded when the lifetime is not a whole number. */
    TokenPolicy policy() {
        if (maxLifetimeDays.isEmpty()) {
            return new TokenPolicy(forbidClassic, null, requireApproval);
        }
        if (!maxLifetimeDays.matches("[0-9]{1,9}")) {
            errors.put("max_lifetime_days", "The maximum lifetime must be a whole number of days, or empty for none.");
            return null;
        }
        return new TokenPolicy(forbidClassic, Integer.valueOf(maxLifetimeDays), requireApproval);
    }

    void reject(InvalidField invalid) {
        String field = invalid.field() == null ? "form" : invalid.field();
        String message = invalid.getMessage();
        String reason = message.startsWith(field + ": ") ? message.substring(field.length() + 2) : message;
        errors.put(field.equals("max_lifetime_days") ? field : "form",
                field.equals("max_lifetime_days") ? "The maximum lifetime " + reason + " days." : message);
    }

    // Accessors for the templates.
    public boolean forbidClassic() { return forbidClassic; }
    public String maxLifetimeDays() { return maxLifetimeDays; }
    public boolean requireApproval() { return requireApproval; }
    public Map<String, String> errors() { return errors; }
}
