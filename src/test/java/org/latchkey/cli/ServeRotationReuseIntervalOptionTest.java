package org.latchkey.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ServeRotationReuseIntervalOptionTest {

    @Test
    void sixtySecondsByDefault_andSecondsMinutesHoursOrZero() {
        assertThat(parse().rotationReuseInterval).isEqualTo(Duration.ofSeconds(60));
        assertThat(parse("--rotation-reuse-interval", "90s").rotationReuseInterval).isEqualTo(Duration.ofSeconds(90));
        assertThat(parse("--rotation-reuse-interval=2m").rotationReuseInterval).isEqualTo(Duration.ofMinutes(2));
        assertThat(parse("--rotation-reuse-interval", "1H").rotationReuseInterval).isEqualTo(Duration.ofHours(1));
        assertThat(parse("--rotation-reuse-interval", "0").rotationReuseInterval).isZero();
    }

    @Test
    void aNumberWithoutUnit_aNegativeOne_orAnotherUnit_isRefusedSayingWhatToWrite() {
        for (String bad : new String[] {"60", "-1s", "1d", "1.5m", "", "PT60S", "60 s"}) {
            assertThatThrownBy(() -> parse("--rotation-reuse-interval", bad)).as(bad)
                    .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("60s, 2m or 1h");
        }
    }

    private static ServeCommand parse(String... args) {
        ServeCommand serve = new ServeCommand();
        new CommandLine(serve).parseArgs(args);
        return serve;
    }
}
