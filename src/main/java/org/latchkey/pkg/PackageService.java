package org.latchkey.pkg;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.latchkey.Text;
import org.latchkey.access.Action;
import org.latchkey.access.Authorizer;
import org.latchkey.access.Target;
import org.latchkey.audit.AuditAction;
import org.latchkey.audit.AuditLog;
import org.latchkey.audit.Origin;
import org.latchkey.audit.UsageSource;
import org.latchkey.auth.Principal;
import org.latchkey.org.OwnerTargets;
import org.latchkey.token.TokenType;

/**
 * Publishing, reading and unpublishing npm packages of users and organisations, as the
 * {@link Authorizer} allows. The scope of a package names its owner ({@code @acme/tool} belongs to
 * acme), as on GitHub Packages. Publishing and deleting are decided on the owner, before the
 * package is looked up, so neither answer tells a caller without the right whether a private
 * package exists; reading is decided on the package, which may be public.
 */
public final class PackageService {

    private static final Pattern NAME = Pattern.compile("[a-z0-9~-][a-z0-9._~-]*");
    private static final Pattern TAG = Pattern.compile("[A-Za-z][A-Za-z0-9._-]{0,99}");
    private static final Pattern VERSION = Pattern.compile(
            "(0|[1-9]\\d{0,15})\\.(0|[1-9]\\d{0,15})\\.(0|[1-9]\\d{0,15})(-[0-9A-Za-z.-]+)?(\\+[0-9A-Za-z.-]+)?");
    private static final int MAX_FULL_NAME = 214;
    private static final int MAX_VERSION = 256;
    private static final int MAX_TAG = 100;

    private final PackageStore store;
    private final TarballFiles files;
    private final OwnerTargets owners;
    private final Authorizer authorizer;
    private final AuditLog audit;
    private final Clock clock;
    private final PublishProtection protection;

    public PackageService(PackageStore store, TarballFiles files, OwnerTargets owners, Authorizer authorizer,
                          AuditLog audit, Clock clock, PublishProtection protection) {
        this.protection = protection;
        this.store = store;
        this.files = files;
        this.owners = owners;
        this.authorizer = authorizer;
        this.audit = audit;
        this.clock = clock;
    }

    /** Publishes one new version (creating the package on its first publish); answers the version stored. */
    public PackageVersion publish(Principal principal, Publication publication, UsageSource source) {
        validName(publication.scope(), publication.name());
        validVersion(publication.version());
        publication.distTags().keySet().forEach(PackageService::validTag);
        boolean isPublic = "public".equals(publication.access());
        Target owner = owner(publication.scope(), !isPublic).aimedAt(publication.name());
        authorizer.decideUse(principal, Action.WRITE_PACKAGES, owner, source).orThrow();
        String integrity = Checksums.integrity(publication.tarball());
        String shasum = Checksums.shasum(publication.tarball());
        verify(publication, integrity, shasum);
        protection.check(principal, "@" + owner.ownerLogin() + "/" + publication.name(), publication.version(),
                publication.manifest(), publication.tarball(), new Origin(source.ip(), source.userAgent()));
        Instant now = now();
        Package pkg = store.find(owner.ownerLogin(), publication.name())
                .or(() -> store.create(owner.ownerId(), publication.name(), !isPublic, now))
                .or(() -> store.find(owner.ownerLogin(), publication.name()))
                .orElseThrow(() -> new IllegalStateException("a package was created and deleted concurrently"));
        Set<String> tags = new HashSet<>(publication.distTags().keySet());
        if (tags.isEmpty()) {
            tags.add("latest");
        }
        PackageVersion version = store.addVersion(pkg.id(), new NewVersion(publication.version(), publication.manifest(),
                        integrity, shasum, publication.tarball().length, principal.user().id(), now), tags)
                .orElseThrow(() -> PackageRefusals.versionExists(pkg.fullName(), publication.version()));
        try {
            files.write(version, publication.tarball());
        } catch (RuntimeException e) {
            store.removeVersion(pkg.id(), version.id());
            throw e;
        }
        record(AuditAction.PACKAGE_PUBLISHED, principal, pkg, source, Map.of("version", version.version()));
        return version;
    }

    /**
     * Refuses at once a caller who may not publish in this scope at all, before a body of up to
     * tens of megabytes is read; {@link #publish} decides again, and records the use.
     */
    public void checkPublisher(Principal principal, String scope, String name) {
        authorizer.decide(principal, Action.WRITE_PACKAGES, owner(scope, true).aimedAt(name)).orThrow();
    }

