package org.latchkey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class SettingsTest {

    private final Settings defaults = Settings.defaults(Path.of("data"));

    @Test
    void eachWith_changesItsOwnSettings_andKeepsEveryOther() {
        Clock clock = Clock.fixed(Instant.parse("2026-11-25T00:00:00Z"), ZoneOffset.UTC);

        Settings changed = defaults.withNetwork("0.0.0.0", 9090).withDatabase("jdbc:postgresql://db/latchkey", "u", "p")
                .withRateLimitPerHour(100).withPushProtection(false).withServerKey("key").withUsageRetentionDays(30)
                .withMetricsToken("metrics").withRevokeUnusedAfterDays(0).withPublicUrl("https://latchkey.example.com")
                .withWebhookAllowLocalNetwork(true).withTrustedProxies(List.of("10.0.0.0/8")).withRotationReuseInterval(Duration.ofMinutes(2))
                .withOidc(List.of("https://token.actions.githubusercontent.com"), true, "latchkey")
                .withRedis("redis://:secret@cache:6379").withClock(clock).withTokenCacheSize(1_000_000);

        assertThat(changed).isEqualTo(new Settings(Path.of("data"), "0.0.0.0", 9090, "jdbc:postgresql://db/latchkey", "u", "p",
                100, false, "key", 30, "metrics", 0, null, "https://latchkey.example.com", true, List.of("10.0.0.0/8"),
                Duration.ofMinutes(2), null, List.of("https://token.actions.githubusercontent.com"), true, "latchkey", null, null,
                "redis://:secret@cache:6379", clock, 1_000_000));
        assertThat(changed.toString()).contains("limits=redis").doesNotContain("secret");
        assertThat(defaults.withPushProtection(false)).isEqualTo(new Settings(Path.of("data"), "127.0.0.1", 8080, null, null,
                null, 5000, false, null, 90, null, 365, null, null, false, List.of(), Duration.ofSeconds(60), null, List.of(), false,
                null, null, null, null, defaults.clock(), 200_000));
    }

    @Test
    void blankValues_meanNone_andBadOnes_areRefused() {
        assertThat(defaults.withDatabase(" ", null, null).dbUrl()).isNull();
        assertThat(defaults.withMetricsToken("").metricsToken()).isNull();
        assertThat(defaults.withPublicUrl(" ").publicUrl()).isNull();
        assertThatThrownBy(() -> defaults.withRateLimitPerHour(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> defaults.withTokenCacheSize(0)).hasMessageContaining("--token-cache-size");
        assertThatThrownBy(() -> defaults.withTokenCacheSize(Settings.MAX_TOKEN_CACHE_SIZE + 1))
                .hasMessageContaining("--token-cache-size");
        assertThat(defaults.withRedis(" ").redisUrl()).isNull();
        assertThatThrownBy(() -> defaults.withRedis("http://cache:6379")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("redis://");
        assertThatThrownBy(() -> defaults.withRedis("redis://ca che")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("ca che");
        assertThatThrownBy(() -> defaults.withUsageRetentionDays(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> defaults.withPublicUrl("latchkey.example.com")).isInstanceOf(IllegalArgumentException.class);
        assertThat(defaults.withRotationReuseInterval(Duration.ZERO).rotationReuseInterval()).isZero();
        assertThatThrownBy(() -> defaults.withRotationReuseInterval(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> defaults.withRotationReuseInterval(Duration.ofMinutes(61)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("between 0 and 60 minutes");
    }
}
