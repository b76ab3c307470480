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
 * </ul>
 */
record StoredCredentials(List<GitCredential> entries) {

    static final StoredCredentials EMPTY = new StoredCredentials(List.of());

    StoredCredentials {
        entries = List.copyOf(entries);
    }

    Optional<GitCredential> find(GitCredential request) {
        Optional<GitCredential> onPath = entries.stream()
                .filter(entry -> entry.path() != null && answers(entry, request))
                .findFirst();
        return onPath.isPresent() ? onPath : entries.stream().filter(entry -> entry.path() == null && answers(entry, request))
                .findFirst();
    }

    StoredCredentials storing(GitCredential credential) {
        List<GitCredential> kept = new ArrayList<>();
        kept.add(credential);
        entries.stream().filter(entry -> !sameKey(entry, credential)).forEach(kept::add);
        return new StoredCredentials(kept);
    }

    StoredCredentials erasing(GitCredential request) {
        return new StoredCredentials(entries.stream().filter(entry -> !erases(request, entry)).toList());
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
