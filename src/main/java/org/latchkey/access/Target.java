package org.latchkey.access;

/**
 * What an action is aimed at: an owner (user or organisation) and, for repository actions, one of
 * its repositories, or for package actions one of its existing packages ({@code packageName}, the
 * name without the {@code @owner/} scope). For an owner-level action {@code isPrivate} says whether
 * the thing made will be.
 */
public record Target(long ownerId, String ownerLogin, Long repositoryId, String repositoryName, boolean isPrivate,
                     String packageName) {

    public Target(long ownerId, String ownerLogin, Long repositoryId, String repositoryName, boolean isPrivate) {
        this(ownerId, ownerLogin, repositoryId, repositoryName, isPrivate, null);
    }

    public static Target repository(long ownerId, String ownerLogin, long repositoryId, String name, boolean isPrivate) {
        return new Target(ownerId, ownerLogin, repositoryId, name, isPrivate);
    }

    public static Target owner(long ownerId, String ownerLogin, boolean isPrivate) {
        return new Target(ownerId, ownerLogin, null, null, isPrivate);
    }

    /** An existing package of an owner; publishing a new one is an action on its {@link #owner owner}. */
    public static Target pkg(long ownerId, String ownerLogin, String packageName, boolean isPrivate) {
        return new Target(ownerId, ownerLogin, null, null, isPrivate, packageName);
    }

    public boolean isRepository() {
        return repositoryId != null;
    }

    public boolean isPackage() {
        return packageName != null;
    }

    /** {@code owner/name}, {@code @owner/name} for a package, or {@code owner}. */
    public String describe() {
        if (isPackage()) {
            return "@" + ownerLogin.toLowerCase(java.util.Locale.ROOT) + "/" + packageName;
        }
        return isRepository() ? ownerLogin + "/" + repositoryName : ownerLogin;
    }
}
