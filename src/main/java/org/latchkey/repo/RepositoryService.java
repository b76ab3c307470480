package org.latchkey.repo;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.latchkey.InvalidField;
import org.latchkey.Refusal;
import org.latchkey.Text;
import org.latchkey.access.Action;
import org.latchkey.access.Authorizer;
import org.latchkey.access.Denial;
import org.latchkey.access.Target;
import org.latchkey.audit.AuditAction;
import org.latchkey.audit.AuditLog;
import org.latchkey.audit.Origin;
import org.latchkey.auth.Principal;

/** Creating, finding and deleting hosted repositories of users and organisations, as the {@link Authorizer} allows. */
public final class RepositoryService {

    static final int MAX_DESCRIPTION = 1000;

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,100}");
    private static final Set<String> RESERVED = Set.of(".", "..", "info", "objects", "refs", "hooks", "head");

    private final RepositoryStore store;
    private final RepositoryFiles files;
    private final Authorizer authorizer;
    private final AuditLog audit;
    private final Clock clock;

    public RepositoryService(RepositoryStore store, RepositoryFiles files, Authorizer authorizer, AuditLog audit, Clock clock) {
        this.store = store;
        this.files = files;
        this.authorizer = authorizer;
        this.audit = audit;
        this.clock = clock;
    }

    /** Creates a repository owned by {@code owner} (the caller's own account or an organisation). */
    public Repository create(Principal principal, Target owner, String name, String description, boolean isPrivate,
                             Origin origin) {
        String valid = validName(name);
        String validDescription = Text.requireClean("description", description, MAX_DESCRIPTION, true);
        authorizer.authorize(principal, Action.CREATE_REPO, new Target(owner.ownerId(), owner.ownerLogin(), null, null, isPrivate));
        Repository repository = store.insert(new NewRepository(owner.ownerId(), valid, validDescription, isPrivate,
                        clock.instant().truncatedTo(ChronoUnit.MILLIS)))
                .orElseThrow(() -> InvalidField.alreadyExists("name", owner.ownerLogin() + " already has a repository named '"
                        + valid + "'"));
        try {
            files.create(repository);
        } catch (RuntimeException e) {
            store.delete(repository.id());
            throw e;
        }
        record(AuditAction.REPO_CREATED, principal, repository, origin, Map.of("private", Boolean.toString(isPrivate)));
        return repository;
    }

    /** The repository if the caller (null: anonymous) may read it; otherwise the refusal says why. */
    public Repository find(Principal principal, String owner, String name) {
        Repository repository = lookup(owner, name).orElseThrow(RepositoryService::notFound);
        authorizer.authorize(principal, Action.READ_METADATA, repository.target());
        return repository;
    }

    /** The repository whatever the caller, for adapters that decide access themselves. */
    public Optional<Repository> lookup(String owner, String name) {
        return store.find(owner, stripGitSuffix(name));
    }

    /** The repositories of an owner that the caller may read. */
    public List<Repository> list(Principal principal, long ownerId) {
        return store.listByOwner(ownerId).stream()
                .filter(repository -> authorizer.decide(principal, Action.READ_METADATA, repository.target()).allowed())
                .toList();
    }

    /** Deleting needs only what {@link Action#DELETE_REPO} needs ({@code delete_repo}), not read access too. */
    public void delete(Principal principal, String owner, String name, Origin origin) {
        Repository repository = lookup(owner, name).orElseThrow(RepositoryService::notFound);
        authorizer.authorize(principal, Action.DELETE_REPO, repository.target());
        store.delete(repository.id());
        files.delete(repository);
        record(AuditAction.REPO_DELETED, principal, repository, origin, Map.of());
    }

    private void record(AuditAction action, Principal principal, Repository repository, Origin origin,
                        Map<String, String> extra) {
        Map<String, String> details = new java.util.HashMap<>(extra);
        details.put("repository", repository.fullName());
        audit.record(action, principal.user().id(), principal.user().login(), principal.token().id(), origin, details);
        if (repository.ownerId() != principal.user().id()) {
            audit.record(action, repository.ownerId(), principal.user().login(), principal.token().id(), origin, details);
        }
    }

    static String stripGitSuffix(String name) {
        return name.toLowerCase(Locale.ROOT).endsWith(".git") ? name.substring(0, name.length() - 4) : name;
    }

    private static String validName(String name) {
        if (name == null || name.isEmpty()) {
            throw InvalidField.missing("name");
        }
        if (!NAME.matcher(name).matches()) {
            throw InvalidField.invalid("name", "may contain only letters, digits, '.', '-' and '_', 1 to 100 characters");
        }
        String lower = name.toLowerCase(Locale.ROOT);
        if (RESERVED.contains(lower) || lower.endsWith(".git") || name.startsWith(".")) {
            throw InvalidField.invalid("name", "'" + name + "' is reserved");
        }
        return name;
    }

    /** No such repository, or one the caller may not see: GitHub's answer either way. */
    public static Refusal notFound() {
        return Refusal.notFound(Denial.NOT_FOUND, Denial.REPOSITORY_NOT_FOUND_REASON);
    }
}
