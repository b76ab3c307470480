package org.latchkey.access;

/**
 * What an action is aimed at: an owner (user or organisation) and, for repository actions, one of
 * its repositories, or for package actions one of its existing packages ({@code packageName}, the
 * name without the {@code @owner/} scope). For an owner-level action {@code isPrivate} says whether
 * the thing made will be, and {@code aimedPackage} which package an owner-level package action
 * (publish, unpublish) is about, for tokens limited to some packages.
 */
public record Target(long ownerId, String ownerLogin, Long repositoryId, String repositoryName, boolean isPrivate,
                     String packageName, String aimedPackage) {

    public Target(long ownerId, String ownerLogin, Long repositoryId, String repositoryName, boolean isPrivate,
                  String packageName) {
        this(ownerId, ownerLogin, repositoryId, repositoryName, isPrivate, packageName, null);
    }

    public Target(long ownerId, String ownerLogin, Long repositoryId, String repositoryName, boolean isPrivate) {
        this(ownerId, ownerLogin, repositoryId, repositoryName, isPrivate, null, null);
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

    /** This owner-level target, about the package {@code name} of the owner (published or about to be). */
    public Target aimedAt(String name) {
        return new Target(ownerId, ownerLogin, repositoryId, repositoryName, isPrivate, packageName, name);
    }

    /** The package (name without scope) an action on this target is about, or null. */
    public String packageAbout() {
        return packageName != null ? packageName : aimedPackage;
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
