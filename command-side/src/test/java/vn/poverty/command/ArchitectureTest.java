package vn.poverty.command;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

@AnalyzeClasses(
        packages = {"vn.poverty.api", "vn.poverty.command"},
        importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule sharedApiDoesNotDependOnSpringOrJpa = noClasses()
            .that()
            .resideInAPackage("vn.poverty.api..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("org.springframework..", "jakarta.persistence..")
            .because("shared-api holds plain contracts: no Spring, no JPA");

    @ArchTest
    static final ArchRule sharedApiDoesNotDependOnEitherSide = noClasses()
            .that()
            .resideInAPackage("vn.poverty.api..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("vn.poverty.command..", "vn.poverty.query..", "vn.poverty.platform..")
            .because("the contracts are shared by both sides and by API clients");

    @ArchTest
    static final ArchRule commandSideDoesNotDependOnQuerySide = noClasses()
            .that()
            .resideInAPackage("vn.poverty.command..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("vn.poverty.query..")
            .because("the command side writes events; it never reads projections");

    @ArchTest
    static final ArchRule domainTakesNoTimeOrIdsFromTheEnvironment = noClasses()
            .that()
            .resideInAnyPackage(
                    "vn.poverty.command.household",
                    "vn.poverty.command.household.standard",
                    "vn.poverty.command.commune")
            .should()
            .callMethod(UUID.class, "randomUUID")
            .orShould()
            .callMethod(Instant.class, "now")
            .orShould()
            .callMethod(LocalDate.class, "now")
            .because("aggregates replay to the same state: time and ids come in on the command");
}
