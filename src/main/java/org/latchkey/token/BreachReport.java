package org.latchkey.token;

import java.time.Instant;
import java.util.List;

/**
 * The breach runbook's answer: the token as revoked, where it was used since {@code since}, its
 * replacement if one was asked for (with the secret, shown once), and what to do next. Lists are most
 * recent first. {@code clients} are the systems to update: each address and user agent that used it.
 */
public record BreachReport(
        Token token,
        boolean revokedNow,
        Instant since,
        long totalUses,
        List<Address> addresses,
        List<Agent> userAgents,
        List<RepositoryUse> repositories,
        List<GitOperation> gitOperations,
        long pushes,
        List<Client> clients,
        IssuedToken replacement) {

    /** An address that used the token. */
    public record Address(String ip, long uses, Instant lastAt) {
    }

    /** A user agent that used the token. */
    public record Agent(String userAgent, long uses, Instant lastAt) {
    }

    /** A repository the token acted on, with the actions taken (pull, push, …). */
    public record RepositoryUse(String repository, List<String> actions, long uses, Instant lastAt) {
    }

    /** A git operation (git-upload-pack, git-receive-pack) with the action decided and its repository. */
    public record GitOperation(String operation, String action, String repository, long uses, Instant lastAt) {
    }

    /** One system that used the token: an address with a user agent. */
    public record Client(String ip, String userAgent, long uses, Instant lastAt) {
    }
}
