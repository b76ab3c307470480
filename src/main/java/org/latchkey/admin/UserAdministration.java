package org.latchkey.admin;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongConsumer;
import org.latchkey.account.AccountService;
import org.latchkey.account.User;
import org.latchkey.account.UserChanges;
import org.latchkey.audit.AuditAction;
import org.latchkey.audit.AuditLog;
import org.latchkey.audit.Origin;
import org.latchkey.repo.Repository;
import org.latchkey.repo.RepositoryFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What administrators do with accounts: list and show them, disable and enable, grant and remove
 * the administrator role, delete. An administrator cannot disable or delete their own account, and
 * no change may leave the server without an active administrator. Each change is recorded in the
 * user's and in the administrator's audit log, and drops the user's cached tokens on this node (the
 * store announces them to the others).
 *
 * <p>Deleting changes the database in one transaction and only then removes the deleted
 * repositories' and packages' files. Files are named by id and ids are never reused, so a failure
 * in between leaves only unreachable files (logged), never a row without its files or a file a new
 * owner could inherit; a transfer moves no file at all.
 */
public final class UserAdministration {

    /** One page of users and how many there are in all. */
    public record UserPage(List<AdministeredUser> users, long total) {
    }

    /** A deletion done: the account as it was, and what became of its repositories, packages and tokens. */
    public record Deleted(User user, String transferredTo, Deletion deletion) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(UserAdministration.class);

    private final UserAdminStore store;
    private final UserChanges changes;
    private final RepositoryFiles repositoryFiles;
    private final LongConsumer packageFiles;
    private final AuditLog audit;
    private final Clock clock;

    /** {@code packageFiles} removes the files of one package by id. */
    public UserAdministration(UserAdminStore store, UserChanges changes, RepositoryFiles repositoryFiles,
                              LongConsumer packageFiles, AuditLog audit, Clock clock) {
        this.store = store;
        this.changes = changes;
        this.repositoryFiles = repositoryFiles;
        this.packageFiles = packageFiles;
        this.audit = audit;
        this.clock = clock;
    }

    public UserPage list(int page, int perPage) {
        long offset = (long) (page - 1) * perPage;
        List<AdministeredUser> users = offset > Integer.MAX_VALUE ? List.of()
                : store.page((int) offset, perPage, clock.instant());
        return new UserPage(users, store.count());
    }

    public AdministeredUser show(String login) {
        return find(login);
    }

    public AdministeredUser disable(User admin, String login, Origin origin) {
        AdministeredUser user = find(login);
        if (user.user().id() == admin.id()) {
            throw AdminRefusals.notYourself("disable");
        }
        return change(admin, user, store.setDisabled(user.user().id(), true, clock.instant()), AuditAction.USER_DISABLED,
                origin);
    }

    public AdministeredUser enable(User admin, String login, Origin origin) {
        AdministeredUser user = find(login);
        return change(admin, user, store.setDisabled(user.user().id(), false, clock.instant()), AuditAction.USER_ENABLED,
                origin);
    }

    /** Grants ({@code admin} true) or removes the administrator role; anyone's, one's own included, but never the last. */
    public AdministeredUser setAdmin(User admin, String login, boolean grant, Origin origin) {
        AdministeredUser user = find(login);
        return change(admin, user, store.setAdmin(user.user().id(), grant),
                grant ? AuditAction.USER_ADMIN_GRANTED : AuditAction.USER_ADMIN_REVOKED, origin);
    }

