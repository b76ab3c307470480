package org.latchkey.oauth;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.latchkey.token.NewToken;
import org.latchkey.token.RevocationReason;
import org.latchkey.token.Scopes;
import org.latchkey.token.Token;

/**
 * Durable storage of OAuth apps, their secrets, grants, codes and the links of app tokens. Every
 * method that revokes tokens returns them (as revoked by that call) so the caller can drop them
 * from the token cache; every write is committed before the method returns.
 */
public interface OAuthStore {

    OAuthApp insertApp(long ownerId, String clientId, AppDetails details, Instant now);

    /** A live (not deleted) app. */
    Optional<OAuthApp> findApp(long id);

    Optional<OAuthApp> findByClientId(String clientId);

    List<OAuthApp> listApps(long ownerId);

    OAuthApp updateApp(long id, AppDetails details);

    /** Deletes an app, ending its grants and revoking every token they hold. */
    List<Token> deleteApp(long id, Instant at);

    ClientSecret addSecret(long appId, byte[] hash, Instant now);

    List<ClientSecret> secrets(long appId);

    boolean removeSecret(long appId, long secretId);

    /** The secret (of a live app) whose hash this is. */
    Optional<ClientSecret> secretByHash(byte[] hash);

    /** Whether the hash is one of the app's secrets; records its use when it is. */
    boolean secretMatches(long appId, byte[] hash, Instant now);

    Optional<OAuthGrant> liveGrant(long userId, long appId);

    Optional<OAuthGrant> findGrant(long id);

    /** Creates the user's grant to the app, or widens the live one to the union of its scopes and these. */
    OAuthGrant approve(long userId, long appId, Scopes scopes, Instant now);

    List<AuthorizedApp> grantsOf(long userId);

    /** Ends a grant and revokes every token it holds. */
    List<Token> revokeGrant(long grantId, RevocationReason reason, Instant at);

    /** Ends every grant of an app and revokes every token they hold. */
    List<Token> revokeAppGrants(long appId, RevocationReason reason, Instant at);

    AuthorizationCode insertCode(long grantId, byte[] hash, String redirectUri, Scopes scopes, String codeChallenge,
                                 Instant now, Instant expiresAt);

    Optional<AuthorizationCode> findCode(byte[] hash);

    /** Marks a code used unless it already is: true for the one call that used it. */
    boolean useCode(long codeId, Instant at);

    /** Revokes every token issued from a code, refreshes included. */
    List<Token> revokeByCode(long codeId, RevocationReason reason, Instant at);

    /**
     * In one transaction: stores an access and a refresh token linked to the grant and the code (null: none),
     * if the grant is still live; when {@code usedRefreshId} is given, first revokes that refresh
     * token as rotated, and stores nothing if it was already revoked.
     *
     * @return the access and refresh tokens, or empty when the grant has ended or the refresh token was used
     */
    Optional<List<Token>> issue(long grantId, Long codeId, Long usedRefreshId, NewToken access, NewToken refresh,
                                Instant at);

    Optional<TokenLink> link(long tokenId);

    /** The tokens a grant holds or held, newest first. */
    List<Token> tokensOf(long grantId);

    OrgAppPolicy orgPolicy(long orgId);


    void setRestricted(long orgId, boolean restricted);

    /** Approves an app for an organisation; false when it already was. */
    boolean approveForOrg(long orgId, long appId, String by, Instant at);

    /** Withdraws an organisation's approval of an app; false when there was none. */
    boolean unapproveForOrg(long orgId, long appId);

    /** Stores a new device request; forgets requests that expired more than an hour before {@code now}. */
    DeviceRequest insertDevice(byte[] deviceHash, byte[] userHash, long appId, Scopes scopes, int interval, Instant now,
                               Instant expiresAt);

    Optional<DeviceRequest> deviceByDeviceHash(byte[] deviceHash);

    Optional<DeviceRequest> deviceByUserHash(byte[] userHash);

    /**
     * In one transaction: claims the undecided, unexpired request for the user and creates or widens
     * their grant ({@link #approve}); empty when the request was no longer undecided (another
     * approval or a denial came first).
     */
    Optional<OAuthGrant> approveDevice(long requestId, long userId, Instant now);

    /** Denies the undecided request; false when it was no longer undecided. */
    boolean denyDevice(long requestId);

    /** Records a poll unless another was recorded since {@code polls} was read: true for the one that records it. */
    boolean recordDevicePoll(long requestId, int polls, int interval, Instant at);

    /** Marks the approved request used unless it already is: true for the one call that used it. */
    boolean useDevice(long requestId, Instant at);
}
