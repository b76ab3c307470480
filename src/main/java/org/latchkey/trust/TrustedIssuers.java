package org.latchkey.trust;

/**
 * The port to the registry of OIDC issuers the server trusts: a trust policy may only name one of
 * them. Composition wires the registry; until it exists, {@link #ANY} stands in.
 */
@FunctionalInterface
public interface TrustedIssuers {

    /** Every issuer of the right shape; only until the registry of trusted issuers is wired. */
    TrustedIssuers ANY = issuer -> true;

    boolean isTrusted(String issuer);
}
