package org.latchkey.token;

import java.time.Instant;
import java.util.Locale;
import java.util.Set;

/**
 * One owner (user or organisation) a fine-grained token may act on: all its repositories, its
 * public ones, or a selection (by repository id, so a deleted and re-created name is not covered),
 * and, where the owner requires it, whether an owner approved the token.
 */
public record ResourceGrant(long ownerId, String ownerLogin, Selection selection, Set<Long> repositoryIds,
                            Approval approval, String decidedBy, Instant decidedAt, String reason) {

    /** Which of the owner's repositories a token covers. */
    public enum Selection {
        ALL, PUBLIC, SELECTED;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Whether an owner's approval is needed and was given. */
    public enum Approval {
        NOT_REQUIRED, PENDING, APPROVED, DENIED;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public boolean usable() {
            return this == NOT_REQUIRED || this == APPROVED;
        }
    }

    public ResourceGrant {
        repositoryIds = Set.copyOf(repositoryIds);
    }

    /** Whether this grant covers a repository of its owner. */
    public boolean covers(long repositoryId, boolean isPrivate) {
        return switch (selection) {
            case ALL -> true;
            case PUBLIC -> !isPrivate;
            case SELECTED -> repositoryIds.contains(repositoryId);
        };
    }

    public ResourceGrant decided(Approval decision, String by, Instant at, String why) {
        return new ResourceGrant(ownerId, ownerLogin, selection, repositoryIds, decision, by, at, why);
    }
}
