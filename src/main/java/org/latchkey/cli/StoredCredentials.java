package org.latchkey.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The credentials the helper keeps, newest first, and how git's requests match them.
 * <ul>
 * <li>Every match needs the same protocol and host (with its port); {@code http} never gets what
 * was stored for {@code https}.</li>
 * <li>A username in the request must be the stored one; without one, any stored username does.</li>
 * <li>Paths: an entry stored without a path is for the whole host and answers every request to it;
 * an entry stored with a path (git sends one only with {@code credential.useHttpPath}) answers
 * only requests with that same path, and is preferred over a host-wide entry.</li>
 * <li>{@code store} replaces the entry with the same protocol, host, path and username.</li>
 * <li>{@code erase} removes the entries {@code get} could have answered with, but, like git's own
 * {@code store} helper, only those whose password is the one git sends: after a 401 git erases the
 * password that was refused, not one stored since. A request without a path erases on every path.</li>
 * <li>An entry the device flow made ({@link GitCredential#renewable()}) loses only its access token
 * to {@code erase}, keeping the refresh token that renews it; git's {@code store} of the token
 * {@code get} just answered leaves it as it is.</li>
 * </ul>
 */
record StoredCredentials(List<GitCredential> entries) {

    static final StoredCredentials EMPTY = new StoredCredentials(List.of());

    StoredCredentials {
        entries = List.copyOf(entries);
    }

    Optional<GitCredential> find(GitCredential request) {
        Optional<GitCredential> onPath = entries.stream()
                .filter(entry -> entry.password() != null)
                .filter(entry -> entry.path() != null && answers(entry, request))
                .findFirst();
        return onPath.isPresent() ? onPath : entries.stream()
                .filter(entry -> entry.password() != null && entry.path() == null && answers(entry, request))
                .findFirst();
    }

    /** The device flow's entry for the request's protocol and host, with or without its access token. */
    Optional<GitCredential> renewable(GitCredential request) {
        return entries.stream().filter(entry -> entry.renewable() && entry.path() == null && entry.sameServer(request))
                .findFirst();
    }

    /** Without the device flow's entry for the request's protocol and host. */
    StoredCredentials withoutRenewable(GitCredential request) {
        return new StoredCredentials(entries.stream()
                .filter(entry -> !(entry.renewable() && entry.path() == null && entry.sameServer(request))).toList());
    }

    StoredCredentials storing(GitCredential credential) {
        boolean answeredByGet = entries.stream().anyMatch(entry -> entry.renewable() && sameKey(entry, credential)
                && Objects.equals(entry.password(), credential.password()));
        if (answeredByGet) {
            return this;
        }
        List<GitCredential> kept = new ArrayList<>();
        kept.add(credential);
        entries.stream().filter(entry -> !sameKey(entry, credential)).forEach(kept::add);
        return new StoredCredentials(kept);
    }

    StoredCredentials erasing(GitCredential request) {
        return new StoredCredentials(entries.stream()
                .map(entry -> !erases(request, entry) ? entry
                        : entry.renewable() ? new GitCredential(entry.protocol(), entry.host(), null, entry.username(), null,
                                entry.refreshToken(), null) : null)
                .filter(Objects::nonNull).toList());
    }

    private static boolean answers(GitCredential entry, GitCredential request) {
        return entry.sameServer(request) && sameUser(entry, request)
                && (entry.path() == null || entry.path().equals(request.path()));
    }

    private static boolean erases(GitCredential request, GitCredential entry) {
        return entry.sameServer(request) && sameUser(entry, request)
                && (request.password() == null || request.password().equals(entry.password()))
                && (request.path() == null || entry.path() == null || entry.path().equals(request.path()));
    }

    private static boolean sameUser(GitCredential entry, GitCredential request) {
        return request.username() == null || request.username().equals(entry.username());
    }

    private static boolean sameKey(GitCredential a, GitCredential b) {
        return a.sameServer(b) && Objects.equals(a.path(), b.path()) && Objects.equals(a.username(), b.username());
    }

    @Override
    public String toString() {
        return "StoredCredentials[" + entries.size() + " entries]";
    }
}
