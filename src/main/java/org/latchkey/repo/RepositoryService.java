package org.latchkey.repo;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.latchkey.InvalidField;
import org.latchkey.audit.AuditAction;
import org.latchkey.audit.AuditLog;
import org.latchkey.audit.Origin;
import org.latchkey.auth.AccessDenied;
import org.latchkey.auth.Principal;
import org.latchkey.token.Scope;

/** Creating, finding and deleting hosted repositories, with the access rules of {@link RepositoryAccess}. */
public final class RepositoryService {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,100}");
    private static final Set<String> RESERVED = Set.of(".", "..", "info", "objects", "refs", "hooks", "head");

    private final RepositoryStore store;
    private final RepositoryFiles files;
    private final AuditLog audit;
    private final Clock clock;

    public RepositoryService(RepositoryStore store, RepositoryFiles files, AuditLog audit, Clock clock) {
        this.store = store;
        this.files = files;
        this.audit = audit;
        this.clock = clock;
    }

    public Repository create(Principal principal, String name, String description, boolean isPrivate, Origin origin) {
        checkCreate(principal, isPrivate);
        String valid = validName(name);
        Repository repository = store.insert(new NewRepository(principal.user().id(), valid, description, isPrivate,
                        clock.instant().truncatedTo(ChronoUnit.MILLIS)))
                .orElseThrow(() -> InvalidField.alreadyExists("name", "you already have a repository named '" + valid + "'"));
        try {
            files.create(repository);
        } catch (RuntimeException e) {
            store.delete(repository.id());
            throw e;
        }
        audit.record(AuditAction.REPO_CREATED, principal.user().id(), principal.user().login(), principal.token().id(), origin,
                Map.of("repository", repository.fullName(), "private", Boolean.toString(isPrivate)));
        return repository;
    }

    /** The repository if the caller (null: anonymous) may read it, else {@link RepositoryNotFound}. */
    public Repository find(Principal principal, String owner, String name) {
        return store.find(owner, stripGitSuffix(name))
                .filter(repository -> RepositoryAccess.canRead(principal, repository))
                .orElseThrow(RepositoryNotFound::new);
    }

    /** The repository whatever the caller, for adapters that must tell "unknown" from "hidden". */
    public java.util.Optional<Repository> lookup(String owner, String name) {
        return store.find(owner, stripGitSuffix(name));
    }

    public List<Repository> listOwn(Principal principal) {
        return store.listByOwner(principal.user().id()).stream()
                .filter(repository -> RepositoryAccess.canRead(principal, repository))
                .toList();
    }

    public void delete(Principal principal, String owner, String name, Origin origin) {
        Repository repository = find(principal, owner, name);
        RepositoryAccess.checkDelete(principal, repository);
        store.delete(repository.id());
        files.delete(repository);
        audit.record(AuditAction.REPO_DELETED, principal.user().id(), principal.user().login(), principal.token().id(), origin,
                Map.of("repository", repository.fullName()));
    }

    private static void checkCreate(Principal principal, boolean isPrivate) {
        if (principal.isSession()) {
            return;
        }
        boolean allowed = principal.token().scopes().allows(Scope.REPO)
                || !isPrivate && principal.token().scopes().allows(Scope.PUBLIC_REPO);
        if (!allowed) {
            throw AccessDenied.missingScope(isPrivate ? List.of(Scope.REPO) : List.of(Scope.REPO, Scope.PUBLIC_REPO));
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
        if (RESERVED.contains(name.toLowerCase(Locale.ROOT)) || name.toLowerCase(Locale.ROOT).endsWith(".git")
                || name.startsWith(".")) {
            throw InvalidField.invalid("name", "'" + name + "' is reserved");
        }
        return name;
    }
}