    /** The package with its versions and tags, if the caller (null: anonymous) may read it. */
    public PackageView view(Principal principal, String scope, String name, UsageSource source) {
        Package pkg = readable(principal, scope, name, source);
        return new PackageView(pkg, store.versions(pkg.id()), store.distTags(pkg.id()));
    }

    /** The tarball named {@code <name>-<version>.tgz} of a package the caller may read. */
    public Tarball tarball(Principal principal, String scope, String name, String fileName, UsageSource source) {
        String prefix = name + "-";
        if (!fileName.startsWith(prefix) || !fileName.endsWith(".tgz") || fileName.length() <= prefix.length() + 4) {
            throw new PackageNotFound();
        }
        String wanted = fileName.substring(prefix.length(), fileName.length() - 4);
        Package pkg = readable(principal, scope, name, source);
        PackageVersion version = store.versions(pkg.id()).stream().filter(v -> v.version().equals(wanted)).findFirst()
                .orElseThrow(() -> new PackageNotFound("Version " + Text.quoted(wanted, "(not shown)") + " of "
                        + pkg.fullName() + " not found."));
        return new Tarball(version, files.read(version));
    }

    /**
     * Unpublishes the versions missing from {@code remaining} (what {@code npm unpublish pkg@version}
     * sends back), from the revision the client read, and points the tags as it says.
     */
    public List<String> unpublish(Principal principal, String scope, String name, String revision, Set<String> remaining,
                                  Map<String, String> distTags, UsageSource source) {
        Package pkg = deletable(principal, scope, name, source);
        checkRevision(pkg, revision);
        List<PackageVersion> versions = store.versions(pkg.id());
        Set<String> published = new HashSet<>();
        versions.forEach(version -> published.add(version.version()));
        if (!published.containsAll(remaining)) {
            throw PackageRefusals.invalid("Only unpublishing is possible here; publish new versions with npm publish.");
        }
        List<PackageVersion> removed = versions.stream().filter(v -> !remaining.contains(v.version())).toList();
        if (removed.isEmpty()) {
            throw PackageRefusals.invalid("Changing published versions (npm deprecate, say) is not supported; only unpublishing is.");
        }
        Map<String, String> tags = new LinkedHashMap<>();
        distTags.forEach((tag, version) -> {
            if (remaining.contains(version)) {
                tags.put(validTag(tag), version);
            }
        });
        if (!store.removeVersions(pkg.id(), pkg.revision(), removed.stream().map(PackageVersion::version)
                .collect(java.util.stream.Collectors.toSet()), tags, now())) {
            throw PackageRefusals.stale(pkg.fullName());
        }
        removed.forEach(files::delete);
        List<String> names = removed.stream().map(PackageVersion::version).toList();
        record(AuditAction.PACKAGE_UNPUBLISHED, principal, pkg, source, Map.of("version", String.join(", ", names)));
        return names;
    }

    /**
     * Removes the tarball {@code <name>-<version>.tgz}, which npm asks for after it unpublished the
     * version: nothing is left to do then. A version still published is unpublished.
     */
    public void unpublishFile(Principal principal, String scope, String name, String fileName, UsageSource source) {
        Package pkg = deletable(principal, scope, name, source);
        String prefix = name + "-";
        if (!fileName.startsWith(prefix) || !fileName.endsWith(".tgz")) {
            return;
        }
        String wanted = fileName.substring(prefix.length(), Math.max(prefix.length(), fileName.length() - 4));
        List<PackageVersion> versions = store.versions(pkg.id());
        if (versions.stream().noneMatch(version -> version.version().equals(wanted))) {
            return;
        }
        Set<String> remaining = new HashSet<>();
        versions.stream().map(PackageVersion::version).filter(version -> !version.equals(wanted)).forEach(remaining::add);
        unpublish(principal, scope, name, revision(pkg), remaining, store.distTags(pkg.id()), source);
    }

    /** Unpublishes the whole package, from the revision the client read (null: whatever it is now). */
    public void delete(Principal principal, String scope, String name, String revision, UsageSource source) {
        Package pkg = deletable(principal, scope, name, source);
        if (revision != null) {
            checkRevision(pkg, revision);
        }
        if (!store.delete(pkg.id(), pkg.revision())) {
            throw PackageRefusals.stale(pkg.fullName());
        }
        files.deleteAll(pkg.id());
        record(AuditAction.PACKAGE_UNPUBLISHED, principal, pkg, source, Map.of("version", "*"));
    }

