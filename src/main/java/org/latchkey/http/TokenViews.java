package org.latchkey.http;

import java.time.Instant;
import java.util.List;
import org.latchkey.account.User;
import org.latchkey.account.UserStore;
import org.latchkey.repo.Repository;
import org.latchkey.repo.RepositoryStore;
import org.latchkey.token.ResourceGrant;
import org.latchkey.token.Token;
import org.latchkey.token.TokenState;

/** Builds {@link TokenJson}: resolves the owner's login and the names of selected repositories. */
public final class TokenViews {

    private final UserStore users;
    private final RepositoryStore repositories;

    public TokenViews(UserStore users, RepositoryStore repositories) {
        this.users = users;
        this.repositories = repositories;
    }

    List<TokenJson> all(List<Token> tokens, Instant now) {
        return tokens.stream().map(token -> of(token, now)).toList();
    }

    TokenJson of(Token token, Instant now) {
        return of(token, now, null);
    }

    TokenJson of(Token token, Instant now, String secret) {
        TokenState state = token.stateAt(now);
        return new TokenJson(token.id(), token.name(), token.description(), token.type().wireName(),
                users.findById(token.userId()).map(User::login).orElse(null), token.scopes().wireNames(),
                token.isFineGrained() ? token.fineGrained().permissions().wire() : null,
                token.isFineGrained() ? token.fineGrained().resources().stream().map(this::resource).toList() : null,
                token.createdAt(), token.expiresAt(), token.usage().lastUsedAt(), token.usage().lastUsedIps(),
                token.usage().lastUserAgent(), token.revokedAt() != null, token.revokedAt(),
                token.revocationReason() == null ? null : token.revocationReason().wireName(),
                token.expiresAt() != null && !now.isBefore(token.expiresAt()), state.wireName(),
                token.isSuspended() ? token.suspension().at() : null, token.isSuspended() ? token.suspension().by() : null,
                secret);
    }

    private TokenJson.ResourceJson resource(ResourceGrant grant) {
        Object repositories = switch (grant.selection()) {
            case ALL, PUBLIC -> grant.selection().wireName();
            case SELECTED -> grant.repositoryIds().stream()
                    .map(this.repositories::findById)
                    .flatMap(java.util.Optional::stream)
                    .map(Repository::name)
                    .sorted()
                    .toList();
        };
        return new TokenJson.ResourceJson(grant.ownerLogin(), repositories, grant.approval().wireName(), grant.decidedBy(),
                grant.decidedAt(), grant.reason());
    }
}
