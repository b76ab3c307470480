package org.latchkey.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.latchkey.TestServer;
import org.latchkey.store.TestDatabases.Engine;
import org.junit.jupiter.api.Test;

/** Valid and mistyped secrets of the same tokens, interleaved from many threads: only the valid ones pass. */
class ConcurrentAuthenticationTest {

    @Test
    void a_mistyped_secret_is_never_accepted_while_the_real_one_is_used_concurrently() throws Exception {
        try (TestServer server = TestServer.start(Engine.H2, settings -> settings.withRateLimitPerHour(0))) {
            String session = server.signInAdmin();
            List<String> secrets = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                secrets.add(server.createToken(session, "{\"name\":\"t" + i + "\",\"scopes\":[]}").get("token").asText());
            }
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<String>> results = new ArrayList<>();
                for (int n = 0; n < 800; n++) {
                    String secret = secrets.get(n % secrets.size());
                    boolean mistype = n % 2 == 1;
                    String sent = mistype ? secret.substring(0, 39) + (secret.charAt(39) == 'a' ? 'b' : 'a') : secret;
                    results.add(pool.submit(() -> {
                        int status = server.get("/api/v1/user", "token " + sent).status();
                        return (mistype ? "mistyped " : "valid ") + status;
                    }));
                    if (mistype && n % 50 == 1) {
                        server.clock().advance(java.time.Duration.ofMinutes(16));
                    }
                }
                for (Future<String> result : results) {
                    assertThat(result.get()).isIn("valid 200", "mistyped 401", "mistyped 429", "valid 429");
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
