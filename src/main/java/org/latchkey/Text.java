package org.latchkey;

import java.util.regex.Pattern;

/**
 * Whether text from a client can be stored and shown as it was given. Every engine must store it
 * unchanged: PostgreSQL refuses U+0000 in text, and an unpaired surrogate cannot be encoded in
 * UTF-8 (drivers replace it with '?').
 */
public final class Text {

    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_.:@+-]{1,64}");

    private Text() {
    }

    /**
     * A client's value in quotes, for a message about it, when it is a short plain name that
     * cannot be a secret or a piece of one; otherwise {@code otherwise}. Input is never quoted
     * back whole: a client that pastes a token in the wrong field must not see it in an error.
     */
    public static String quoted(String value, String otherwise) {
        return value != null && PLAIN.matcher(value).matches() && !SecretShape.mayHoldSecret(value)
                ? "'" + value + "'" : otherwise;
    }

    /**
     * Free text a client gives to be stored and shown (a description, a reason), stripped; null
     * stays null. Refused as {@code field} when longer than {@code maxLength}, when {@link #problem}
     * finds something, or when it holds something shaped like a token secret, which must never be
     * stored in plain text.
     */
    public static String requireClean(String field, String text, int maxLength, boolean multiline) {
        if (text == null) {
            return null;
        }
        if (text.length() > maxLength) {
            throw InvalidField.invalid(field, "is longer than " + maxLength + " characters");
        }
        String problem = problem(text, multiline);
        if (problem != null) {
            throw InvalidField.invalid(field, problem);
        }
        if (SecretShape.containsSecret(text)) {
            throw InvalidField.invalid(field, "looks like it contains a token secret; a secret never belongs in a " + field);
        }
        return text.strip();
    }

    /**
     * What is wrong with the text, or null when nothing is. Control characters are refused, except
     * line breaks and tabs when {@code multiline}.
     */
    public static String problem(String text, boolean multiline) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c) && !(multiline && (c == '\n' || c == '\r' || c == '\t'))) {
                return "contains control characters";
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return "is not valid Unicode (it has an unpaired surrogate)";
            }
        }
        return null;
    }
}