    /**
     * Deletes the account, giving its repositories and packages to {@code transferTo} (an active
     * user; null or blank: they are deleted too). Refused, with nothing changed, while it is the last
     * owner of an organisation or when the receiver already has one of the names.
     */
    public Deleted delete(User admin, String login, String transferTo, Origin origin) {
        AdministeredUser user = find(login);
        if (user.user().id() == admin.id()) {
            throw AdminRefusals.notYourself("delete");
        }
        User receiver = receiver(user.user(), transferTo);
        Deletion deletion = store.delete(user.user().id(), receiver == null ? null : receiver.id(), clock.instant())
                .orElseThrow(AdminRefusals::noSuchUser);
        if (!deletion.soleOwnerOf().isEmpty()) {
            throw AdminRefusals.lastOwner(user.user().login(), deletion.soleOwnerOf());
        }
        if (!deletion.nameClashes().isEmpty()) {
            throw AdminRefusals.nameClashes(receiver.login(), deletion.nameClashes());
        }
        if (deletion.lastAdmin()) {
            throw AdminRefusals.lastAdmin(user.user().login());
        }
        if (deletion.receiverGone()) {
            throw AdminRefusals.badReceiver("must name an active user; " + transferTo + " is no longer one");
        }
        changes.userChanged(user.user().id());
        removeFiles(deletion);
        Map<String, String> details = new HashMap<>(Map.of("login", user.user().login(),
                "revoked_tokens", Integer.toString(deletion.revokedTokens()),
                "deleted_repositories", Integer.toString(deletion.deletedRepositories().size()),
                "deleted_packages", Integer.toString(deletion.deletedPackages().size())));
        if (receiver != null) {
            details.put("transferred_to", receiver.login());
            details.put("transferred_repositories", Integer.toString(deletion.transferredRepositories()));
            details.put("transferred_packages", Integer.toString(deletion.transferredPackages()));
        }
        record(AuditAction.USER_DELETED, admin, user.user(), origin, details);
        if (receiver != null) {
            audit.record(AuditAction.USER_DELETED, receiver.id(), admin.login(), null, origin, details);
        }
        return new Deleted(user.user(), receiver == null ? null : receiver.login(), deletion);
    }

    private User receiver(User deleted, String transferTo) {
        if (transferTo == null || transferTo.isBlank()) {
            return null;
        }
        Optional<AdministeredUser> found = AccountService.isPossibleLogin(transferTo)
                ? store.find(transferTo, clock.instant()) : Optional.empty();
        User receiver = found.orElseThrow(() -> AdminRefusals.badReceiver("must name an existing user; there is no user "
                + transferTo)).user();
        if (receiver.id() == deleted.id()) {
            throw AdminRefusals.badReceiver("must name another user than the one deleted");
        }
        if (receiver.disabled()) {
            throw AdminRefusals.badReceiver("must name an active user; " + receiver.login() + " is disabled");
        }
        return receiver;
    }

    private void removeFiles(Deletion deletion) {
        for (Repository repository : deletion.deletedRepositories()) {
            try {
                repositoryFiles.delete(repository);
            } catch (RuntimeException e) {
                LOG.warn("The git files of deleted repository id {} remain on disk ({}); nothing can reach them",
                        repository.id(), e.getClass().getSimpleName());
            }
        }
        for (long packageId : deletion.deletedPackages()) {
            try {
                packageFiles.accept(packageId);
            } catch (RuntimeException e) {
                LOG.warn("The tarballs of deleted package id {} remain on disk ({}); nothing can reach them",
                        packageId, e.getClass().getSimpleName());
            }
        }
    }

    private AdministeredUser change(User admin, AdministeredUser user, Change change, AuditAction action, Origin origin) {
        if (change == Change.LAST_ADMIN) {
            throw AdminRefusals.lastAdmin(user.user().login());
        }
        if (change == Change.CHANGED) {
            changes.userChanged(user.user().id());
            record(action, admin, user.user(), origin, Map.of("login", user.user().login()));
        }
        return find(user.user().login());
    }

    /** In the user's log and, when another did it, in the administrator's. */
    private void record(AuditAction action, User admin, User user, Origin origin, Map<String, String> details) {
        audit.record(action, user.id(), admin.login(), null, origin, details);
        if (admin.id() != user.id()) {
            audit.record(action, admin.id(), admin.login(), null, origin, details);
        }
    }

    private AdministeredUser find(String login) {
        if (login == null || !AccountService.isPossibleLogin(login)) {
            throw AdminRefusals.noSuchUser();
        }
        Instant now = clock.instant();
        return store.find(login, now).orElseThrow(AdminRefusals::noSuchUser);
    }
}
