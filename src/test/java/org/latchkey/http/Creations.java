package org.latchkey.http;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.latchkey.ApiClient;
import org.latchkey.TestServer.Response;

/** Threads creating tokens one after another with a session, recording each answer: what a server acknowledged must stay. */
final class Creations {

    /** One creation: when it was sent and answered ({@code System.nanoTime()}), its status (0: none), and the token if 201. */
    record Created(long sentNanos, long answeredNanos, int status, String id, String secret) {
    }

    private final List<Thread> threads = new ArrayList<>();
    private final List<Created> created = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger names = new AtomicInteger();
    private volatile boolean stopped;

    private Creations() {
    }

    static Creations start(ApiClient client, String authorization, int threads) {
        Creations creations = new Creations();
        for (int i = 0; i < threads; i++) {
            Thread thread = new Thread(() -> creations.run(client, authorization), "creations-" + i);
            thread.setDaemon(true);
            creations.threads.add(thread);
        }
        creations.threads.forEach(Thread::start);
        return creations;
    }

    private void run(ApiClient client, String authorization) {
        while (!stopped) {
            long sent = System.nanoTime();
            int status;
            String id = null;
            String secret = null;
            try {
                Response answer = client.send("POST", "/api/v1/user/tokens", authorization,
                        "{\"name\":\"load-" + names.incrementAndGet() + "\",\"scopes\":[\"repo\"]}");
                status = answer.status();
                if (status == 201) {
                    id = answer.json().get("id").asText();
                    secret = "token " + answer.json().get("token").asText();
                }
            } catch (UncheckedIOException noAnswer) {
                status = 0;
            }
            created.add(new Created(sent, System.nanoTime(), status, id, secret));
        }
    }

    /** Stops the threads, waits for their last requests, and returns every creation tried. */
    List<Created> stop() throws InterruptedException {
        stopped = true;
        for (Thread thread : threads) {
            thread.join(60_000);
        }
        return List.copyOf(created);
    }
}
