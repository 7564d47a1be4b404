package org.interviewpanel.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import jakarta.persistence.Entity;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;

/**
 * The package map of the README, enforced: features reach each other through services, never through each other's
 * entities (and so tables); slices have no cycles; the kernel and analytics stay independent.
 */
class ArchitectureTest {

    static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.interviewpanel");

    @Test
    void entitiesAreUsedOnlyInsideTheirFeature() {
        classes().that().areAnnotatedWith(Entity.class)
                .should(onlyBeUsedInTheirOwnPackage())
                .check(CLASSES);
    }

    @Test
    void featureSlicesAreFreeOfCycles() {
        slices().matching("org.interviewpanel.(*)..").should().beFreeOfCycles().check(CLASSES);
    }

    /** The kernel is what every slice may use; it uses none of them. */
    @Test
    void theKernelDependsOnNoSlice() {
        noClasses().that().resideInAPackage("org.interviewpanel.kernel..")
                .should().dependOnClassesThat().resideInAnyPackage(slicesBut("kernel"))
                .check(CLASSES);
    }

    /** Only the application shell knows every slice; no slice knows the shell. */
    @Test
    void noSliceDependsOnTheApplicationShell() {
        noClasses().that().resideOutsideOfPackage("org.interviewpanel.app..")
                .should().dependOnClassesThat().resideInAPackage("org.interviewpanel.app..")
                .check(CLASSES);
    }

    /**
     * Analytics is fed by the events only, so it can run apart with its own database: it reads no operational
     * feature (sessions, scoring, question sets, the bank, live rooms).
     */
    @Test
    void analyticsDependsOnNoOperationalFeature() {
        noClasses().that().resideInAPackage("org.interviewpanel.analytics..")
                .should().dependOnClassesThat().resideInAnyPackage("org.interviewpanel.session..",
                        "org.interviewpanel.scoring..", "org.interviewpanel.questionset..",
                        "org.interviewpanel.questionbank..", "org.interviewpanel.live..")
                .check(CLASSES);
    }

    @Test
    void featuresDoNotDependOnTestSupport() {
        noClasses().that().resideInAPackage("org.interviewpanel..")
                .should().dependOnClassesThat().resideInAPackage("..testsupport..")
                .check(CLASSES);
    }

    @Test
    void theRuleCatchesAnOffender() {
        // Guards the guard: a class outside questionbank that touches Question must be reported.
        JavaClasses offender = new ClassFileImporter().importClasses(
                org.interviewpanel.questionbank.Question.class, Offender.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> classes().that().areAnnotatedWith(Entity.class)
                .should(onlyBeUsedInTheirOwnPackage()).check(offender))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Offender");
    }

    private static String[] slicesBut(String except) {
        return java.util.stream.Stream.of("app", "analytics", "events", "live", "questionbank", "questionset", "scoring",
                "security", "session", "kernel").filter(s -> !s.equals(except)).map(s -> "org.interviewpanel." + s + "..")
                .toArray(String[]::new);
    }

    static ArchCondition<JavaClass> onlyBeUsedInTheirOwnPackage() {
        return new ArchCondition<>("only be used by classes of their own feature package") {
            @Override
            public void check(JavaClass entity, ConditionEvents events) {
                entity.getDirectDependenciesToSelf().forEach(dependency -> {
                    JavaClass origin = dependency.getOriginClass();
                    boolean sameFeature = origin.getPackageName().equals(entity.getPackageName());
                    if (!sameFeature) {
                        events.add(SimpleConditionEvent.violated(dependency, origin.getName() + " uses entity "
                                + entity.getSimpleName() + " of another feature: " + dependency.getDescription()));
                    }
                });
            }
        };
    }

    /** A deliberate violation, used only to prove the rule above can fail. */
    static class Offender {
        Object touch() {
            return new org.interviewpanel.questionbank.Question().key;
        }
    }
}
