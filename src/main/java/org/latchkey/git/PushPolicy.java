package org.latchkey.git;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.errors.CorruptObjectException;
import org.eclipse.jgit.errors.IncorrectObjectTypeException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.ReceiveCommand;
import org.eclipse.jgit.transport.ReceivePack;
import org.latchkey.audit.AuditAction;
import org.latchkey.audit.AuditLog;
import org.latchkey.audit.Origin;
import org.latchkey.audit.UsageSource;
import org.latchkey.access.Action;
import org.latchkey.access.Authorizer;
import org.latchkey.access.Decision;
import org.latchkey.access.Denial;
import org.latchkey.metrics.Metrics;
import org.latchkey.scan.ExposedTokens;
import org.latchkey.scan.LeakedClientSecrets;
import org.latchkey.token.ClientSecretFormat;
import org.latchkey.token.Token;

/**
 * Rules a push must pass before any ref moves, each refusing the push as a whole: a token without
 * {@code workflow} may not change what CI would run ({@link WorkflowChanges}), and nothing the push
 * makes reachable may hold a live Latchkey token (push protection, {@link PushedObjects}).
 * Well-formed tokens that are not live pass but are recorded.
 */
public final class PushPolicy {

    private static final int MAX_SECRETS = 1000;
    private static final int MAX_PLACES_SHOWN = 20;

    private final ExposedTokens exposed;
    private final Authorizer authorizer;
    private final AuditLog audit;
    private final boolean protection;
    private final Metrics metrics;

    public PushPolicy(ExposedTokens exposed, Authorizer authorizer, AuditLog audit, boolean protection, Metrics metrics) {
        this.exposed = exposed;
        this.authorizer = authorizer;
        this.audit = audit;
        this.protection = protection;
        this.metrics = metrics;
    }

