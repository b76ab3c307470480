package org.latchkey.notice;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import javax.net.ssl.SSLException;

/**
 * POSTs one signed delivery to a hook's URL. Redirects are not followed (a 3xx is a failure, as
 * any status outside 2xx), and the answer's body is read and dropped, never stored or logged: only
 * its status is kept. Errors are short descriptions of what failed, without the URL. A host that
 * {@link HookTargets} refuses is not contacted.
 */
public final class WebhookSender {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    static final String USER_AGENT = "Latchkey-Hookshot/1";

    private final HttpClient client;
    private final Duration timeout;
    private final HookTargets targets;

    /** A sender that posts only where {@code targets} allows, checked again before each delivery. */
    public WebhookSender(Duration timeout, HookTargets targets) {
        this.client = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
        this.timeout = timeout;
        this.targets = targets;
    }

    SendResult post(String url, String event, long deliveryId, long hookId, int attempt, byte[] body, String secret) {
        URI target = URI.create(url);
        String refusal = targets.refusal(target);
        if (refusal != null) {
            return SendResult.failed(null, refusal);
        }
        HttpRequest request = HttpRequest.newBuilder(target)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("User-Agent", USER_AGENT)
                .header("X-Latchkey-Event", event)
                .header("X-Latchkey-Delivery", Long.toString(deliveryId))
                .header("X-Latchkey-Hook-ID", Long.toString(hookId))
                .header("X-Latchkey-Attempt", Integer.toString(attempt))
                .header(Signatures.HEADER, Signatures.sign(secret, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        try {
            int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            return status >= 200 && status < 300 ? SendResult.ok(status)
                    : SendResult.failed(status, "the receiver answered HTTP " + status);
        } catch (HttpConnectTimeoutException e) {
            return SendResult.failed(null, "could not connect within " + timeout.toSeconds() + " s");
        } catch (HttpTimeoutException e) {
            return SendResult.failed(null, "no answer within " + timeout.toSeconds() + " s");
        } catch (ConnectException e) {
            return SendResult.failed(null, "connection refused");
        } catch (SSLException e) {
            return SendResult.failed(null, "TLS failed: " + e.getClass().getSimpleName());
        } catch (IOException e) {
            return SendResult.failed(null, "the request failed: " + e.getClass().getSimpleName());
        } catch (IllegalArgumentException e) {
            return SendResult.failed(null, "the host cannot be resolved or the URL is not usable");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return SendResult.failed(null, "interrupted while sending");
        }
    }
}
