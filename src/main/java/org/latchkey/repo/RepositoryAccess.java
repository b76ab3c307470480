package org.latchkey.repo;

import org.latchkey.auth.AccessDenied;
import org.latchkey.auth.Principal;
import org.latchkey.token.Scope;

/**
 * Who may read and write a repository. Anyone reads a public one; only its owner sees a private
 * one, with a session or a token holding {@code repo}. Writing needs {@code repo}, or
 * {@code public_repo} on a public repository. A caller who may not see it is told it does not exist.
 */
public final class RepositoryAccess {

    private RepositoryAccess() {
    }

    /** Whether the caller (null: anonymous) may read; false means "not found" for them. */
    public static boolean canRead(Principal principal, Repository repository) {
        if (!repository.isPrivate()) {
            return true;
        }
        return principal != null && isOwner(principal, repository)
                && (principal.isSession() || principal.token().scopes().allows(Scope.REPO));
    }

    /** Throws unless the (readable) repository may be written by the caller. */
    public static void checkWrite(Principal principal, Repository repository) {
        if (!isOwner(principal, repository)) {
            throw AccessDenied.permission("Permission to " + repository.fullName() + " denied to "
                    + principal.user().login() + ".");
        }
        if (principal.isSession()) {
            return;
        }
        Scope needed = repository.isPrivate() ? Scope.REPO : Scope.PUBLIC_REPO;
        if (!principal.token().scopes().allows(needed)) {
            throw AccessDenied.missingScope(repository.isPrivate()
                    ? java.util.List.of(Scope.REPO) : java.util.List.of(Scope.REPO, Scope.PUBLIC_REPO));
        }
    }

    public static void checkDelete(Principal principal, Repository repository) {
        if (!isOwner(principal, repository)) {
            throw AccessDenied.permission("Only the owner may delete " + repository.fullName() + ".");
        }
        if (!principal.isSession() && !principal.token().scopes().allows(Scope.DELETE_REPO)) {
            throw AccessDenied.missingScope(java.util.List.of(Scope.DELETE_REPO));
        }
    }

    private static boolean isOwner(Principal principal, Repository repository) {
        return principal.user().id() == repository.ownerId();
    }
}
