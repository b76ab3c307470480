package org.latchkey.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ServeWebhookOptionTest {

    @Test
    void webhooksGoToPublicAddressesOnly_unlessTheFlagSaysOtherwise() {
        assertThat(parse().webhookAllowLocalNetwork).isEqualTo(
                Boolean.parseBoolean(System.getenv("LATCHKEY_WEBHOOK_ALLOW_LOCAL_NETWORK")));
        assertThat(parse("--webhook-allow-local-network").webhookAllowLocalNetwork).isTrue();
        assertThat(parse("--webhook-allow-local-network=false").webhookAllowLocalNetwork).isFalse();
    }

    private static ServeCommand parse(String... args) {
        ServeCommand serve = new ServeCommand();
        new CommandLine(serve).parseArgs(args);
        return serve;
    }
}
