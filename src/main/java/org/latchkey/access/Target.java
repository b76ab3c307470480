package org.latchkey.access;

/**
 * What an action is aimed at: an owner (user or organisation) and, for repository actions, one of
 * its repositories. For an owner-level action {@code isPrivate} says whether the thing made will be.
 */
public record Target(long ownerId, String ownerLogin, Long repositoryId, String repositoryName, boolean isPrivate) {

    public static Target repository(long ownerId, String ownerLogin, long repositoryId, String name, boolean isPrivate) {
        return new Target(ownerId, ownerLogin, repositoryId, name, isPrivate);
    }

    public static Target owner(long ownerId, String ownerLogin, boolean isPrivate) {
        return new Target(ownerId, ownerLogin, null, null, isPrivate);
    }

    public boolean isRepository() {
        return repositoryId != null;
    }

    /** {@code owner/name} or {@code owner}. */
    public String describe() {
        return isRepository() ? ownerLogin + "/" + repositoryName : ownerLogin;
    }
}
