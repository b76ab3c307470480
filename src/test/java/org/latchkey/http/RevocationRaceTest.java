package org.latchkey.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.latchkey.TestServer;
import org.latchkey.TestServer.Response;
import org.latchkey.store.TestDatabases.Engine;

/**
 * Requests race revocations across two nodes: node B is hammered with a token while node A revokes
 * it. Every request B received before the revoke call returned may go either way; not one that
 * was sent after it returned may be accepted. Each round's token was accepted by B first (so the
 * address is not locked out), and every refusal must say the token was revoked or is locked out
 * for presenting it dead too often (counted against the token).
 */
class RevocationRaceTest {

    private static final int ROUNDS = Integer.getInteger("latchkey.race.rounds", 25);
    private static final int THREADS = Integer.getInteger("latchkey.race.threads", 3);

    /** One request: when it was sent, and the answer. */
    private record Answer(long sentNanos, int status, String error) {
    }

    @Test
    void no_request_sent_after_a_revoke_returned_is_accepted_by_the_other_node() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try (TestServer a = TestServer.start(Engine.POSTGRESQL); TestServer b = a.startPeer()) {
            String session = a.signInAdmin();
            int requests = 0;
            int lateAcceptances = 0;
            int acceptedWhileRevoking = 0;
            Map<String, Integer> refusals = new TreeMap<>();
            for (int round = 0; round < ROUNDS; round++) {
                JsonNode token = a.createToken(session, "{\"name\":\"race" + round + "\",\"scopes\":[\"repo\"]}");
                String secret = "token " + token.get("token").asText();
                assertThat(b.get("/api/v1/user", secret).status()).as("accepted before the revocation").isEqualTo(200);

                AtomicBoolean stop = new AtomicBoolean();
                List<Future<List<Answer>>> hammers = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    hammers.add(pool.submit(() -> hammer(b, secret, stop)));
                }
                Thread.sleep(20 + round % 7 * 5);
                long revokeStart = System.nanoTime();
                assertThat(a.send("POST", "/api/v1/user/tokens/" + token.get("id").asLong() + "/revoke",
                        "token " + session, null).status()).isEqualTo(204);
                long returned = System.nanoTime();
                Thread.sleep(30);
                stop.set(true);

                for (Future<List<Answer>> hammer : hammers) {
                    for (Answer answer : hammer.get(30, TimeUnit.SECONDS)) {
                        requests++;
                        if (answer.status() == 200) {
                            if (answer.sentNanos() - returned > 0) {
                                lateAcceptances++;
                            } else if (answer.sentNanos() - revokeStart > 0) {
                                acceptedWhileRevoking++;
                            }
                        } else {
                            refusals.merge(answer.status() + " " + answer.error(), 1, Integer::sum);
                        }
                    }
                }
            }
            System.out.printf("revocation race: %d requests in %d rounds; %d accepted while the revoke call ran,"
                    + " %d accepted after it returned; refusals %s%n", requests, ROUNDS, acceptedWhileRevoking, lateAcceptances,
                    refusals);
            assertThat(lateAcceptances).isZero();
            assertThat(refusals.keySet()).allMatch(refusal -> refusal.equals("401 token_revoked")
                    || refusal.startsWith("429 "), "a revoked token's refusal or its lockout");
            assertThat(requests).isGreaterThan(ROUNDS * THREADS * 5);
        } finally {
            pool.shutdownNow();
        }
    }

    private static List<Answer> hammer(TestServer node, String secret, AtomicBoolean stop) {
        List<Answer> answers = new ArrayList<>();
        while (!stop.get()) {
            long sent = System.nanoTime();
            Response response = node.get("/api/v1/user", secret);
            answers.add(new Answer(sent, response.status(),
                    response.status() == 200 ? null : response.json().path("error").asText()));
        }
        return answers;
    }
}