    /** The packages of an owner that the caller may read, with their versions and tags. */
    public List<PackageView> list(Principal principal, long ownerId) {
        return store.listByOwner(ownerId).stream()
                .filter(pkg -> authorizer.decide(principal, Action.READ_PACKAGES, pkg.target()).allowed())
                .map(pkg -> new PackageView(pkg, store.versions(pkg.id()), store.distTags(pkg.id())))
                .toList();
    }

    /** npm's {@code _rev} of the package as it is now. */
    public static String revision(Package pkg) {
        return pkg.revision() + "-" + Long.toHexString(pkg.id());
    }

    private Package readable(Principal principal, String scope, String name, UsageSource source) {
        Package pkg = store.find(scope, name).orElseThrow(PackageNotFound::new);
        authorizer.decideUse(principal, Action.READ_PACKAGES, pkg.target(), source).orThrow();
        return pkg;
    }

    private Package deletable(Principal principal, String scope, String name, UsageSource source) {
        Target owner = owner(scope, true).aimedAt(name);
        authorizer.decideUse(principal, Action.DELETE_PACKAGES, owner, source).orThrow();
        return store.find(owner.ownerLogin(), name).orElseThrow(PackageNotFound::new);
    }

    private Target owner(String scope, boolean isPrivate) {
        return owners.find(scope, isPrivate).orElseThrow(() -> new PackageNotFound("There is no user or organisation "
                + Text.quoted(scope, "by that name") + " to own this package: the scope of a package (@owner/name) names its owner."));
    }

    private static void checkRevision(Package pkg, String revision) {
        if (!revision(pkg).equals(revision)) {
            throw PackageRefusals.stale(pkg.fullName());
        }
    }

    private static void verify(Publication publication, String integrity, String shasum) {
        if (publication.declaredIntegrity() != null && !publication.declaredIntegrity().equals(integrity)) {
            throw PackageRefusals.invalid("The tarball does not match the integrity in its manifest (dist.integrity): it was"
                    + " damaged on the way. Publish again.");
        }
        if (publication.declaredShasum() != null && !publication.declaredShasum().equalsIgnoreCase(shasum)) {
            throw PackageRefusals.invalid("The tarball does not match the shasum in its manifest (dist.shasum): it was damaged"
                    + " on the way. Publish again.");
        }
    }

    static void validName(String scope, String name) {
        if (scope == null || name == null || !NAME.matcher(scope).matches() || !NAME.matcher(name).matches()
                || scope.length() + name.length() + 2 > MAX_FULL_NAME) {
            throw PackageRefusals.invalid("Package names are @owner/name, where name has only lower-case letters, digits,"
                    + " '-', '.', '_' and '~' (at most 214 characters in all).");
        }
    }

    static void validVersion(String version) {
        if (version == null || version.length() > MAX_VERSION || !VERSION.matcher(version).matches()) {
            throw PackageRefusals.invalid("The version " + Text.quoted(version, "given") + " is not a semantic version"
                    + " such as 1.2.3 or 1.2.3-beta.1.");
        }
    }

    /** A dist-tag name, which is stored and served to readers: never a secret, even one that no longer works. */
    private static String validTag(String tag) {
        Text.requireClean("dist-tag", tag, MAX_TAG, false);
        if (tag == null || !TAG.matcher(tag).matches() || VERSION.matcher(tag).matches()) {
            throw PackageRefusals.invalid("The dist-tag " + Text.quoted(tag, "given") + " is not a valid tag name.");
        }
        return tag;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private void record(AuditAction action, Principal principal, Package pkg, UsageSource source, Map<String, String> extra) {
        Map<String, String> details = new HashMap<>(extra);
        details.put("package", pkg.fullName());
        String job = principal.token().type() == TokenType.JOB ? principal.token().stored().description() : null;
        if (job != null) {
            details.put("job", job);
        }
        Origin origin = new Origin(source.ip(), source.userAgent());
        audit.record(action, principal.user().id(), principal.user().login(), principal.token().id(), origin, details);
        if (pkg.ownerId() != principal.user().id()) {
            audit.record(action, pkg.ownerId(), principal.user().login(), principal.token().id(), origin, details);
        }
    }
}
