package org.latchkey.trust;

/** The port to the registry of OIDC issuers the server trusts: a trust policy may only name one of them. */
@FunctionalInterface
public interface IssuerTrust {

    boolean isTrusted(String issuer);
}
