package org.latchkey.oidc;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A fake CI system's OpenID Connect provider on 127.0.0.1, for tests: what GitHub Actions, GitLab CI
 * or any other issuer shows a relying party, with tokens signed by nimbus-jose-jwt.
 *
 * <p>Use it as a JUnit 5 extension ({@code @RegisterExtension FakeCiProvider ci = new FakeCiProvider();}
 * starts it before each test and stops it after; on a {@code static} field, once for the class), or
 * {@link #start()} / {@link #close()} by hand.
 * The issuer is {@link #issuer()} ({@code http://127.0.0.1:PORT}, plus the path given to the
 * constructor), so the server under test needs {@code --oidc-allow-http-issuers}
 * ({@code Settings.withOidc(List.of(ci.issuer()), true, null)}).
 *
 * <p>What it serves:
 * <ul>
 *   <li>{@code /.well-known/openid-configuration}: {@code issuer} and {@code jwks_uri}; change it with
 *       {@link #discovery(UnaryOperator)} (point {@code jwks_uri} elsewhere, state another issuer);</li>
 *   <li>{@code /.well-known/jwks}: the public keys; {@link #rotate(JWSAlgorithm)} adds a key and signs
 *       with it from then on, {@link #retire(String)} removes one; {@link #padJwks(int)} makes it large;
 *       {@link #jwksFetches()} counts how often it was asked for (even while down);</li>
 *   <li>GitHub's ID-token request endpoint: {@link #idTokenRequestUrl()} and
 *       {@link #idTokenRequestToken()} are what a job finds in {@code ACTIONS_ID_TOKEN_REQUEST_URL} and
 *       {@code ACTIONS_ID_TOKEN_REQUEST_TOKEN}; a GET with {@code &audience=AUD} and that bearer token
 *       answers {@code {"value": jwt}}, a GitHub-shaped token ({@link #github()}) changed by
 *       {@link #jobClaims(Map)};</li>
 *   <li>{@link #down(boolean)}: every endpoint answers 503, as an issuer in an outage.</li>
 * </ul>
 *
 * <p>Tokens: {@link #github()}, {@link #gitlab()} and {@link #generic()} start a {@link Mint} with
 * the claims those providers put in a job's token (a fresh {@code jti}, {@code iat} and {@code nbf}
 * now, {@code exp} in five minutes, by the clock set with {@link #clock(Clock)}); change any claim,
 * the audience, times, key id or algorithm, then {@link Mint#sign()}. {@link Mint#unsigned()} makes
 * an {@code alg: none} token, {@link Mint#signHs256WithPublicKey()} the algorithm-confusion attack and
 * {@link Mint#signWithEmbeddedKey()} a token carrying its own key in the header.
 *
 * <p>Large because it is one provider's whole face, kept in one place for the tests that play a CI system.
 */
public final class FakeCiProvider implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback,
        AutoCloseable {

    /** The repository and ids the GitHub and GitLab shapes name by default. */
    public static final String GITHUB_REPOSITORY = "acme/app";
    public static final String GITHUB_OWNER_ID = "1001";
    public static final String GITLAB_PROJECT = "group/proj";
    public static final String GITLAB_NAMESPACE_ID = "72";

    private final String path;
    private final List<JWK> keys = new CopyOnWriteArrayList<>();
    private final AtomicInteger jwksFetches = new AtomicInteger();
    private final AtomicInteger discoveryFetches = new AtomicInteger();
    private final String requestToken = "fake-actions-request-" + UUID.randomUUID();
    private volatile JWK signing;
    private volatile Clock clock = Clock.systemUTC();
    private volatile boolean down;
    private volatile int jwksPadding;
    private volatile UnaryOperator<Map<String, Object>> discoveryChange = UnaryOperator.identity();
    private volatile Map<String, Object> jobClaims = Map.of();
    private HttpServer server;
    private boolean perClass;

    public FakeCiProvider() {
        this("");
    }

    /** An issuer at {@code http://127.0.0.1:PORT} followed by {@code path} (empty, or starting with a slash). */
    public FakeCiProvider(String path) {
        this.path = path;
        rotate(JWSAlgorithm.RS256);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        perClass = true;
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        start();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (!perClass) {
            close();
        }
    }

    /** Listens on a free loopback port (once; a started provider stays as it is). */
    public synchronized FakeCiProvider start() {
        if (server != null) {
            return this;
        }
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext(path + "/.well-known/openid-configuration", exchange -> serve(exchange, discoveryFetches, () -> {
            Map<String, Object> document = new LinkedHashMap<>();
            document.put("issuer", issuer());
            document.put("jwks_uri", issuer() + "/.well-known/jwks");
            document.put("response_types_supported", List.of("id_token"));
            document.put("subject_types_supported", List.of("public"));
            document.put("id_token_signing_alg_values_supported", List.of("RS256", "ES256"));
            return JSONObjectUtils.toJSONString(discoveryChange.apply(document));
        }));
        server.createContext(path + "/.well-known/jwks", exchange -> serve(exchange, jwksFetches, () -> {
            Map<String, Object> set = new LinkedHashMap<>(new JWKSet(new ArrayList<>(keys)).toJSONObject(true));
            if (jwksPadding > 0) {
                set.put("padding", "x".repeat(jwksPadding));
            }
            return JSONObjectUtils.toJSONString(set);
        }));
        server.createContext(path + "/_apis/idtoken", this::requestIdToken);
        server.start();
        return this;
    }

    /** The issuer, as its tokens' {@code iss} and its discovery document state it. */
    public String issuer() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** The clock that sets {@code iat}, {@code nbf} and {@code exp} of new tokens (the server's, in a test). */
    public FakeCiProvider clock(Clock clock) {
        this.clock = clock;
        return this;
    }

    /** Adds a new key of this algorithm's type (RSA for RS*, PS*; P-256 for ES256) and signs with it from now on; answers its kid. */
    public String rotate(JWSAlgorithm algorithm) {
        String kid = "key-" + (keys.size() + 1) + "-" + UUID.randomUUID().toString().substring(0, 8);
        try {
            JWK key = algorithm == JWSAlgorithm.ES256
                    ? new ECKeyGenerator(Curve.P_256).keyID(kid).keyUse(KeyUse.SIGNATURE).algorithm(algorithm).generate()
                    : new RSAKeyGenerator(2048).keyID(kid).keyUse(KeyUse.SIGNATURE).algorithm(algorithm).generate();
            keys.add(key);
            signing = key;
            return kid;
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Removes a key from the key set (tokens it signed no longer verify once a server reads the set again). */
    public void retire(String kid) {
        keys.removeIf(key -> key.getKeyID().equals(kid));
    }

    /** The kid new tokens are signed with. */
    public String signingKid() {
        return signing.getKeyID();
    }

    /** The public part of the current signing key. */
    public JWK publicKey() {
        return signing.toPublicJWK();
    }

    /** Every endpoint answers 503 while down. */
    public void down(boolean down) {
        this.down = down;
    }

    /** Changes the discovery document before it is served. */
    public void discovery(UnaryOperator<Map<String, Object>> change) {
        this.discoveryChange = change;
    }

    /** Adds a member of this many characters to the key set, to make it oversize. */
    public void padJwks(int characters) {
        this.jwksPadding = characters;
    }

    public int jwksFetches() {
        return jwksFetches.get();
    }

    public int discoveryFetches() {
        return discoveryFetches.get();
    }

    /** What a GitHub Actions job finds in {@code ACTIONS_ID_TOKEN_REQUEST_URL}. */
    public String idTokenRequestUrl() {
        return issuer() + "/_apis/idtoken?api-version=2.0";
    }

    /** What a GitHub Actions job finds in {@code ACTIONS_ID_TOKEN_REQUEST_TOKEN}. */
    public String idTokenRequestToken() {
        return requestToken;
    }

    /**
     * The environment of a GitHub Actions job that may request ID tokens ({@code permissions: id-token:
     * write}): {@code GITHUB_ACTIONS}, {@code ACTIONS_ID_TOKEN_REQUEST_URL} and {@code ACTIONS_ID_TOKEN_REQUEST_TOKEN}.
     */
    public Map<String, String> githubActionsEnvironment() {
        return Map.of("GITHUB_ACTIONS", "true", "ACTIONS_ID_TOKEN_REQUEST_URL", idTokenRequestUrl(),
                "ACTIONS_ID_TOKEN_REQUEST_TOKEN", requestToken);
    }

    /** Claims changed in the tokens the ID-token request endpoint mints (a null value removes the claim). */
    public void jobClaims(Map<String, Object> changes) {
        this.jobClaims = changes;
    }

    /** A GitHub Actions job's token: acme/app's release.yml on refs/heads/main, run 1234, environment production. */
    public Mint github() {
        String workflowRef = GITHUB_REPOSITORY + "/.github/workflows/release.yml@refs/heads/main";
        return new Mint()
                .claim("sub", "repo:" + GITHUB_REPOSITORY + ":ref:refs/heads/main")
                .claim("repository", GITHUB_REPOSITORY)
                .claim("repository_owner", "acme")
                .claim("repository_owner_id", GITHUB_OWNER_ID)
                .claim("repository_id", "2002")
                .claim("repository_visibility", "private")
                .claim("actor", "octocat")
                .claim("actor_id", "583231")
                .claim("workflow", "release")
                .claim("workflow_ref", workflowRef)
                .claim("job_workflow_ref", workflowRef)
                .claim("ref", "refs/heads/main")
                .claim("ref_type", "branch")
                .claim("sha", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4")
                .claim("run_id", "1234")
                .claim("run_number", "7")
                .claim("run_attempt", "1")
                .claim("event_name", "push")
                .claim("environment", "production")
                .claim("runner_environment", "github-hosted");
    }

    /** A GitLab CI job's token: group/proj on branch main, pipeline 574. */
    public Mint gitlab() {
        return new Mint()
                .claim("sub", "project_path:" + GITLAB_PROJECT + ":ref_type:branch:ref:main")
                .claim("namespace_id", GITLAB_NAMESPACE_ID)
                .claim("namespace_path", "group")
                .claim("project_id", "20")
                .claim("project_path", GITLAB_PROJECT)
                .claim("user_id", "42")
                .claim("user_login", "alice")
                .claim("pipeline_id", "574")
                .claim("pipeline_source", "push")
                .claim("job_id", "302")
                .claim("ref", "main")
                .claim("ref_type", "branch")
                .claim("ref_protected", "true")
                .claim("sha", "714a629c0b401fdce83e847fc9589983fc6f46bc");
    }

    /** Any other issuer's token: a subject and nothing else particular. */
    public Mint generic() {
        return new Mint().claim("sub", "pipeline:deploy");
    }

    /** One token being made: claims, audience, times, key and algorithm, then signed. */
    public final class Mint {
        private final Map<String, Object> claims = new LinkedHashMap<>();
        private String kid;
        private JWSAlgorithm algorithm;
        private RSAKey embedded;

        private Mint() {
            Instant now = clock.instant();
            claims.put("iss", issuer());
            claims.put("jti", UUID.randomUUID().toString());
            claims.put("iat", now);
            claims.put("nbf", now);
            claims.put("exp", now.plus(Duration.ofMinutes(5)));
        }

        /** Sets a claim (an Instant becomes seconds since the epoch); null removes it. */
        public Mint claim(String name, Object value) {
            if (value == null) {
                claims.remove(name);
            } else {
                claims.put(name, value);
            }
            return this;
        }

        public Mint audience(Object audience) {
            return claim("aud", audience);
        }

        public Mint without(String name) {
            return claim(name, null);
        }

        public Mint expiresAt(Instant exp) {
            return claim("exp", exp);
        }

        public Mint issuedAt(Instant iat) {
            return claim("iat", iat);
        }

        public Mint notBefore(Instant nbf) {
            return claim("nbf", nbf);
        }

        /** Names this kid in the header (the key signing is still the current one). */
        public Mint kid(String kid) {
            this.kid = kid;
            return this;
        }

        /** Signs with this algorithm using the current key (RS384 or PS256 with an RSA key, say). */
        public Mint algorithm(JWSAlgorithm algorithm) {
            this.algorithm = algorithm;
            return this;
        }

        public String sign() {
            try {
                JWSAlgorithm alg = algorithm != null ? algorithm
                        : signing instanceof ECKey ? JWSAlgorithm.ES256 : JWSAlgorithm.RS256;
                JWSSigner signer = signing instanceof ECKey ec ? new ECDSASigner(ec) : new RSASSASigner((RSAKey) signing);
                return sign(signer, alg);
            } catch (JOSEException e) {
                throw new IllegalStateException(e);
            }
        }

        /**
         * Signs with a key of the attacker's own, named in the header both by the issuer's current kid
         * and as an embedded {@code jwk} (and {@code jku} pointing at the attacker's key set).
         */
        public String signWithEmbeddedKey() {
            try {
                embedded = new RSAKeyGenerator(2048).keyID(signing.getKeyID()).generate();
                return sign(new RSASSASigner(embedded), JWSAlgorithm.RS256);
            } catch (JOSEException e) {
                throw new IllegalStateException(e);
            }
        }

        /** {@code alg: none}, no signature. */
        public String unsigned() {
            return new PlainJWT(claimsSet()).serialize();
        }

        /** HS256 with the issuer's public key (its DER bytes) as the HMAC secret: the algorithm-confusion attack. */
        public String signHs256WithPublicKey() {
            try {
                byte[] secret = ((RSAKey) signing).toPublicKey().getEncoded();
                return sign(new MACSigner(secret), JWSAlgorithm.HS256);
            } catch (JOSEException e) {
                throw new IllegalStateException(e);
            }
        }

        private String sign(JWSSigner signer, JWSAlgorithm alg) throws JOSEException {
            JWSHeader.Builder header = new JWSHeader.Builder(alg).type(JOSEObjectType.JWT)
                    .keyID(kid != null ? kid : signing.getKeyID());
            if (embedded != null) {
                header.jwk(embedded.toPublicJWK()).jwkURL(java.net.URI.create("https://evil.example/jwks"));
            }
            SignedJWT jwt = new SignedJWT(header.build(), claimsSet());
            jwt.sign(signer);
            return jwt.serialize();
        }

        private JWTClaimsSet claimsSet() {
            JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder();
            claims.forEach((name, value) -> builder.claim(name, value instanceof Instant at ? Date.from(at) : value));
            return builder.build();
        }
    }

    private void requestIdToken(HttpExchange exchange) throws IOException {
        serve(exchange, new AtomicInteger(), () -> {
            if (!("Bearer " + requestToken).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                throw new Status(401, "{\"message\":\"bad request token\"}");
            }
            String audience = null;
            String query = exchange.getRequestURI().getRawQuery();
            for (String pair : query == null ? new String[0] : query.split("&")) {
                if (pair.startsWith("audience=")) {
                    audience = URLDecoder.decode(pair.substring("audience=".length()), StandardCharsets.UTF_8);
                }
            }
            Mint mint = github();
            if (audience != null) {
                mint.audience(audience);
            }
            jobClaims.forEach(mint::claim);
            return JSONObjectUtils.toJSONString(Map.of("value", mint.sign()));
        });
    }

    /** An answer other than 200. */
    private static final class Status extends RuntimeException {
        private final int code;

        Status(int code, String body) {
            super(body, null, false, false);
            this.code = code;
        }
    }

    private void serve(HttpExchange exchange, AtomicInteger requests, Supplier<String> body) throws IOException {
        requests.incrementAndGet();
        try (exchange) {
            int status = 200;
            String text;
            if (down) {
                status = 503;
                text = "{\"message\":\"down\"}";
            } else {
                try {
                    text = body.get();
                } catch (Status e) {
                    status = e.code;
                    text = e.getMessage();
                }
            }
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
        }
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
    }
}
