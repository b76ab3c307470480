package org.latchkey.oidc;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The trusted issuers an administrator added, unique by {@link IssuerUrl#key()}. */
public interface IssuerStore {

    /** Stores the issuer; empty when one with the same key is already there. */
    Optional<TrustedIssuer> insert(IssuerUrl issuer, String createdBy, Instant at);

    List<TrustedIssuer> list();

    Optional<TrustedIssuer> findByKey(String key);

    Optional<TrustedIssuer> find(long id);

    boolean delete(long id);
}
