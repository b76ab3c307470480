package org.latchkey.trust;

/**
 * A claim of an ID token that a policy's rule refused: what the policy expects, what the token
 * presented (null when missing) and why ({@code missing}, {@code different}, {@code not a single value}).
 * Only ever shown to the policy's owners.
 */
public record Mismatch(String claim, String expected, String presented, String why) {

    /** "ref: expected refs/tags/v*, presented refs/heads/main". */
    public String describe() {
        return claim + ": expected " + expected + ", " + switch (why) {
            case "missing" -> "the token has no such claim";
            case "different" -> "presented " + presented;
            default -> "presented " + presented + ", not a single value";
        };
    }
}
