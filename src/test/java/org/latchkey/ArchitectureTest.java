package org.latchkey;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import java.util.Set;

/**
 * The rules the packages follow: no cycles, a domain free of adapters and frameworks, JDBC only in
 * {@code store}, Redis only in {@code redis}, Javalin only in {@code http}. The composition root ({@link Latchkey}, {@link Main} and
 * the {@link Settings} they are given) may see everything.
 */
@AnalyzeClasses(packages = "org.latchkey", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    private static final Set<String> ADAPTERS = Set.of("http", "git", "cli", "store", "redis");
    private static final Set<String> COMPOSITION = Set.of("Latchkey", "Composition", "Main", "Settings");

    @ArchTest
    static final ArchRule packagesDoNotDependOnEachOtherInACycle =
            slices().assignedFrom(new PackageSlices()).should().beFreeOfCycles();

    @ArchTest
    static final ArchRule domainDependsOnNoAdapterNorFramework = noClasses()
            .that(inDomain())
            .should().dependOnClassesThat().resideInAnyPackage(
                    "org.latchkey.http..", "org.latchkey.git..", "org.latchkey.cli..", "org.latchkey.store..",
                    "org.latchkey.redis..", "redis.clients..",
                    "io.javalin..", "org.eclipse.jetty..", "jakarta.servlet..",
                    "java.sql..", "javax.sql..", "com.zaxxer.hikari..", "org.h2..", "org.postgresql..",
                    "org.flywaydb..", "picocli..");

    @ArchTest
    static final ArchRule onlyStoreUsesJdbc = noClasses()
            .that().resideOutsideOfPackage("org.latchkey.store..")
            .should().dependOnClassesThat().resideInAPackage("java.sql..");

    @ArchTest
    static final ArchRule onlyRedisUsesJedis = noClasses()
            .that().resideOutsideOfPackage("org.latchkey.redis..")
            .should().dependOnClassesThat().resideInAPackage("redis.clients..");

    @ArchTest
    static final ArchRule onlyHttpUsesJavalin = noClasses()
            .that().resideOutsideOfPackage("org.latchkey.http..")
            .should().dependOnClassesThat().resideInAPackage("io.javalin..");

    @ArchTest
    static final ArchRule expiringCachesTickByTheInjectedClock = classes()
            .that(callCaffeine("expireAfterWrite", "expireAfterAccess", "expireAfter"))
            .should(new ArchCondition<>("expire by the injected clock (Caffeine.ticker(ClockTicker.of(clock)))") {
                @Override
                public void check(JavaClass c, ConditionEvents events) {
                    if (!callCaffeine("ticker").test(c)) {
                        events.add(SimpleConditionEvent.violated(c, c.getName() + " builds an expiring cache without a ticker"));
                    }
                }
            });

    private static DescribedPredicate<JavaClass> callCaffeine(String... methods) {
        Set<String> names = Set.of(methods);
        return DescribedPredicate.describe("build a Caffeine cache whose entries expire",
                c -> c.getMethodCallsFromSelf().stream().anyMatch(call -> isCaffeine(call, names)));
    }

    private static boolean isCaffeine(JavaMethodCall call, Set<String> names) {
        return call.getTargetOwner().isEquivalentTo(Caffeine.class) && names.contains(call.getName());
    }

    private static DescribedPredicate<JavaClass> inDomain() {
        return DescribedPredicate.describe("are in the domain (not an adapter nor the composition root)",
                c -> !ADAPTERS.contains(topPackage(c)) && !inComposition(c));
    }

    private static boolean inComposition(JavaClass c) {
        return c.getPackageName().equals("org.latchkey") && COMPOSITION.contains(outermost(c));
    }

    private static String outermost(JavaClass c) {
        String name = c.getName().substring("org.latchkey.".length());
        int nested = name.indexOf('$');
        return nested < 0 ? name : name.substring(0, nested);
    }

    private static boolean inLatchkey(JavaClass c) {
        return c.getPackageName().equals("org.latchkey") || c.getPackageName().startsWith("org.latchkey.");
    }

    /** The first package under {@code org.latchkey}, or "" for the root package. */
    private static String topPackage(JavaClass c) {
        String name = c.getPackageName();
        if (!name.startsWith("org.latchkey.")) {
            return "";
        }
        String rest = name.substring("org.latchkey.".length());
        int dot = rest.indexOf('.');
        return dot < 0 ? rest : rest.substring(0, dot);
    }

    /** One slice per package under {@code org.latchkey}; the root package's shared types are one more, the composition root none. */
    private static final class PackageSlices implements SliceAssignment {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass c) {
            if (!inLatchkey(c) || inComposition(c)) {
                return SliceIdentifier.ignore();
            }
            String top = topPackage(c);
            return SliceIdentifier.of(top.isEmpty() ? "org.latchkey (root)" : top);
        }

        @Override
        public String getDescription() {
            return "packages of org.latchkey";
        }
    }
}
