package org.latchkey.trust;

import java.math.BigInteger;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.latchkey.InvalidField;
import org.latchkey.Text;

/**
 * One claim a trust policy expects of an ID token: exactly a value, or, with one trailing
 * {@code *}, a value starting with the rest ({@code refs/tags/v*}). Presented values compare as
 * strings, case and all: a JSON integer as its decimal digits ({@code 123} is {@code "123"}, never
 * {@code "0123"}), a boolean as {@code true}/{@code false}; lists, objects and fractions never match.
 */
public record ClaimRule(String claim, String value, boolean prefix) {

    static final int MAX_VALUE = 512;
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.:-]{0,63}");
    /** Checked by the exchange itself, never by a policy. */
    private static final Set<String> RESERVED = Set.of("iss", "aud", "exp", "iat", "nbf", "jti", "azp");

    /** The rule for {@code "claim": value} as a policy gives it, or a 422 naming {@code claims.<claim>}. */
    public static ClaimRule parse(String claim, Object value) {
        if (claim == null || !NAME.matcher(claim).matches()) {
            throw InvalidField.invalid("claims", "claim names are 1 to 64 letters, digits, '_', '.', ':' or '-', starting"
                    + " with a letter or '_'; " + Text.quoted(claim, "one given") + " is not");
        }
        String field = "claims." + claim;
        if (RESERVED.contains(claim)) {
            throw InvalidField.invalid(field, "is checked by the exchange itself (issuer, audience, lifetime, replay);"
                    + " a policy cannot pin it");
        }
        if (!(value instanceof String text)) {
            throw InvalidField.invalid(field, "must be a string (write numbers in quotes: \"123\")");
        }
        if (text.isEmpty()) {
            throw InvalidField.invalid(field, "may not be empty");
        }
        String clean = Text.requireClean(field, text, MAX_VALUE, false);
        if (!clean.equals(text)) {
            throw InvalidField.invalid(field, "may not start or end with spaces");
        }
        int star = text.indexOf('*');
        if (star < 0) {
            return new ClaimRule(claim, text, false);
        }
        if (text.equals("*")) {
            throw InvalidField.invalid(field, "a bare * would match every value; give a value or a prefix followed by *");
        }
        if (star != text.length() - 1) {
            throw InvalidField.invalid(field, "only one * is allowed, at the end (refs/tags/v*)");
        }
        return new ClaimRule(claim, text.substring(0, text.length() - 1), true);
    }

    /** Why the presented claims do not satisfy this rule, or empty when they do. */
    public Optional<Mismatch> check(Map<String, Object> claims) {
        Object presented = claims == null ? null : claims.get(claim);
        if (presented == null) {
            return Optional.of(new Mismatch(claim, wire(), null, "missing"));
        }
        String text = asString(presented);
        if (text == null) {
            return Optional.of(new Mismatch(claim, wire(), describe(presented), "not a single value"));
        }
        boolean matches = prefix ? text.startsWith(value) : text.equals(value);
        return matches ? Optional.empty() : Optional.of(new Mismatch(claim, wire(), JobClaims.shown(text), "different"));
    }

    /** The value as a policy shows it: {@code refs/tags/v*} for a prefix. */
    public String wire() {
        return prefix ? value + "*" : value;
    }

    /** A claim value as the string it compares as, or null for a list, object, fraction or anything else. */
    static String asString(Object presented) {
        if (presented instanceof String text) {
            return text;
        }
        if (presented instanceof Integer || presented instanceof Long || presented instanceof Short
                || presented instanceof BigInteger) {
            return presented.toString();
        }
        if (presented instanceof Boolean flag) {
            return flag.toString();
        }
        return null;
    }

    private static String describe(Object presented) {
        if (presented instanceof Collection<?>) {
            return "(a list)";
        }
        if (presented instanceof Map<?, ?>) {
            return "(an object)";
        }
        return "(a " + presented.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT) + ")";
    }
}
