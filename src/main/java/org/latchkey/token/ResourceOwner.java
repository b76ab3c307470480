package org.latchkey.token;

/**
 * An account a user may aim a fine-grained token at: themselves, or an organisation they belong to
 * ({@code isOwner} when they are one of its owners), with its token policy.
 */
public record ResourceOwner(long id, String login, boolean isOrg, boolean isOwner, TokenPolicy policy) {
}
