package org.latchkey;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import java.util.Set;

/**
 * The rules the packages follow: no cycles, a domain free of adapters and frameworks, JDBC only in
 * {@code store}, Javalin only in {@code http}. The composition root ({@link Latchkey}, {@link Main} and
 * the {@link Settings} they are given) may see everything.
 */
@AnalyzeClasses(packages = "org.latchkey", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    private static final Set<String> ADAPTERS = Set.of("http", "git", "cli", "store");
    private static final Set<String> COMPOSITION = Set.of("Latchkey", "Composition", "Main", "Settings");

    @ArchTest
    static final ArchRule packagesDoNotDependOnEachOtherInACycle =
            slices().assignedFrom(new PackageSlices()).should().beFreeOfCycles();

    @ArchTest
    static final ArchRule domainDependsOnNoAdapterNorFramework = noClasses()
            .that(inDomain())
            .should().dependOnClassesThat().resideInAnyPackage(
                    "org.latchkey.http..", "org.latchkey.git..", "org.latchkey.cli..", "org.latchkey.store..",
                    "io.javalin..", "org.eclipse.jetty..", "jakarta.servlet..",
                    "java.sql..", "javax.sql..", "com.zaxxer.hikari..", "org.h2..", "org.postgresql..",
                    "org.flywaydb..", "picocli..");

    @ArchTest
    static final ArchRule onlyStoreUsesJdbc = noClasses()
            .that().resideOutsideOfPackage("org.latchkey.store..")
            .should().dependOnClassesThat().resideInAPackage("java.sql..");

    @ArchTest
    static final ArchRule onlyHttpUsesJavalin = noClasses()
            .that().resideOutsideOfPackage("org.latchkey.http..")
            .should().dependOnClassesThat().resideInAPackage("io.javalin..");

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
