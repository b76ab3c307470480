package org.latchkey.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.TypeConversionException;

/** {@code latchkey org policy ORG} and {@code latchkey org policy set ORG …}: an organisation's token policy. */
@Command(name = "policy", mixinStandardHelpOptions = true,
        description = {"Show an organisation's token policy (owners only); change it with: org policy set ORG.",
                "It applies to every token acting on the organisation, existing ones included."},
        subcommands = OrgPolicyCommand.Set.class)
final class OrgPolicyCommand implements Callable<Integer> {

    @Mixin
    ClientOptions client;

    @Parameters(paramLabel = "ORG", arity = "0..1", description = "The organisation's login.")
    String org;

    @Override
    public Integer call() {
        if (org == null) {
            throw CliFailure.invalid("Missing required parameter: 'ORG' (see: latchkey org policy --help)");
        }
        print(client, org, client.authenticated().get(path(org)).body());
        return 0;
    }

    private static String path(String org) {
        return OrgCommand.path(org) + "/token-policy";
    }

    static void print(ClientOptions client, String org, JsonNode policy) {
        if (client.json()) {
            client.printJson(policy);
            return;
        }
        JsonNode days = policy.path("max_lifetime_days");
        new Fields().add("Organisation", org)
                .add("Forbid classic", Boolean.toString(policy.path("forbid_classic").asBoolean(false)))
                .add("Max lifetime days", days.isNumber() ? days.asText() : "none (Latchkey's limit of 366 days applies)")
                .add("Require approval", Boolean.toString(policy.path("require_approval").asBoolean(false)))
                .add("Revoke unused after days", policy.path("revoke_unused_after_days").isNumber()
                        ? policy.path("revoke_unused_after_days").asText() : "none (the server's setting applies)")
                .add("Require two-factor", Boolean.toString(policy.path("require_two_factor").asBoolean(false)))
                .print(client.out());
    }

    @Command(name = "set", mixinStandardHelpOptions = true,
            description = {"Change an organisation's token policy (owners only); what is not given stays as it is.",
                    "A lower maximum lifetime also stops existing tokens older than it on the organisation's resources."})
    static final class Set implements Callable<Integer> {

        @Mixin
        ClientOptions client;

        @Parameters(paramLabel = "ORG", description = "The organisation's login.")
        String org;

        @Option(names = "--forbid-classic", arity = "1", paramLabel = "true|false",
                description = "Refuse classic tokens on the organisation's resources; members then need fine-grained ones.")
        Boolean forbidClassic;

        @Option(names = "--max-lifetime-days", paramLabel = "N|none", converter = MaxLifetime.Converter.class,
                description = "The longest a fine-grained token acting on the organisation may live (1 to 366), or none.")
        MaxLifetime maxLifetime;

        @Option(names = "--require-approval", arity = "1", paramLabel = "true|false",
                description = "Fine-grained tokens of members who are not owners wait for an owner's approval.")
        Boolean requireApproval;

        @Option(names = "--revoke-unused-after-days", paramLabel = "N|none", converter = UnusedDays.Converter.class,
                description = "Revoke fine-grained tokens on the organisation's resources unused for N days (1 to 3650;"
                        + " only shorter than the server's setting has an effect), or none.")
        UnusedDays unusedDays;

        @Option(names = "--require-two-factor", arity = "1", paramLabel = "true|false",
                description = "Members without two-factor authentication cannot use any token on the organisation's resources.")
        Boolean requireTwoFactor;

        @Override
        public Integer call() {
            if (forbidClassic == null && maxLifetime == null && requireApproval == null && unusedDays == null
                    && requireTwoFactor == null) {
                throw CliFailure.invalid("nothing to change: give --forbid-classic, --max-lifetime-days, --require-approval,"
                        + " --revoke-unused-after-days or --require-two-factor");
            }
            ApiClient api = client.authenticated();
            JsonNode current = api.get(path(org)).body();
            ObjectNode policy = current.isObject() ? ((ObjectNode) current).deepCopy() : ApiClient.JSON.createObjectNode();
            if (forbidClassic != null) {
                policy.put("forbid_classic", forbidClassic);
            }
            if (maxLifetime != null) {
                if (maxLifetime.days() == null) {
                    policy.putNull("max_lifetime_days");
                } else {
                    policy.put("max_lifetime_days", maxLifetime.days());
                }
            }
            if (requireApproval != null) {
                policy.put("require_approval", requireApproval);
            }
            if (unusedDays != null) {
                if (unusedDays.days() == null) {
                    policy.putNull("revoke_unused_after_days");
                } else {
                    policy.put("revoke_unused_after_days", unusedDays.days());
                }
            }
            if (requireTwoFactor != null) {
                policy.put("require_two_factor", requireTwoFactor);
            }
            print(client, org, api.put(path(org), policy).body());
            return 0;
        }
    }

    /** {@code --max-lifetime-days}: a number of days, or null for none. */
    record MaxLifetime(Integer days) {

        static MaxLifetime parse(String text) {
            String value = text.trim().toLowerCase(Locale.ROOT);
            if (value.equals("none")) {
                return new MaxLifetime(null);
            }
            if (!value.matches("\\d{1,9}") || Integer.parseInt(value) < 1) {
                throw new IllegalArgumentException("'" + text + "' is not a number of days (1 to 366) or none");
            }
            return new MaxLifetime(Integer.parseInt(value));
        }

        /** Lets picocli report a bad value as a usage error. */
        static final class Converter implements ITypeConverter<MaxLifetime> {
            @Override
            public MaxLifetime convert(String value) {
                try {
                    return parse(value);
                } catch (IllegalArgumentException e) {
                    throw new TypeConversionException(e.getMessage());
                }
            }
        }
    }

    /** {@code --revoke-unused-after-days}: a number of days, or null for none. */
    record UnusedDays(Integer days) {

        /** Lets picocli report a bad value as a usage error. */
        static final class Converter implements ITypeConverter<UnusedDays> {
            @Override
            public UnusedDays convert(String text) {
                String value = text.trim().toLowerCase(Locale.ROOT);
                if (value.equals("none")) {
                    return new UnusedDays(null);
                }
                if (!value.matches("\\d{1,9}") || Integer.parseInt(value) < 1) {
                    throw new TypeConversionException("'" + text + "' is not a number of days (1 to 3650) or none");
                }
                return new UnusedDays(Integer.parseInt(value));
            }
        }
    }
}
