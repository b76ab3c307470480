package org.latchkey.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.latchkey.Refusal;
import org.latchkey.account.User;
import org.latchkey.auth.AccessDenied;
import org.latchkey.token.FineGrained;
import org.latchkey.token.Level;
import org.latchkey.token.Permission;
import org.latchkey.token.Permissions;
import org.latchkey.token.ResourceGrant;
import org.latchkey.token.RevocationReason;
import org.latchkey.token.Scope;
import org.latchkey.token.Scopes;
import org.latchkey.token.Token;
import org.latchkey.token.TokenPolicy;
import org.latchkey.token.TokenType;
import org.latchkey.token.TokenUsage;
import org.junit.jupiter.api.Test;

/** Who may read, publish and delete packages of users and organisations, and what each refusal says. */
class PackageAuthorizationTest {

    private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
    private static final long ALICE = 1;
    private static final long BOB = 2;
    private static final long ACME = 10;

    private final User alice = new User(ALICE, "alice", null, false, NOW);
    private final User bob = new User(BOB, "bob", null, false, NOW);
    private final Authorizer authorizer = new Authorizer(new Owners(TokenPolicy.DEFAULT), userId -> false,
            Clock.fixed(NOW, ZoneOffset.UTC), event -> { });

    private final Target alicesPrivate = Target.pkg(ALICE, "alice", "tool", true);
    private final Target alicesPublic = Target.pkg(ALICE, "alice", "tool", false);
    private final Target acmePrivate = Target.pkg(ACME, "acme", "tool", true);

    @Test
    void readPackages_onAPrivatePackage_needsTheScope_andWritePackagesImpliesIt() {
        assertThat(denial(alice, classic(Scope.REPO), Action.READ_PACKAGES, alicesPrivate)).isEqualTo("missing_scope");
        assertThat(authorizer.decide(alice, classic(Scope.READ_PACKAGES), Action.READ_PACKAGES, alicesPrivate).allowed()).isTrue();
        assertThat(authorizer.decide(alice, classic(Scope.WRITE_PACKAGES), Action.READ_PACKAGES, alicesPrivate).allowed()).isTrue();
    }

    @Test
    void aPublicPackage_isReadByAnyone_evenWithoutAToken() {
        assertThat(authorizer.decide(null, null, Action.READ_PACKAGES, alicesPublic).allowed()).isTrue();
        assertThat(authorizer.decide(bob, classic(Scope.REPO), Action.READ_PACKAGES, alicesPublic).allowed()).isTrue();
    }

    @Test
    void aPrivatePackage_isNotFoundForOthers_andNeedsAuthenticationForAnonymousCallers() {
        assertThat(denial(bob, classic(Scope.READ_PACKAGES), Action.READ_PACKAGES, alicesPrivate)).isEqualTo("package_not_found");
        assertThat(authorizer.decide(null, null, Action.READ_PACKAGES, alicesPrivate).denials().get(0).code())
                .isEqualTo(Denial.AUTHENTICATION_REQUIRED);
        assertThatThrownBy(() -> authorizer.decide(bob, classic(Scope.READ_PACKAGES), Action.READ_PACKAGES, alicesPrivate)
                .orThrow()).isInstanceOfSatisfying(AccessDenied.class, e -> {
                    assertThat(e.kind()).isEqualTo(Refusal.Kind.NOT_FOUND);
                    assertThat(e.getMessage()).isEqualTo("Package not found.");
                });
    }

    @Test
    void publishing_needsWritePackages_andNamesIt() {
        Target owner = Target.owner(ALICE, "alice", true);

        Decision decision = authorizer.decide(alice, classic(Scope.READ_PACKAGES), Action.WRITE_PACKAGES, owner);

        assertThat(decision.denials().get(0).code()).isEqualTo("missing_scope");
        assertThat(decision.denials().get(0).explain()).isEqualTo("This token lacks the 'write:packages' scope needed to"
                + " publish packages. Regenerate it with that scope or create a new token.");
        assertThat(authorizer.decide(alice, classic(Scope.WRITE_PACKAGES), Action.WRITE_PACKAGES, owner).allowed()).isTrue();
    }

    @Test
    void publishing_intoAnotherUsersScope_isRefusedAsNotOwner_whateverTheScopes() {
        assertThat(denial(bob, classic(Scope.WRITE_PACKAGES), Action.WRITE_PACKAGES, Target.owner(ALICE, "alice", true)))
                .isEqualTo("not_owner");
        assertThat(denial(bob, classic(Scope.WRITE_PACKAGES), Action.WRITE_PACKAGES, alicesPublic)).isEqualTo("not_owner");
    }

    @Test
    void deleting_needsDeletePackages_whichWritePackagesDoesNotImply() {
        Target owner = Target.owner(ALICE, "alice", true);
        assertThat(denial(alice, classic(Scope.WRITE_PACKAGES), Action.DELETE_PACKAGES, owner)).isEqualTo("missing_scope");
        assertThat(authorizer.decide(alice, classic(Scope.DELETE_PACKAGES), Action.DELETE_PACKAGES, owner).allowed()).isTrue();
    }

    @Test
    void anOrgMember_mayPublish_butOnlyAnOwnerMayDelete() {
        Target acme = Target.owner(ACME, "acme", true);
        Token token = classic(Scope.WRITE_PACKAGES, Scope.DELETE_PACKAGES);

        assertThat(authorizer.decide(bob, token, Action.WRITE_PACKAGES, acme).allowed()).isTrue();
        assertThat(authorizer.decide(bob, token, Action.READ_PACKAGES, acmePrivate).allowed()).isTrue();
        assertThat(denial(bob, token, Action.DELETE_PACKAGES, acme)).isEqualTo("insufficient_role");
        assertThat(authorizer.decide(alice, token, Action.DELETE_PACKAGES, acme).allowed()).isTrue();
    }