    /**
     * Puts these rules on one request's receive-pack: with push protection, blobs are scanned as the
     * pack arrives, and the rest before refs move, in a walk of every new object that also serves as
     * the connectivity check (a missing object refuses the push).
     */
    void install(ExplainingReceivePack pack, GitRequest git) {
        ReceivedBlobs received = protection ? new ReceivedBlobs() : null;
        if (received != null) {
            pack.setObjectChecker(received);
            pack.leaveConnectivityCheckToHook();
        }
        pack.setPreReceiveHook((receiving, commands) -> {
            try {
                check(git, receiving, commands, received);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private void check(GitRequest git, ReceivePack pack, Collection<ReceiveCommand> commands, ReceivedBlobs received)
            throws IOException {
        try (ObjectReader reader = pack.getRepository().newObjectReader()) {
            check(git, pack, commands, reader, received);
        }
    }

    private void check(GitRequest git, ReceivePack pack, Collection<ReceiveCommand> commands, ObjectReader reader,
                       ReceivedBlobs received) throws IOException {
        String refusal;
        try {
            refusal = refusal(git, pack.getRepository(), commands, reader, received);
        } catch (MissingObjectException | IncorrectObjectTypeException | CorruptObjectException e) {
            refusal = "push declined: it refers to objects that are missing or corrupt (" + e.getClass().getSimpleName() + ")";
        }
        if (refusal != null) {
            for (String line : refusal.split("\n")) {
                pack.sendError(line);
            }
            String reason = refusal.split("\n")[0];
            for (ReceiveCommand command : commands) {
                if (command.getResult() == ReceiveCommand.Result.NOT_ATTEMPTED) {
                    command.setResult(ReceiveCommand.Result.REJECTED_OTHER_REASON, reason);
                }
            }
        }
    }

    private String refusal(GitRequest git, Repository repository, Collection<ReceiveCommand> commands, ObjectReader reader,
                           ReceivedBlobs received) throws IOException {
        String refusal = workflowRefusal(git, WorkflowChanges.first(repository, reader, commands));
        if (refusal != null) {
            metrics.pushRefusedWorkflow();
            return refusal;
        }
        if (!protection) {
            return null;
        }
        refusal = leakRefusal(git, repository, reader, commands, received);
        if (refusal != null) {
            metrics.pushRefusedSecret();
        }
        return refusal;
    }

    private String workflowRefusal(GitRequest git, Optional<String> workflow) {
        if (workflow.isEmpty()) {
            return null;
        }
        Decision decision = authorizer.decideUse(git.principal(), Action.PUSH_WORKFLOW, git.repository().target(),
                UsageSource.git("git-receive-pack", git.ip(), git.userAgent()));
        if (decision.allowed()) {
            return null;
        }
        String path = ExposedTokens.shownPath(workflow.get());
        return switch (decision.denials().get(0).code()) {
            case Denial.MISSING_SCOPE -> "refusing to allow a Personal Access Token to create or update workflow " + path
                    + " without workflow scope";
            case Denial.MISSING_PERMISSION -> "refusing to allow a fine-grained token to create or update workflow " + path
                    + " without workflows=write permission";
            default -> "refusing to create or update workflow " + path + ": " + decision.denials().get(0).explain();
        };
    }

    private String leakRefusal(GitRequest git, Repository repository, ObjectReader reader,
                               Collection<ReceiveCommand> commands, ReceivedBlobs received) throws IOException {
        FoundSecrets found = new FoundSecrets();
        PushedObjects.scan(repository, reader, commands, received, found);
        if (found.overflowed) {
            return "push declined: it holds more than " + MAX_SECRETS + " different Latchkey token secrets"
                    + " (push protection); remove them and push again";
        }
        List<String> live = new ArrayList<>();
        boolean clientSecrets = false;
        for (Map.Entry<String, List<String>> secret : found.places.entrySet()) {
            if (ClientSecretFormat.isWellFormed(secret.getKey())) {
                Optional<LeakedClientSecrets.App> app = exposed.clientSecret(secret.getKey());
                app.ifPresent(a -> secret.getValue().forEach(location -> live.add(a.describe(location,
                        git.principal().user().id()))));
                clientSecrets |= app.isPresent();
                continue;
            }
            exposed.of(secret.getKey()).ifPresent(exposure -> secret.getValue()
                    .forEach(location -> record(git, location, exposure, live)));
        }
        if (live.isEmpty()) {
            return null;
        }
        audit.record(AuditAction.PUSH_BLOCKED_SECRET, git.principal().user().id(), git.principal().user().login(),
                git.principal().token().id(), origin(git), Map.of("repository", git.repository().fullName(),
                        "locations", String.join(", ", live)));
        return "push declined: it contains a live Latchkey token" + (clientSecrets ? " or client secret" : "")
                + " (push protection)\n"
                + String.join("\n", live.stream().map(location -> "  " + location).toList()) + "\n"
                + "Remove the token from these commits (rewrite them, e.g. git commit --amend or git rebase -i),"
                + " then revoke or regenerate the token, since it was exposed: latchkey token regenerate ID"
                + (clientSecrets ? "\nFor a client secret: add a new one to the app, then delete the exposed one"
                        + " (latchkey oauth-app secret-delete)" : "");
    }

    /**
     * The places each secret was found, up to {@link #MAX_PLACES_SHOWN} per secret and
     * {@link #MAX_SECRETS} secrets, so a push full of secrets costs a bounded number of lookups,
     * audit events and lines of answer.
     */
    private static final class FoundSecrets implements PushedObjects.Sink {
        private final Map<String, List<String>> places = new LinkedHashMap<>();
        private boolean overflowed;

        @Override
        public void found(String location, String secret) {
            List<String> where = places.get(secret);
            if (where == null && places.size() >= MAX_SECRETS) {
                overflowed = true;
            } else if (where == null) {
                places.put(secret, new ArrayList<>(List.of(location)));
            } else if (where.size() < MAX_PLACES_SHOWN) {
                where.add(location);
            }
        }
    }

    private void record(GitRequest git, String location, ExposedTokens.Exposure exposure, List<String> live) {
        Token token = exposure.token();
        if (exposure.live()) {
            live.add(exposure.describe(location, git.principal().user().id()));
        }
        audit.record(exposure.live() ? AuditAction.TOKEN_LEAKED_IN_PUSH : AuditAction.INACTIVE_TOKEN_IN_PUSH, token.userId(),
                git.principal().user().login(), token.id(), origin(git), Map.of("repository", git.repository().fullName(),
                        "location", location, "token_name", token.name()));
    }

    private static Origin origin(GitRequest git) {
        return new Origin(git.ip(), "git");
    }
}
