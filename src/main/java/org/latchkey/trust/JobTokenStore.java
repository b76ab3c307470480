package org.latchkey.trust;

import java.util.List;
import java.util.Optional;
import org.latchkey.token.NewToken;
import org.latchkey.token.Token;

/** Stores job tokens with what they were minted for, in one transaction. */
public interface JobTokenStore {

    /** Stores the token and its job record ({@code tokenId} is filled in); answers the stored token. */
    Token insert(NewToken token, JobRecord job);

    Optional<JobRecord> find(long tokenId);

    /** The job tokens of an owner (user or organisation) that expire after {@code since}, newest first. */
    List<JobToken> listByOwner(long ownerId, java.time.Instant since);

    /** A job token with its record. */
    record JobToken(Token token, JobRecord job) {
    }
}
