package org.interviewpanel.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import jakarta.persistence.Entity;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;

/** Features reach each other through services, never through each other's entities (and so tables). */
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
