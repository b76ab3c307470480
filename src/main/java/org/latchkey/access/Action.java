package org.latchkey.access;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.latchkey.token.Level;
import org.latchkey.token.Permission;
import org.latchkey.token.Scope;

/**
 * Something a caller wants to do to an owner or a repository, with what it takes: the account's
 * own right, the fine-grained permission, and the classic scopes that allow it (on private and on
 * public resources).
 */
public enum Action {
    PULL(Right.READ, Permission.CONTENTS, Level.READ, List.of(Scope.REPO), List.of()),
    PUSH(Right.WRITE, Permission.CONTENTS, Level.WRITE, List.of(Scope.REPO), List.of(Scope.REPO, Scope.PUBLIC_REPO)),
    PUSH_WORKFLOW(Right.WRITE, Permission.WORKFLOWS, Level.WRITE, List.of(Scope.WORKFLOW), List.of(Scope.WORKFLOW)),
    READ_METADATA(Right.READ, Permission.METADATA, Level.READ, List.of(Scope.REPO), List.of()),
    CREATE_REPO(Right.WRITE, Permission.ADMINISTRATION, Level.WRITE, List.of(Scope.REPO),
            List.of(Scope.REPO, Scope.PUBLIC_REPO)),
    DELETE_REPO(Right.ADMIN, Permission.ADMINISTRATION, Level.WRITE, List.of(Scope.DELETE_REPO), List.of(Scope.DELETE_REPO)),
    READ_PACKAGES(Right.READ, Permission.PACKAGES, Level.READ, List.of(Scope.READ_PACKAGES), List.of()),
    WRITE_PACKAGES(Right.WRITE, Permission.PACKAGES, Level.WRITE, List.of(Scope.WRITE_PACKAGES),
            List.of(Scope.WRITE_PACKAGES)),
    DELETE_PACKAGES(Right.ADMIN, Permission.PACKAGES, Level.ADMIN, List.of(Scope.DELETE_PACKAGES),
            List.of(Scope.DELETE_PACKAGES)),
    READ_MEMBERS(Right.WRITE, Permission.MEMBERS, Level.READ, List.of(Scope.READ_ORG), List.of(Scope.READ_ORG)),
    WRITE_MEMBERS(Right.ADMIN, Permission.MEMBERS, Level.WRITE, List.of(Scope.ADMIN_ORG), List.of(Scope.ADMIN_ORG)),
    MANAGE_ORG(Right.ADMIN, Permission.ADMINISTRATION, Level.WRITE, List.of(Scope.ADMIN_ORG), List.of(Scope.ADMIN_ORG));

    private final Right right;
    private final Permission permission;
    private final Level level;
    private final List<Scope> privateScopes;
    private final List<Scope> publicScopes;
    private final String wireName = name().toLowerCase(Locale.ROOT);

    Action(Right right, Permission permission, Level level, List<Scope> privateScopes, List<Scope> publicScopes) {
        this.right = right;
        this.permission = permission;
        this.level = level;
        this.privateScopes = privateScopes;
        this.publicScopes = publicScopes;
    }

    public Right right() {
        return right;
    }

    public Permission permission() {
        return permission;
    }

    public Level level() {
        return level;
    }

    /** The classic scopes of which one allows this action; empty when none is needed. */
    public List<Scope> scopes(boolean isPrivate) {
        return isPrivate ? privateScopes : publicScopes;
    }

    /** Reading what anyone may read (a public repository or package) needs no token at all. */
    public boolean isPublicRead(Target target) {
        if (target.isPrivate()) {
            return false;
        }
        return (this == PULL || this == READ_METADATA) && target.isRepository() || this == READ_PACKAGES && target.isPackage();
    }

    /** {@code contents=write}, as in {@code X-Accepted-Latchkey-Permissions}. */
    public String permissionHeader() {
        return permission.wireName() + "=" + level.wireName();
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<Action> fromWireName(String name) {
        for (Action action : values()) {
            if (action.wireName().equals(name)) {
                return Optional.of(action);
            }
        }
        return Optional.empty();
    }
}
