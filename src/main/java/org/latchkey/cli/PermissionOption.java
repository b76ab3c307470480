package org.latchkey.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * One {@code --permission NAME=LEVEL} of a fine-grained token. Only the form is checked here; which
 * names and levels exist is the server's to say, so a newer server's permissions work unchanged.
 */
record PermissionOption(String name, String level) {

    static final String HELP = "a permission and its level, e.g. contents=write; repeat for more. Permissions: contents"
            + " (read, write), metadata (read, always granted), workflows (write), administration (read, write),"
            + " packages (read, write, admin), members (read, write).";

    private static final String WORD = "[a-z][a-z0-9_]*";

    static PermissionOption parse(String text) {
        String[] parts = text.split("=", -1);
        if (parts.length != 2) {
            throw new IllegalArgumentException("'" + text + "' is not NAME=LEVEL, e.g. contents=write");
        }
        String name = parts[0].trim().toLowerCase(Locale.ROOT);
        String level = parts[1].trim().toLowerCase(Locale.ROOT);
        if (!name.matches(WORD)) {
            throw new IllegalArgumentException("'" + text + "' does not start with a permission name, as in contents=write");
        }
        if (!level.matches(WORD)) {
            throw new IllegalArgumentException("'" + text + "' has no level: " + name + "=read or " + name + "=write, for example");
        }
        return new PermissionOption(name, level);
    }

    /** The request's {@code permissions}; the same permission at two levels is a usage error. */
    static ObjectNode toJson(List<PermissionOption> options) {
        Map<String, String> levels = new LinkedHashMap<>();
        for (PermissionOption option : options) {
            String earlier = levels.putIfAbsent(option.name(), option.level());
            if (earlier != null && !earlier.equals(option.level())) {
                throw CliFailure.invalid("--permission gives " + option.name() + " twice (" + earlier + ", "
                        + option.level() + "): give it once, at the level you need");
            }
        }
        ObjectNode permissions = ApiClient.JSON.createObjectNode();
        levels.forEach(permissions::put);
        return permissions;
    }

    /** Lets picocli report a malformed {@code --permission} as a usage error. */
    static final class Converter implements ITypeConverter<PermissionOption> {
        @Override
        public PermissionOption convert(String value) {
            try {
                return parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
