package org.latchkey.oidc;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jose.util.ResourceRetriever;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One trusted issuer's signing keys: read from its discovery document's {@code jwks_uri} and
 * cached. The keys are read again when a token names a key the cache lacks, or when they are older
 * than {@link #MAX_AGE}, but at most once per {@link #REFETCH_INTERVAL} (by the injected clock), so
 * a flood of tokens with made-up key ids costs the issuer one request a minute. When reading fails
 * the cached keys stay: an outage of the issuer does not stop tokens signed with known keys.
 *
 * <p>The discovery document is held to two rules: its {@code issuer} must equal the trusted issuer
 * exactly (OpenID Connect Discovery 1.0, §4.3), and its {@code jwks_uri} must be {@code https}
 * (unless http issuers are allowed) on the issuer's own host, with no user info. A document that
 * points the keys at another host is refused: whoever can change that document (a compromised
 * cache or a path the issuer lets users write to) would otherwise choose the keys every token is
 * checked with. The cost: an issuer serving its keys from another host cannot be trusted.
 */
final class IssuerKeys implements JWKSource<SecurityContext> {

    static final Duration REFETCH_INTERVAL = Duration.ofMinutes(1);
    static final Duration MAX_AGE = Duration.ofMinutes(15);
    private static final Logger LOG = LoggerFactory.getLogger(IssuerKeys.class);

    /** The keys could not be read and none are cached; the message is safe to show the job. */
    static final class Unavailable extends KeySourceException {
        Unavailable(String message) {
            super(message);
        }
    }

    private final IssuerUrl issuer;
    private final boolean allowHttp;
    private final ResourceRetriever retriever;
    private final Clock clock;
    private JWKSet keys;
    private Instant fetchedAt;
    private Instant attemptedAt;
    private String failure;

    IssuerKeys(IssuerUrl issuer, boolean allowHttp, ResourceRetriever retriever, Clock clock) {
        this.issuer = issuer;
        this.allowHttp = allowHttp;
        this.retriever = retriever;
        this.clock = clock;
    }

    @Override
    public synchronized List<JWK> get(JWKSelector selector, SecurityContext context) throws KeySourceException {
        Instant now = clock.instant();
        if (keys != null) {
            List<JWK> found = selector.select(keys);
            boolean fresh = now.isBefore(fetchedAt.plus(MAX_AGE));
            if (!found.isEmpty() && fresh || !mayFetch(now)) {
                return found;
            }
            fetch(now);
            return selector.select(keys);
        }
        if (!mayFetch(now)) {
            throw new Unavailable(failure);
        }
        fetch(now);
        if (keys == null) {
            throw new Unavailable(failure);
        }
        return selector.select(keys);
    }

    private boolean mayFetch(Instant now) {
        return attemptedAt == null || !now.isBefore(attemptedAt.plus(REFETCH_INTERVAL));
    }

    private void fetch(Instant now) {
        attemptedAt = now;
        try {
            keys = parseKeys(read(jwksUri()));
            fetchedAt = now;
            failure = null;
        } catch (Broken e) {
            failure = e.getMessage();
            LOG.warn("cannot read the keys of OIDC issuer {}: {}{}", issuer.value(), failure,
                    keys == null ? "" : "; keeping the keys read at " + fetchedAt);
        }
    }

    private URI jwksUri() throws Broken {
        Map<String, Object> discovery;
        try {
            discovery = JSONObjectUtils.parse(read(issuer.discovery()));
        } catch (ParseException e) {
            throw new Broken("its discovery document " + issuer.discovery() + " is not a JSON object");
        }
        Object stated = discovery.get("issuer");
        if (!issuer.value().equals(stated)) {
            throw new Broken("its discovery document states the issuer " + (stated instanceof String s ? cut(s) : "(none)")
                    + ", not exactly " + issuer.value());
        }
        if (!(discovery.get("jwks_uri") instanceof String jwks)) {
            throw new Broken("its discovery document has no jwks_uri");
        }
        return checkedJwksUri(jwks);
    }

    private URI checkedJwksUri(String jwks) throws Broken {
        URI uri;
        try {
            uri = new URI(jwks);
        } catch (URISyntaxException e) {
            throw new Broken("its jwks_uri is not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !(allowHttp && scheme.equals("http"))) {
            throw new Broken("its jwks_uri " + cut(jwks) + " is not https");
        }
        String issuerHost = URI.create(issuer.value()).getHost();
        if (uri.getHost() == null || uri.getRawUserInfo() != null || !issuerHost.equalsIgnoreCase(uri.getHost())) {
            throw new Broken("its jwks_uri " + cut(jwks) + " is not on the issuer's host " + issuerHost
                    + "; Latchkey only takes keys from the issuer's own host");
        }
        return uri;
    }

    private String read(URI uri) throws Broken {
        try {
            return retriever.retrieveResource(uri.toURL()).getContent();
        } catch (IOException | IllegalArgumentException e) {
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new Broken(cut(uri.toString()) + " cannot be read (" + cut(message) + ")");
        }
    }

    /** Text from the issuer's documents, cut short for a message. */
    private static String cut(String text) {
        return text.length() > 200 ? text.substring(0, 200) + "…" : text;
    }

    private static JWKSet parseKeys(String body) throws Broken {
        try {
            return JWKSet.parse(body).toPublicJWKSet();
        } catch (ParseException e) {
            throw new Broken("its jwks_uri does not answer a JWK set");
        }
    }

    /** Why the keys could not be read, said so that the job and the administrator can read it. */
    private static final class Broken extends Exception {
        Broken(String message) {
            super(message, null, false, false);
        }
    }
}
