package org.latchkey.pkg;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.latchkey.audit.AuditAction;
import org.latchkey.audit.AuditLog;
import org.latchkey.audit.Origin;
import org.latchkey.auth.Principal;
import org.latchkey.metrics.Metrics;
import org.latchkey.scan.ExposedTokens;
import org.latchkey.scan.Finding;
import org.latchkey.scan.JsonStrings;
import org.latchkey.scan.SecretKind;
import org.latchkey.scan.TarballScanner;

/**
 * Push protection for packages: a package holding a live Latchkey token, in its tarball (see
 * {@link TarballScanner} for where it looks) or in the manifest sent with it, which readers get in
 * the packument, is not published, since a package is read by everyone allowed to install it (npm
 * revokes the tokens it finds in published packages for the same reason). Tokens found that no
 * longer work are let through and recorded.
 */
public final class PublishProtection {

    /** Each place a token is found is looked up and recorded; a tarball with more is refused instead. */
    static final int MAX_TOKENS = 1000;
    /** The version's manifest: package.json as the client sent it, stored and served to readers. */
    static final String MANIFEST = "the package.json sent with the publish";

    private final ExposedTokens exposed;
    private final AuditLog audit;
    private final Metrics metrics;
    private final boolean on;

    public PublishProtection(ExposedTokens exposed, AuditLog audit, Metrics metrics, boolean on) {
        this.exposed = exposed;
        this.audit = audit;
        this.metrics = metrics;
        this.on = on;
    }

    /** Refuses {@code fullName}@{@code version} if its tarball or manifest holds a live token or OAuth client secret. */
    void check(Principal principal, String fullName, String version, String manifest, byte[] tarball, Origin origin) {
        if (!on) {
            return;
        }
        List<Finding> tokens = new ArrayList<>(findings(tarball).stream()
                .filter(finding -> isLatchkey(finding.kind())).toList());
        if (manifest != null) {
            JsonStrings.scan(manifest).stream().filter(found -> isLatchkey(found.finding().kind()))
                    .forEach(found -> tokens.add(inManifest(found)));
        }
        if (tokens.size() > MAX_TOKENS) {
            throw PackageRefusals.invalid("The tarball holds Latchkey token secrets in more than " + MAX_TOKENS + " places;"
                    + " it is not published. Remove them.");
        }
        List<String> live = new ArrayList<>();
        Map<String, Optional<ExposedTokens.Exposure>> looked = new HashMap<>();
        for (Finding finding : tokens) {
            if (finding.kind() == SecretKind.LATCHKEY_CLIENT_SECRET) {
                exposed.clientSecret(finding.secret()).ifPresent(app ->
                        live.add(app.describe(TarballScanner.where(finding), principal.user().id())));
                continue;
            }
            looked.computeIfAbsent(finding.secret(), exposed::of)
                    .ifPresent(exposure -> record(principal, fullName, version, finding, exposure, live, origin));
        }
        if (!live.isEmpty()) {
            metrics.publishRefusedSecret();
            audit.record(AuditAction.PACKAGE_BLOCKED_SECRET, principal.user().id(), principal.user().login(),
                    principal.token().id(), origin, Map.of("package", fullName, "version", version,
                            "locations", String.join(", ", live)));
            throw PackageRefusals.secretInPackage(fullName, version, live);
        }
    }

    private void record(Principal principal, String fullName, String version, Finding finding,
                        ExposedTokens.Exposure exposure, List<String> live, Origin origin) {
        String location = TarballScanner.where(finding);
        if (exposure.live()) {
            live.add(exposure.describe(location, principal.user().id()));
        }
        audit.record(exposure.live() ? AuditAction.TOKEN_LEAKED_IN_PACKAGE : AuditAction.INACTIVE_TOKEN_IN_PACKAGE,
                exposure.token().userId(), principal.user().login(), exposure.token().id(), origin,
                Map.of("package", fullName, "version", version, "location", location, "token_name", exposure.token().name()));
    }

    private static boolean isLatchkey(SecretKind kind) {
        return kind == SecretKind.LATCHKEY || kind == SecretKind.LATCHKEY_CLIENT_SECRET;
    }

    /** A token in the manifest, placed by its field (line 0: the place says it all). */
    private static Finding inManifest(JsonStrings.Found found) {
        String where = found.field() == null ? "a field name in " + MANIFEST
                : found.field().equals("readme") ? "the README sent with the publish"
                : "the field " + found.field() + " of " + MANIFEST;
        Finding finding = found.finding();
        return new Finding(where, null, 0, finding.kind(), finding.checksumValid(), finding.secret());
    }

    private static List<Finding> findings(byte[] tarball) {
        try {
            return TarballScanner.scan(tarball);
        } catch (TarballScanner.Uncheckable e) {
            throw PackageRefusals.invalid("The tarball cannot be checked for tokens: " + e.getMessage()
                    + ". It is not published (npm pack makes a tarball that can be checked).");
        }
    }
}
