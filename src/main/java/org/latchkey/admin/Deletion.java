package org.latchkey.admin;

import java.util.List;
import org.latchkey.repo.Repository;

/**
 * What deleting an account did, or why nothing was done: the organisations it is the last owner
 * of, the names that clash in the account receiving its repositories and packages, or that it is
 * the last active administrator or the receiver is no longer an active user. When refused, nothing
 * changed; when done, the repositories and packages deleted from the database, whose files remain
 * to be removed.
 */
public record Deletion(List<String> soleOwnerOf, List<String> nameClashes, boolean lastAdmin, boolean receiverGone,
                       int revokedTokens, List<Repository> deletedRepositories, List<Long> deletedPackages,
                       int transferredRepositories, int transferredPackages) {

    public Deletion {
        soleOwnerOf = List.copyOf(soleOwnerOf);
        nameClashes = List.copyOf(nameClashes);
        deletedRepositories = List.copyOf(deletedRepositories);
        deletedPackages = List.copyOf(deletedPackages);
    }

    public boolean done() {
        return soleOwnerOf.isEmpty() && nameClashes.isEmpty() && !lastAdmin && !receiverGone;
    }
}
