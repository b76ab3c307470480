package org.latchkey.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.latchkey.TestServer;
import org.latchkey.metrics.MetricsScrape;
import org.latchkey.store.TestDatabases.Engine;

/**
 * {@code serve --token-cache-size N} bounds the node's token cache, as its metric shows, and a
 * token pushed out of the cache still authenticates (from the store, then cached again).
 */
class TokenCacheSizeTest {

    @ParameterizedTest
    @EnumSource(Engine.class)
    void theNodesTokenCache_holdsAtMostItsSize_andEvictedTokensStillAuthenticate(Engine engine) throws Exception {
        try (TestServer server = TestServer.start(engine, settings -> settings.withTokenCacheSize(5)
                .withMetricsToken(MetricsScrape.TOKEN))) {
            String session = server.signInAdmin();
            List<String> secrets = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                secrets.add(server.createToken(session, "{\"name\":\"t" + i + "\",\"scopes\":[\"read:user\"]}")
                        .get("token").asText());
            }
            for (String secret : secrets) {
                assertThat(server.get("/api/v1/user", "token " + secret).status()).isEqualTo(200);
            }
            double cached = MetricsScrape.value(MetricsScrape.scrape(server), "latchkey_node_token_cache_size");

            assertThat(cached).isBetween(1.0, 5.0);
            for (String secret : secrets) {
                assertThat(server.get("/api/v1/user", "token " + secret).status()).isEqualTo(200);
            }
        }
    }
}
