package org.latchkey.trust;

import java.util.List;
import java.util.Optional;

/** Durable storage of trust policies; every write is committed before the method returns. */
public interface TrustPolicyStore {

    /** Stores a policy unless its owner has one of that name (in any letter case); empty when it has. */
    Optional<TrustPolicy> insert(NewTrustPolicy policy);

    Optional<TrustPolicy> find(long id);

    /** The owner's policies, oldest first. */
    List<TrustPolicy> listByOwner(long ownerId);

    /** Every policy naming this issuer (exactly), oldest first. */
    List<TrustPolicy> listByIssuer(String issuer);

    boolean delete(long id);
}