    @Test
    void aFineGrainedToken_actsOnlyOnItsOwner_atItsPackagesLevel() {
        Token forAcme = fineGrained(ACME, "acme", Level.WRITE);

        assertThat(authorizer.decide(alice, forAcme, Action.WRITE_PACKAGES, Target.owner(ACME, "acme", true)).allowed()).isTrue();
        Decision elsewhere = authorizer.decide(alice, forAcme, Action.WRITE_PACKAGES, Target.owner(ALICE, "alice", true));
        assertThat(elsewhere.denials().get(0).code()).isEqualTo("owner_not_selected");
        assertThat(elsewhere.denials().get(0).message()).isEqualTo("This token may only act on resources of acme, not alice.");
        assertThat(denial(alice, forAcme, Action.DELETE_PACKAGES, Target.owner(ACME, "acme", true)))
                .isEqualTo("missing_permission");
        assertThat(denial(alice, fineGrained(ACME, "acme", Level.READ), Action.WRITE_PACKAGES, Target.owner(ACME, "acme", true)))
                .isEqualTo("missing_permission");
    }

    @Test
    void anExpiredOrRevokedToken_isRefusedWithItsState() {
        Token expired = new Token(7, ALICE, TokenType.CLASSIC, "old", null, Scopes.of(Scope.WRITE_PACKAGES),
                NOW.minus(Duration.ofDays(40)), NOW.minus(Duration.ofDays(10)), null, null, null, 7, null, TokenUsage.NEVER);
        Token revoked = new Token(8, ALICE, TokenType.CLASSIC, "gone", null, Scopes.of(Scope.WRITE_PACKAGES),
                NOW.minus(Duration.ofDays(40)), null, NOW.minus(Duration.ofDays(1)), RevocationReason.REVOKED, null, 8, null,
                TokenUsage.NEVER);

        assertThat(denial(alice, expired, Action.WRITE_PACKAGES, Target.owner(ALICE, "alice", true))).isEqualTo("token_expired");
        assertThat(denial(alice, revoked, Action.WRITE_PACKAGES, Target.owner(ALICE, "alice", true))).isEqualTo("token_revoked");
    }

    private String denial(User user, Token token, Action action, Target target) {
        Decision decision = authorizer.decide(user, token, action, target);
        assertThat(decision.allowed()).as("denied").isFalse();
        return decision.denials().get(0).code();
    }

    private static Token classic(Scope... scopes) {
        return new Token(1, 0, TokenType.CLASSIC, "t", null, Scopes.of(scopes), NOW, null, null, null, null, 1, null,
                TokenUsage.NEVER);
    }

    private static Token fineGrained(long ownerId, String ownerLogin, Level packages) {
        Map<Permission, Level> levels = new EnumMap<>(Permission.class);
        levels.put(Permission.PACKAGES, packages);
        FineGrained grants = new FineGrained(Permissions.of(levels), List.of(new ResourceGrant(ownerId, ownerLogin,
                ResourceGrant.Selection.ALL, Set.of(), ResourceGrant.Approval.NOT_REQUIRED, null, null, null)));
        return new Token(2, 0, TokenType.FINE_GRAINED, "f", null, Scopes.NONE, NOW, NOW.plus(Duration.ofDays(30)), null, null,
                null, 2, null, TokenUsage.NEVER, grants);
    }

    /** alice owns acme; bob is a member. */
    @Test
    void anOrgThatRequiresTwoFactor_refusesAMemberWithoutIt_exceptToReadPublicPackages() {
        Authorizer strict = new Authorizer(new Owners(new TokenPolicy(false, null, false, null, true)), userId -> userId == ALICE,
                Clock.fixed(NOW, ZoneOffset.UTC), event -> { });
        Target acme = Target.owner(ACME, "acme", true);

        Decision bobs = strict.decide(bob, classic(Scope.WRITE_PACKAGES), Action.WRITE_PACKAGES, acme);

        assertThat(bobs.denials().get(0).code()).isEqualTo(Denial.TWO_FACTOR_REQUIRED);
        assertThat(bobs.denials().get(0).explain()).isEqualTo("Organization acme requires two-factor authentication;"
                + " bob has not enabled it. Enable it at /settings/security, then try again.");
        assertThat(strict.decide(alice, classic(Scope.WRITE_PACKAGES), Action.WRITE_PACKAGES, acme).allowed()).isTrue();
        assertThat(strict.decide(bob, classic(Scope.READ_PACKAGES), Action.READ_PACKAGES,
                Target.pkg(ACME, "acme", "tool", false)).allowed()).isTrue();
    }

    private static final class Owners implements OwnerDirectory {
        private final TokenPolicy policy;

        Owners(TokenPolicy policy) {
            this.policy = policy;
        }

        @Override
        public boolean isOrg(long ownerId) {
            return ownerId == ACME;
        }

        @Override
        public Optional<OrgRole> role(long orgId, long userId) {
            if (orgId != ACME) {
                return Optional.empty();
            }
            return userId == ALICE ? Optional.of(OrgRole.OWNER) : userId == BOB ? Optional.of(OrgRole.MEMBER) : Optional.empty();
        }

        @Override
        public TokenPolicy policy(long ownerId) {
            return isOrg(ownerId) ? policy : TokenPolicy.DEFAULT;
        }
    }
}
