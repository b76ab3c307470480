package org.latchkey.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** The value of {@code --expires}: a number of days, a moment, or never. */
sealed interface Expiry {

    String HELP = "When the token expires: a number of days (30d), a date (2027-01-31, meaning "
            + "00:00 UTC at the start of that day), an ISO instant (2027-01-31T12:00:00Z) or never.";

    /** Adds this expiry to a request body in the server's terms. */
    void addTo(ObjectNode body);

    /** Expires this many days from now. */
    record InDays(int days) implements Expiry {
        @Override
        public void addTo(ObjectNode body) {
            body.put("expires_in_days", days);
        }
    }

    /** Expires at this instant. */
    record At(Instant instant) implements Expiry {
        @Override
        public void addTo(ObjectNode body) {
            body.put("expires_at", instant.toString());
        }
    }

    /** Never expires. */
    record Never() implements Expiry {
        @Override
        public void addTo(ObjectNode body) {
            body.put("expires", "never");
        }
    }

    static Expiry parse(String text) {
        String value = text.trim().toLowerCase(Locale.ROOT);
        if (value.equals("never")) {
            return new Never();
        }
        Matcher days = Pattern.compile("(\\d{1,5})d").matcher(value);
        if (days.matches()) {
            int count = Integer.parseInt(days.group(1));
            if (count < 1) {
                throw new IllegalArgumentException("--expires must be at least 1d");
            }
            return new InDays(count);
        }
        try {
            if (value.matches("\\d{4}-\\d{2}-\\d{2}")) {
                return new At(LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant());
            }
            if (value.matches("\\d{4}-\\d{2}-\\d{2}t.*")) {
                return new At(Instant.parse(value.toUpperCase(Locale.ROOT)));
            }
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("'" + text + "' is not a real date or time");
        }
        throw new IllegalArgumentException("'" + text + "' is not a number of days (30d), a date (2027-01-31) or never");
    }

    /** Lets picocli report a bad {@code --expires} as a usage error. */
    final class Converter implements ITypeConverter<Expiry> {
        @Override
        public Expiry convert(String value) {
            try {
                return parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
