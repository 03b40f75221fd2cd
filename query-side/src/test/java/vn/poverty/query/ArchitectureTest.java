package vn.poverty.query;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** STYLE.md "Tests": the query side never depends on the command side; shared-api never on Spring or JPA. */
class ArchitectureTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("vn.poverty.query", "vn.poverty.api");

    @Test
    void querySideNeverDependsOnTheCommandSide() {
        noClasses()
                .that()
                .resideInAPackage("vn.poverty.query..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("vn.poverty.command..")
                .check(CLASSES);
    }

    @Test
    void sharedApiNeverDependsOnSpringOrJpa() {
        noClasses()
                .that()
                .resideInAPackage("vn.poverty.api..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.springframework..", "jakarta.persistence..")
                .check(CLASSES);
    }
}
