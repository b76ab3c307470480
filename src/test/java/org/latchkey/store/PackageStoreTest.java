package org.latchkey.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.latchkey.store.Fixtures.T0;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.latchkey.account.User;
import org.latchkey.pkg.NewVersion;
import org.latchkey.pkg.Package;
import org.latchkey.pkg.PackageVersion;

class PackageStoreTest {

    @EachEngine
    void create_thenFind_ignoresCaseOfOwnerAndName_andAnotherOfTheSameNameIsRefused(Database db) {
        User octocat = Fixtures.user(db, "Octocat");

        Package created = db.packages().create(octocat.id(), "tool", true, T0).orElseThrow();

        assertThat(created.fullName()).isEqualTo("@octocat/tool");
        assertThat(created.isPrivate()).isTrue();
        assertThat(created.revision()).isEqualTo(1);
        assertThat(db.packages().find("OCTOCAT", "TOOL")).contains(created);
        assertThat(db.packages().create(octocat.id(), "Tool", false, T0)).isEmpty();
        assertThat(db.packages().listByOwner(octocat.id())).containsExactly(created);
    }

    @EachEngine
    void addVersion_storesItsChecksums_pointsTheTags_andMovesTheRevision(Database db) {
        User octocat = Fixtures.user(db, "octocat");
        Package pkg = db.packages().create(octocat.id(), "tool", true, T0).orElseThrow();

        PackageVersion first = db.packages().addVersion(pkg.id(), version(octocat, "1.0.0", 1), Set.of("latest")).orElseThrow();
        PackageVersion beta = db.packages().addVersion(pkg.id(), version(octocat, "2.0.0-beta.1", 2), Set.of("beta")).orElseThrow();

        assertThat(first.integrity()).isEqualTo("sha512-one");
        assertThat(first.shasum()).isEqualTo("0123456789abcdef0123456789abcdef01234567");
        assertThat(first.manifest()).isEqualTo("{\"name\":\"@octocat/tool\",\"version\":\"1.0.0\"}");
        assertThat(first.publishedAt()).isEqualTo(Fixtures.at(Duration.ofMinutes(1)));
        assertThat(db.packages().versions(pkg.id())).containsExactly(first, beta);
        assertThat(db.packages().distTags(pkg.id())).isEqualTo(Map.of("latest", "1.0.0", "beta", "2.0.0-beta.1"));
        assertThat(db.packages().find("octocat", "tool").orElseThrow().revision()).isEqualTo(3);
    }

    @EachEngine
    void addVersion_ofAPublishedVersion_isEmpty_andChangesNothing(Database db) {
        User octocat = Fixtures.user(db, "octocat");
        Package pkg = db.packages().create(octocat.id(), "tool", true, T0).orElseThrow();
        PackageVersion first = db.packages().addVersion(pkg.id(), version(octocat, "1.0.0", 1), Set.of("latest")).orElseThrow();

        assertThat(db.packages().addVersion(pkg.id(), version(octocat, "1.0.0", 2), Set.of("next"))).isEmpty();

        assertThat(db.packages().versions(pkg.id())).containsExactly(first);
        assertThat(db.packages().distTags(pkg.id())).isEqualTo(Map.of("latest", "1.0.0"));
    }

    @EachEngine
    void removeVersions_fromTheCurrentRevision_removesThem_andReplacesTheTags(Database db) {
        User octocat = Fixtures.user(db, "octocat");
        Package pkg = db.packages().create(octocat.id(), "tool", true, T0).orElseThrow();
        PackageVersion first = db.packages().addVersion(pkg.id(), version(octocat, "1.0.0", 1), Set.of("latest")).orElseThrow();
        db.packages().addVersion(pkg.id(), version(octocat, "1.1.0", 2), Set.of("latest"));
        long revision = db.packages().find("octocat", "tool").orElseThrow().revision();

        assertThat(db.packages().removeVersions(pkg.id(), revision - 1, Set.of("1.1.0"), Map.of("latest", "1.0.0"), T0))
                .as("a stale revision").isFalse();
        assertThat(db.packages().removeVersions(pkg.id(), revision, Set.of("1.1.0"), Map.of("latest", "1.0.0"), T0)).isTrue();

        assertThat(db.packages().versions(pkg.id())).containsExactly(first);
        assertThat(db.packages().distTags(pkg.id())).isEqualTo(Map.of("latest", "1.0.0"));
    }

    @EachEngine
    void delete_fromTheCurrentRevision_removesThePackageAndItsVersions(Database db) {
        User octocat = Fixtures.user(db, "octocat");
        Package pkg = db.packages().create(octocat.id(), "tool", true, T0).orElseThrow();
        db.packages().addVersion(pkg.id(), version(octocat, "1.0.0", 1), Set.of("latest"));

        assertThat(db.packages().delete(pkg.id(), 1)).as("a stale revision").isFalse();
        assertThat(db.packages().delete(pkg.id(), 2)).isTrue();

        assertThat(db.packages().find("octocat", "tool")).isEmpty();
        assertThat(db.packages().versions(pkg.id())).isEmpty();
        assertThat(db.packages().create(octocat.id(), "tool", false, T0)).as("the name is free again").isPresent();
    }

    private static NewVersion version(User user, String version, int minutes) {
        return new NewVersion(version, "{\"name\":\"@octocat/tool\",\"version\":\"" + version + "\"}",
                minutes == 1 ? "sha512-one" : "sha512-other", "0123456789abcdef0123456789abcdef01234567", 100, user.id(),
                Fixtures.at(Duration.ofMinutes(minutes)));
    }
}
