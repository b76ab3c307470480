package org.latchkey.cli;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** A length of time on the command line: a whole number with a unit, {@code 90s}, {@code 2m}, {@code 1h}, or {@code 0}. */
final class DurationOption implements ITypeConverter<Duration> {

    private static final Pattern SHAPE = Pattern.compile("(\\d{1,6})(s|m|h)?");

    @Override
    public Duration convert(String value) {
        Matcher matcher = SHAPE.matcher(value.strip().toLowerCase(Locale.ROOT));
        if (!matcher.matches() || (matcher.group(2) == null && Long.parseLong(matcher.group(1)) != 0)) {
            throw new TypeConversionException("'" + value + "' is not a length of time: write a whole number with a"
                    + " unit, such as 60s, 2m or 1h (or 0)");
        }
        long amount = Long.parseLong(matcher.group(1));
        return switch (matcher.group(2) == null ? "s" : matcher.group(2)) {
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofSeconds(amount);
        };
    }
}
