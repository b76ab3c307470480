package org.latchkey.oauth;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.latchkey.InvalidField;
import org.latchkey.Text;
import org.latchkey.account.User;
import org.latchkey.audit.AuditAction;
import org.latchkey.audit.AuditLog;
import org.latchkey.audit.Origin;
import org.latchkey.scan.LeakedClientSecrets;
import org.latchkey.token.ClientSecretFormat;
import org.latchkey.token.RevocationReason;
import org.latchkey.token.Token;
import org.latchkey.token.TokenCache;

/**
 * Registering and managing OAuth apps for an owner (a user, or an organisation whose owners act
 * for it: the caller resolves who may act, this class only checks that the app is that owner's).
 * Client secrets are {@code lkcs_} secrets ({@link ClientSecretFormat}; older ones 40 hex characters),
 * stored as SHA-256 only and shown once; one reported leaked is removed at once.
 */
public final class OAuthApps implements LeakedClientSecrets {

    static final int MAX_APPS = 100;
    static final int MAX_SECRETS = 5;

    /** What an owner sends to register or change an app, unchecked. */
    public record Request(String name, String homepageUrl, String description, List<String> callbackUrls,
                          Boolean confidential) {
    }

    private static final java.util.regex.Pattern CLIENT_ID = java.util.regex.Pattern.compile("[0-9a-f]{20}");

    private final OAuthStore store;
    private final TokenCache cache;
    private final AuditLog audit;
    private final Clock clock;
    private final SecureRandom random;

    public OAuthApps(OAuthStore store, TokenCache cache, AuditLog audit, Clock clock, SecureRandom random) {
        this.store = store;
        this.cache = cache;
        this.audit = audit;
        this.clock = clock;
        this.random = random;
    }

    public CreatedApp create(long ownerId, User actor, Request request, Origin origin) {
        AppDetails details = check(request, null);
        if (store.listApps(ownerId).size() >= MAX_APPS) {
            throw OAuthRefusals.tooManyApps(MAX_APPS);
        }
        OAuthApp app = store.insertApp(ownerId, HexFormat.of().formatHex(randomBytes(10)), details, now());
        NewClientSecret secret = details.confidential() ? newSecret(app) : null;
        record(AuditAction.OAUTH_APP_CREATED, actor, app, origin, Map.of());
        return new CreatedApp(app, secret);
    }

    public List<OAuthApp> list(long ownerId) {
        return store.listApps(ownerId);
    }

    public OAuthApp get(long ownerId, long appId) {
        return store.findApp(appId).filter(app -> app.ownerId() == ownerId).orElseThrow(OAuthRefusals::noSuchApp);
    }

    /** Changes what the request names; a field it leaves out stays as it is. Confidentiality cannot change. */
    public OAuthApp update(long ownerId, long appId, User actor, Request request, Origin origin) {
        OAuthApp app = get(ownerId, appId);
        if (request.confidential() != null && request.confidential() != app.confidential()) {
            throw InvalidField.invalid("confidential", "cannot change: register a new app instead");
        }
        AppDetails now = app.details();
        AppDetails details = check(new Request(
                request.name() == null ? now.name() : request.name(),
                request.homepageUrl() == null ? now.homepageUrl() : request.homepageUrl(),
                request.description() == null ? now.description() : request.description(),
                request.callbackUrls() == null ? now.callbackUrls() : request.callbackUrls(),
                now.confidential()), app);
        OAuthApp updated = store.updateApp(appId, details);
        record(AuditAction.OAUTH_APP_UPDATED, actor, updated, origin, Map.of());
        return updated;
    }

    public void delete(long ownerId, long appId, User actor, Origin origin) {
        OAuthApp app = get(ownerId, appId);
        List<Token> revoked = store.deleteApp(appId, now());
        forget(revoked);
        record(AuditAction.OAUTH_APP_DELETED, actor, app, origin, Map.of("tokens_revoked", Integer.toString(revoked.size())));
    }

    public List<ClientSecret> secrets(long ownerId, long appId) {
        return store.secrets(get(ownerId, appId).id());
    }

    public NewClientSecret addSecret(long ownerId, long appId, User actor, Origin origin) {
        OAuthApp app = get(ownerId, appId);
        if (!app.confidential()) {
            throw OAuthRefusals.publicAppHasNoSecrets();
        }
        if (store.secrets(appId).size() >= MAX_SECRETS) {
            throw OAuthRefusals.tooManySecrets(MAX_SECRETS);
        }
        NewClientSecret secret = newSecret(app);
        record(AuditAction.OAUTH_APP_SECRET_ADDED, actor, app, origin, Map.of("secret_id", Long.toString(secret.listed().id())));
        return secret;
    }

