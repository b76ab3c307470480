package org.latchkey.git;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.transport.PreReceiveHook;
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
import org.latchkey.scan.TokenScanner;
import org.latchkey.token.Token;
import org.latchkey.token.TokenStore;

/**
 * Rules a push must pass before any ref moves, each refusing the push as a whole: a token without
 * {@code workflow} may not touch workflow files, and no new file may contain a live Latchkey token
 * (push protection). Well-formed tokens that are not live pass but are recorded.
 */
public final class PushPolicy {

    static final List<String> WORKFLOW_DIRECTORIES = List.of(".github/workflows/", ".latchkey/workflows/");
    private static final long MAX_SCANNED_BLOB = 64L * 1024 * 1024;

    private final ExposedTokens exposed;
    private final Authorizer authorizer;
    private final AuditLog audit;
    private final boolean protection;
    private final Metrics metrics;

    public PushPolicy(TokenStore tokens, Authorizer authorizer, AuditLog audit, Clock clock, boolean protection,
                      Metrics metrics) {
        this.exposed = new ExposedTokens(tokens, clock);
        this.authorizer = authorizer;
        this.audit = audit;
        this.protection = protection;
        this.metrics = metrics;
    }

    PreReceiveHook hook(GitRequest git) {
        return (pack, commands) -> {
            try {
                check(git, pack, commands);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }

    private void check(GitRequest git, ReceivePack pack, Collection<ReceiveCommand> commands) throws IOException {
        try (ObjectReader reader = pack.getRepository().newObjectReader()) {
            check(git, pack, commands, reader);
        }
    }

    private void check(GitRequest git, ReceivePack pack, Collection<ReceiveCommand> commands, ObjectReader reader)
            throws IOException {
        List<PushedChange> changes = PushedChanges.of(pack.getRepository(), reader, commands);
        String refusal = workflowRefusal(git, changes);
        if (refusal != null) {
            metrics.pushRefusedWorkflow();
        } else if (protection) {
            refusal = leakRefusal(git, reader, changes);
            if (refusal != null) {
                metrics.pushRefusedSecret();
            }
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

    private String workflowRefusal(GitRequest git, List<PushedChange> changes) {
        Optional<PushedChange> workflow = changes.stream()
                .filter(change -> WORKFLOW_DIRECTORIES.stream().anyMatch(change.path()::startsWith))
                .findFirst();
        if (workflow.isEmpty()) {
            return null;
        }
        Decision decision = authorizer.decideUse(git.principal(), Action.PUSH_WORKFLOW, git.repository().target(),
                UsageSource.git("git-receive-pack", git.ip(), git.userAgent()));
        if (decision.allowed()) {
            return null;
        }
        String path = ExposedTokens.shownPath(workflow.get().path());
        return switch (decision.denials().get(0).code()) {
            case Denial.MISSING_SCOPE -> "refusing to allow a Personal Access Token to create or update workflow " + path
                    + " without workflow scope";
            case Denial.MISSING_PERMISSION -> "refusing to allow a fine-grained token to create or update workflow " + path
                    + " without workflows=write permission";
            default -> "refusing to create or update workflow " + path + ": " + decision.denials().get(0).explain();
        };
    }

    private String leakRefusal(GitRequest git, ObjectReader reader, List<PushedChange> changes) throws IOException {
        List<String> live = new ArrayList<>();
        Set<ObjectId> scanned = new HashSet<>();
        for (PushedChange change : changes) {
            if (change.blob() == null || !scanned.add(change.blob())) {
                continue;
            }
            ObjectLoader loader = reader.open(change.blob());
            if (loader.getSize() > MAX_SCANNED_BLOB) {
                continue;
            }
            for (TokenScanner.Finding finding : TokenScanner.scan(loader.getCachedBytes(Integer.MAX_VALUE))) {
                exposed.of(finding.secret()).ifPresent(exposure -> record(git, change, finding, exposure, live));
            }
        }
        if (live.isEmpty()) {
            return null;
        }
        audit.record(AuditAction.PUSH_BLOCKED_SECRET, git.principal().user().id(), git.principal().user().login(),
                git.principal().token().id(), origin(git), Map.of("repository", git.repository().fullName(),
                        "locations", String.join(", ", live)));
        return "push declined: it contains a live Latchkey token (push protection)\n"
                + String.join("\n", live.stream().map(location -> "  " + location).toList()) + "\n"
                + "Remove the token from these commits (rewrite them, e.g. git commit --amend or git rebase -i),"
                + " then revoke or regenerate the token, since it was exposed: latchkey token regenerate ID";
    }

    private void record(GitRequest git, PushedChange change, TokenScanner.Finding finding, ExposedTokens.Exposure exposure,
                        List<String> live) {
        String location = "commit " + change.shortCommit() + ", " + ExposedTokens.shownPath(change.path()) + ":"
                + finding.line();
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
