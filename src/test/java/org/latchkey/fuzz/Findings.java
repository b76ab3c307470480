package org.latchkey.fuzz;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.latchkey.SecretScan;
import org.latchkey.fuzz.RawConnection.Answer;

/**
 * What an answer must never be: a 5xx, a stack trace, a secret the test knows or anything shaped
 * like a token (a fresh secret in a 2xx answer's {@code token} or {@code secret} field aside), or a
 * refusal outside the protocol's own form (JSON with {@code documentation_url} for the API and npm,
 * plain text for git). Collects what it finds, with the request that caused it.
 */
final class Findings {

    static final Pattern STACK_TRACE = Pattern.compile("\\n\\s*at [\\w$./]+\\(|Caused by: ");
    private static final Pattern ISSUED_SECRET = Pattern.compile("\"(token|secret)\":\"lk[psf]_[0-9A-Za-z]{36}\"");
    private static final Pattern GIT_PATH =
            Pattern.compile("^/([^/]+)/([^/]+)/(info/refs|git-upload-pack|git-receive-pack|HEAD|objects/.+)$");

    private final ConcurrentLinkedQueue<String> found = new ConcurrentLinkedQueue<>();
    private final AtomicInteger count = new AtomicInteger();
    private final AtomicInteger authenticated = new AtomicInteger();
    private final AtomicInteger succeeded = new AtomicInteger();

    void check(FuzzRequest request, Answer answer, Collection<String> secrets) {
        if (answer.header("x-oauth-scopes") != null) {
            authenticated.incrementAndGet();
        }
        if (answer.status() < 300) {
            succeeded.incrementAndGet();
        }
        String body = answer.text();
        if (answer.status() >= 500) {
            add(request, "answered " + answer.status() + ": " + FuzzRequest.printable(body, 300));
        }
        if (STACK_TRACE.matcher(body).find()) {
            add(request, "a stack trace in the answer: " + FuzzRequest.printable(body, 300));
        }
        String scanned = answer.status() < 300 ? ISSUED_SECRET.matcher(body).replaceAll("") : body;
        SecretScan.findings(scanned, secrets).forEach(finding -> add(request, finding));
        if (answer.status() >= 400 && !request.head() && body.length() > 0) {
            checkForm(request, answer, body);
        }
    }

    private void checkForm(FuzzRequest request, Answer answer, String body) {
        String type = String.valueOf(answer.header("content-type")).toLowerCase(Locale.ROOT);
        String path = request.target().split("\\?", 2)[0];
        boolean json = type.startsWith("application/json") && body.contains("\"documentation_url\"");
        boolean oneLine = type.startsWith("text/plain") && !body.strip().contains("\n");
        if (request.git() && GIT_PATH.matcher(path).matches()) {
            if (!oneLine && !json) {
                add(request, "a git refusal that is not one line of plain text (" + type + "): " + FuzzRequest.printable(body, 200));
            }
        } else if (!json) {
            add(request, "a refusal without JSON and documentation_url (" + type + "): " + FuzzRequest.printable(body, 200));
        }
    }

    /** Checks the log captured during the run: no stack trace, no secret, nothing token-shaped. */
    void checkLog(List<String> lines, Collection<String> secrets) {
        for (String line : lines) {
            if (STACK_TRACE.matcher(line).find()) {
                found.add("a stack trace in the log: " + FuzzRequest.printable(line, 1500));
                count.incrementAndGet();
            }
            for (String finding : SecretScan.findings(line, secrets)) {
                found.add("in the log: " + finding);
                count.incrementAndGet();
            }
        }
    }

    void add(FuzzRequest request, String what) {
        count.incrementAndGet();
        if (found.size() < 200) {
            found.add(what + "\n  request: " + request.describe());
        }
    }

    int count() {
        return count.get();
    }

    /** Answers to requests that authenticated (they carry {@code X-OAuth-Scopes}): the fuzzing got past the door. */
    int authenticated() {
        return authenticated.get();
    }

    /** Answers of 1xx or 2xx: requests that did something. */
    int succeeded() {
        return succeeded.get();
    }

    List<String> first(int n) {
        List<String> first = new ArrayList<>();
        for (String finding : found) {
            if (first.size() == n) {
                break;
            }
            first.add(finding);
        }
        return first;
    }
}