    public void removeSecret(long ownerId, long appId, long secretId, User actor, Origin origin) {
        OAuthApp app = get(ownerId, appId);
        if (!store.removeSecret(appId, secretId)) {
            throw OAuthRefusals.noSuchSecret();
        }
        record(AuditAction.OAUTH_APP_SECRET_REMOVED, actor, app, origin, Map.of("secret_id", Long.toString(secretId)));
    }

    /** Ends every user's grant to the app and revokes every token it holds; returns how many tokens. */
    public int revokeAllTokens(long ownerId, long appId, User actor, Origin origin) {
        OAuthApp app = get(ownerId, appId);
        List<Token> revoked = store.revokeAppGrants(appId, RevocationReason.REVOKED, now());
        forget(revoked);
        record(AuditAction.OAUTH_APP_TOKENS_REVOKED, actor, app, origin,
                Map.of("tokens_revoked", Integer.toString(revoked.size())));
        return revoked.size();
    }

    /**
     * A leak report named this client secret: it is removed from its app at once (the app's other
     * secrets keep working) and the app's owner finds {@code oauth_app.secret_reported_leaked} in
     * their audit log. The reporter learns nothing.
     */
    @Override
    public Optional<LeakedClientSecrets.App> appOf(String secret) {
        if (!ClientSecretFormat.isWellFormed(secret)) {
            return Optional.empty();
        }
        return store.secretByHash(Pkce.sha256(secret)).flatMap(found -> store.findApp(found.appId()))
                .map(app -> new LeakedClientSecrets.App(app.ownerId(), app.name(), app.clientId()));
    }

    @Override
    public void revokeReportedLeak(String secret, String source, Origin reporter) {
        if (!ClientSecretFormat.isWellFormed(secret)) {
            return;
        }
        store.secretByHash(Pkce.sha256(secret)).ifPresent(found -> {
            if (!store.removeSecret(found.appId(), found.id())) {
                return;
            }
            store.findApp(found.appId()).ifPresent(app -> {
                Map<String, String> details = new java.util.TreeMap<>();
                details.put("app", app.name());
                details.put("client_id", app.clientId());
                details.put("owner", app.ownerLogin());
                details.put("secret_id", Long.toString(found.id()));
                if (source != null) {
                    details.put("source", source);
                }
                audit.record(AuditAction.OAUTH_APP_SECRET_REPORTED_LEAKED, app.ownerId(), null, null, reporter, details);
            });
        });
    }

    /** The client_id of the CLI's built-in public app (migration V24), owned by the server: no user can change it. */
    public static final String CLI_CLIENT_ID = "0000000000000000c11e";

    /** Whether text has the shape of a client_id, checked before any lookup. */
    public static boolean plausibleClientId(String text) {
        return text != null && CLIENT_ID.matcher(text).matches();
    }

    private NewClientSecret newSecret(OAuthApp app) {
        String secret = ClientSecretFormat.generate(random);
        ClientSecret listed = store.addSecret(app.id(), Pkce.sha256(secret), now());
        return new NewClientSecret(listed, secret);
    }

    private AppDetails check(Request request, OAuthApp existing) {
        if (request == null) {
            throw InvalidField.missing("name");
        }
        String name = Text.requireClean("name", request.name(), 100, false);
        if (name == null || name.isBlank()) {
            throw InvalidField.missing("name");
        }
        String homepage = CallbackUrls.checkHomepage("homepage_url", request.homepageUrl());
        String description = request.description() == null ? null
                : Text.requireClean("description", request.description(), 1000, true);
        List<String> callbacks = CallbackUrls.check("callback_urls", request.callbackUrls());
        if (existing == null && request.confidential() == null) {
            throw InvalidField.missing("confidential");
        }
        return new AppDetails(name.strip(), homepage, description, callbacks,
                existing == null ? request.confidential() : existing.confidential());
    }

    private void forget(List<Token> revoked) {
        revoked.forEach(token -> cache.invalidate(token.hash()));
    }

    private void record(AuditAction action, User actor, OAuthApp app, Origin origin, Map<String, String> more) {
        Map<String, String> details = new java.util.TreeMap<>(more);
        details.put("app", app.name());
        details.put("client_id", app.clientId());
        details.put("owner", app.ownerLogin());
        audit.record(action, actor.id(), actor.login(), null, origin, details);
    }

    private byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        random.nextBytes(bytes);
        return bytes;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
