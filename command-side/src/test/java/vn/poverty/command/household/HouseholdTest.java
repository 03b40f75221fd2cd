package vn.poverty.command.household;

import static vn.poverty.api.household.AssessmentKind.ADHOC;
import static vn.poverty.api.household.AssessmentKind.ANNUAL;
import static vn.poverty.api.household.HouseholdStatus.NEAR_POOR;
import static vn.poverty.api.household.HouseholdStatus.NOT_POOR;
import static vn.poverty.api.household.HouseholdStatus.POOR;
import static vn.poverty.api.household.HouseholdStatus.UNCLASSIFIED;

import java.time.LocalDate;
import java.util.List;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.axonframework.test.matchers.Matchers;
import org.hamcrest.Matcher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import vn.poverty.api.commune.AreaType;
import vn.poverty.api.error.FailureKind;
import vn.poverty.api.household.AssessmentCorrectedEvent;
import vn.poverty.api.household.AssessmentId;
import vn.poverty.api.household.AssessmentKind;
import vn.poverty.api.household.AssessmentRecognizedEvent;
import vn.poverty.api.household.AssessmentRecordedEvent;
import vn.poverty.api.household.AssessmentRecordedResponse;
import vn.poverty.api.household.CorrectAssessmentCommand;
import vn.poverty.api.household.HouseholdHead;
import vn.poverty.api.household.HouseholdId;
import vn.poverty.api.household.HouseholdRegisteredEvent;
import vn.poverty.api.household.HouseholdStatus;
import vn.poverty.api.household.RecognizeAssessmentCommand;
import vn.poverty.api.household.RecordAssessmentCommand;
import vn.poverty.api.household.StatusDecisionResponse;
import vn.poverty.command.household.standard.PovertyStandards;
import vn.poverty.command.shared.DomainException;

class HouseholdTest {

    private static final HouseholdId HOUSEHOLD = HouseholdId.of("7d3c1f0e-5b7a-4a52-9a55-0d8a3b1f6c21");
    private static final AssessmentId REVIEW_2023 = AssessmentId.of("assessment-2023");
    private static final AssessmentId REVIEW_2024 = AssessmentId.of("assessment-2024");
    private static final AssessmentId ADHOC_REVIEW = AssessmentId.of("assessment-adhoc");
    private static final String DECREE_07 = "DECREE_07_2021";
    private static final String DECISION_59 = "DECISION_59_2015";
    private static final List<String> THREE_DEPRIVATIONS = List.of("HEALTH_INSURANCE", "HOUSING_AREA", "SANITATION");

    private FixtureConfiguration<Household> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Household.class);
        fixture.registerInjectableResource(PovertyStandards.builtIn());
        fixture.registerInjectableResource(vn.poverty.platform.policy.PolicyCatalogue.builtIn());
    }

    // --- recording assessments ---------------------------------------------------------------------------------

    @Test
    void assessmentProposesAStatusUnderTheStandardOfItsPeriod() {
        fixture.given(registered(AreaType.RURAL))
                .when(assess(REVIEW_2023, 2023, ANNUAL, null, 1_400_000, THREE_DEPRIVATIONS))
                .expectSuccessfulHandlerExecution()
                .expectEvents(recorded(REVIEW_2023, 2023, ANNUAL, DECREE_07, 1_400_000, THREE_DEPRIVATIONS, POOR))
                .expectResultMessagePayload(new AssessmentRecordedResponse(REVIEW_2023, DECREE_07, POOR, 3));
    }

    @Test
    void householdWithFewerThanThreeDeprivationsUnderTheLineIsProposedNearPoor() {
        List<String> two = List.of("HEALTH_INSURANCE", "SANITATION");

        fixture.given(registered(AreaType.RURAL))
                .when(assess(REVIEW_2023, 2023, ANNUAL, null, 1_500_000, two))
                .expectEvents(recorded(REVIEW_2023, 2023, ANNUAL, DECREE_07, 1_500_000, two, NEAR_POOR))
                .expectResultMessagePayload(new AssessmentRecordedResponse(REVIEW_2023, DECREE_07, NEAR_POOR, 2));
    }

    @Test
    void incomeLineFollowsTheAreaTypeTheHouseholdWasRegisteredWith() {
        fixture.given(registered(AreaType.URBAN))
                .when(assess(REVIEW_2023, 2023, ANNUAL, null, 1_800_000, List.of()))
                .expectEvents(recorded(REVIEW_2023, 2023, ANNUAL, DECREE_07, 1_800_000, List.of(), NEAR_POOR))
                .expectResultMessagePayload(new AssessmentRecordedResponse(REVIEW_2023, DECREE_07, NEAR_POOR, 0));
    }

    @Test
    void periodUpTo2021IsAssessedUnderDecision59WithItsLowLine() {
        fixture.given(registered(AreaType.RURAL))
                .when(assess(REVIEW_2023, 2021, ANNUAL, null, 700_000, List.of("HEALTHCARE_ACCESS")))
                .expectEvents(
                        recorded(REVIEW_2023, 2021, ANNUAL, DECISION_59, 700_000, List.of("HEALTHCARE_ACCESS"), POOR))
                .expectResultMessagePayload(new AssessmentRecordedResponse(REVIEW_2023, DECISION_59, POOR, 1));
    }

    @Test
    void namedStandardOverridesTheDefaultOfThePeriod() {
        fixture.given(registered(AreaType.RURAL))
                .when(assess(REVIEW_2023, 2022, ANNUAL, DECISION_59, 1_200_000, List.of("HEALTHCARE_ACCESS")))
                .expectEvents(recorded(
                        REVIEW_2023, 2022, ANNUAL, DECISION_59, 1_200_000, List.of("HEALTHCARE_ACCESS"), NOT_POOR))
                .expectResultMessagePayload(new AssessmentRecordedResponse(REVIEW_2023, DECISION_59, NOT_POOR, 1));
    }

    @Test
    void secondAnnualAssessmentForThePeriodIsRefused() {
        fixture.given(registered(AreaType.RURAL), recordedPoor(REVIEW_2023, 2023, ANNUAL))
                .when(assess(REVIEW_2024, 2023, ANNUAL, null, 1_000_000, List.of()))
                .expectNoEvents()
                .expectException(DomainException.class)
                .expectException(failure(FailureKind.RULE_VIOLATION, "PERIOD_ALREADY_ASSESSED"));
    }

    @Test
    void adhocAssessmentIsAllowedForAnAlreadyAssessedPeriod() {
        fixture.given(registered(AreaType.RURAL), recordedPoor(REVIEW_2023, 2023, ANNUAL))
                .when(assess(ADHOC_REVIEW, 2023, ADHOC, null, 2_000_000, List.of()))
                .expectSuccessfulHandlerExecution()
                .expectEvents(recorded(ADHOC_REVIEW, 2023, ADHOC, DECREE_07, 2_000_000, List.of(), NOT_POOR));
    }

    @Test
    void adhocAssessmentDoesNotUseUpThePeriodsAnnualAssessment() {
        fixture.given(registered(AreaType.RURAL), recordedPoor(ADHOC_REVIEW, 2023, ADHOC))
                .when(assess(REVIEW_2023, 2023, ANNUAL, null, 1_400_000, THREE_DEPRIVATIONS))
                .expectSuccessfulHandlerExecution()
                .expectEvents(recorded(REVIEW_2023, 2023, ANNUAL, DECREE_07, 1_400_000, THREE_DEPRIVATIONS, POOR));
    }

    @Test
    void annualAssessmentOfTheNextPeriodIsAllowed() {
        fixture.given(registered(AreaType.RURAL), recordedPoor(REVIEW_2023, 2023, ANNUAL))
                .when(assess(REVIEW_2024, 2024, ANNUAL, null, 1_400_000, THREE_DEPRIVATIONS))
                .expectSuccessfulHandlerExecution()
                .expectEvents(recorded(REVIEW_2024, 2024, ANNUAL, DECREE_07, 1_400_000, THREE_DEPRIVATIONS, POOR));
    }

    @Test
    void reusingAnAssessmentIdIsAConflict() {
        fixture.given(registered(AreaType.RURAL), recordedPoor(REVIEW_2023, 2023, ANNUAL))
                .when(assess(REVIEW_2023, 2023, ADHOC, null, 1_400_000, List.of()))
                .expectNoEvents()
                .expectException(failure(FailureKind.CONFLICT, "ASSESSMENT_EXISTS"));
    }

    @Test
    void indicatorUnknownToTheStandardIsInvalid() {
        fixture.given(registered(AreaType.RURAL))
                .when(assess(REVIEW_2023, 2023, ANNUAL, null, 1_400_000, List.of("HEALTH_INSURANCE", "LOW_MORALE")))
                .expectNoEvents()
                .expectException(DomainException.class)
                .expectException(invalidField("deprivations"));
    }

    @Test
    void healthcareAccessIsInvalidUnderDecree07() {
        fixture.given(registered(AreaType.RURAL))
                .when(assess(REVIEW_2023, 2023, ANNUAL, null, 1_400_000, List.of("HEALTHCARE_ACCESS")))
                .expectNoEvents()
                .expectException(invalidField("deprivations"));
    }

    @Test
    void employmentIsInvalidUnderDecision59() {
        fixture.given(registered(AreaType.RURAL))
                .when(assess(REVIEW_2023, 2021, ANNUAL, null, 900_000, List.of("EMPLOYMENT")))
                .expectNoEvents()
                .expectException(invalidField("deprivations"));
    }

    @Test
    void indicatorListedTwiceIsInvalid() {
        fixture.given(registered(AreaType.RURAL))
                .when(assess(
                        REVIEW_2023,
                        2023,
                        ANNUAL,
                        null,
                        1_400_000,
                        List.of("SANITATION", "HOUSING_AREA", "SANITATION")))
                .expectNoEvents()
                .expectException(invalidField("deprivations"));
    }

    @Test
    void unknownStandardIsInvalid() {
        fixture.given(registered(AreaType.RURAL))
                .when(assess(REVIEW_2023, 2023, ANNUAL, "DECREE_99_2099", 1_400_000, List.of()))
                .expectNoEvents()
                .expectException(DomainException.class)
                .expectException(invalidField("standard"));
    }

    @Test
    void periodThatNoStandardGovernsIsRefused() {
        fixture.given(registered(AreaType.RURAL))
                .when(assess(REVIEW_2023, 2030, ANNUAL, null, 1_400_000, List.of()))
                .expectNoEvents()
                .expectException(DomainException.class)
                .expectException(failure(FailureKind.RULE_VIOLATION, "NO_STANDARD_FOR_PERIOD"));
    }

    @Test
    void periodThatNoStandardGovernsCanBeAssessedUnderANamedStandard() {
        fixture.given(registered(AreaType.RURAL))
                .when(assess(REVIEW_2023, 2030, ANNUAL, DECREE_07, 1_400_000, THREE_DEPRIVATIONS))
                .expectSuccessfulHandlerExecution()
                .expectEvents(recorded(REVIEW_2023, 2030, ANNUAL, DECREE_07, 1_400_000, THREE_DEPRIVATIONS, POOR));
    }

    // --- recognition -------------------------------------------------------------------------------------------

    @Test
    void firstRecognitionMovesTheHouseholdFromUnclassified() {
        fixture.given(registered(AreaType.RURAL), recordedPoor(REVIEW_2023, 2023, ANNUAL))
                .when(recognize(REVIEW_2023, "123/QĐ-UBND", "2022-12-15"))
                .expectEvents(recognized(REVIEW_2023, "123/QĐ-UBND", "2022-12-15", POOR, UNCLASSIFIED))
                .expectResultMessagePayload(new StatusDecisionResponse(POOR, UNCLASSIFIED, date("2022-12-15")));
    }

    @Test
    void laterRecognitionReportsTheStatusInForceBefore() {
        fixture.given(
                        registered(AreaType.RURAL),
                        recordedPoor(REVIEW_2023, 2023, ANNUAL),
                        recognized(REVIEW_2023, "123/QĐ-UBND", "2022-12-15", POOR, UNCLASSIFIED),
                        recorded(REVIEW_2024, 2024, ANNUAL, DECREE_07, 1_600_000, List.of(), NOT_POOR))
                .when(recognize(REVIEW_2024, "456/QĐ-UBND", "2023-12-20"))
                .expectEvents(recognized(REVIEW_2024, "456/QĐ-UBND", "2023-12-20", NOT_POOR, POOR))
                .expectResultMessagePayload(new StatusDecisionResponse(NOT_POOR, POOR, date("2023-12-20")));
    }

    @Test
    void recognitionDatedBeforeAnEarlierRecordedDecisionSeesOnlyWhatWasInForceOnItsDate() {
        fixture.given(
                        registered(AreaType.RURAL),
                        recorded(REVIEW_2024, 2024, ANNUAL, DECREE_07, 1_600_000, List.of(), NOT_POOR),
                        recognized(REVIEW_2024, "456/QĐ-UBND", "2023-12-20", NOT_POOR, UNCLASSIFIED),
                        recordedPoor(REVIEW_2023, 2023, ANNUAL))
                .when(recognize(REVIEW_2023, "123/QĐ-UBND", "2022-12-15"))
                .expectEvents(recognized(REVIEW_2023, "123/QĐ-UBND", "2022-12-15", POOR, UNCLASSIFIED));
    }

    @Test
    void secondRecognitionOfTheSameDateReportsTheFirstOneAsPrevious() {
        fixture.given(
                        registered(AreaType.RURAL),
                        recordedPoor(REVIEW_2023, 2023, ANNUAL),
                        recognized(REVIEW_2023, "123/QĐ-UBND", "2022-12-15", POOR, UNCLASSIFIED),
                        new AssessmentRecordedEvent(
                                HOUSEHOLD,
                                ADHOC_REVIEW,
                                2023,
                                ADHOC,
                                date("2022-12-10"),
                                DECREE_07,
                                1_600_000,
                                List.of(),
                                0,
                                NOT_POOR))
                .when(recognize(ADHOC_REVIEW, "124/QĐ-UBND", "2022-12-15"))
                .expectEvents(recognized(ADHOC_REVIEW, "124/QĐ-UBND", "2022-12-15", NOT_POOR, POOR));
    }

    @Test
    void recognitionOnTheAssessmentDateIsAllowed() {
        fixture.given(registered(AreaType.RURAL), recordedPoor(REVIEW_2023, 2023, ANNUAL))
                .when(recognize(REVIEW_2023, "123/QĐ-UBND", "2022-11-20"))
                .expectSuccessfulHandlerExecution()
                .expectEvents(recognized(REVIEW_2023, "123/QĐ-UBND", "2022-11-20", POOR, UNCLASSIFIED));
    }

    @Test
    void recognisingAnAssessmentTwiceIsAConflict() {
        fixture.given(
                        registered(AreaType.RURAL),
                        recordedPoor(REVIEW_2023, 2023, ANNUAL),
                        recognized(REVIEW_2023, "123/QĐ-UBND", "2022-12-15", POOR, UNCLASSIFIED))
                .when(recognize(REVIEW_2023, "124/QĐ-UBND", "2022-12-16"))
                .expectNoEvents()
                .expectException(DomainException.class)
                .expectException(failure(FailureKind.CONFLICT, "ALREADY_RECOGNISED"));
    }

    @Test
    void decisionDatedBeforeTheAssessmentIsRefused() {
        fixture.given(registered(AreaType.RURAL), recordedPoor(REVIEW_2023, 2023, ANNUAL))
                .when(recognize(REVIEW_2023, "123/QĐ-UBND", "2022-11-19"))
                .expectNoEvents()
                .expectException(DomainException.class)
                .expectException(failure(FailureKind.RULE_VIOLATION, "DECISION_BEFORE_ASSESSMENT"));
    }

    @Test
    void recognisingAnUnknownAssessmentIsNotFound() {
        fixture.given(registered(AreaType.RURAL), recordedPoor(REVIEW_2023, 2023, ANNUAL))
                .when(recognize(REVIEW_2024, "123/QĐ-UBND", "2022-12-15"))
                .expectNoEvents()
                .expectException(DomainException.class)
                .expectException(failure(FailureKind.NOT_FOUND, "ASSESSMENT_NOT_FOUND"));
    }

    // --- correction --------------------------------------------------------------------------------------------

    @Test
    void correctionAppliesFromTheOriginalDecisionDate() {
        fixture.given(
                        registered(AreaType.RURAL),
                        recordedPoor(REVIEW_2023, 2023, ANNUAL),
                        recognized(REVIEW_2023, "123/QĐ-UBND", "2022-12-15", POOR, UNCLASSIFIED))
                .when(correct(REVIEW_2023, 1_600_000, List.of("SANITATION"), "income misread", "130/QĐ-UBND"))
                .expectEvents(new AssessmentCorrectedEvent(
                        HOUSEHOLD,
                        REVIEW_2023,
                        1_600_000,
                        List.of("SANITATION"),
                        1,
                        NOT_POOR,
                        POOR,
                        date("2022-12-15"),
                        "income misread",
                        "130/QĐ-UBND"))
                .expectResultMessagePayload(new StatusDecisionResponse(NOT_POOR, POOR, date("2022-12-15")));
    }

    @Test
    void secondCorrectionReportsTheCorrectedStatusAsPrevious() {
        fixture.given(
                        registered(AreaType.RURAL),
                        recordedPoor(REVIEW_2023, 2023, ANNUAL),
                        recognized(REVIEW_2023, "123/QĐ-UBND", "2022-12-15", POOR, UNCLASSIFIED),
                        corrected(REVIEW_2023, 1_450_000, List.of("SANITATION"), NEAR_POOR, POOR, "2022-12-15"))
                .when(correct(REVIEW_2023, 1_600_000, List.of(), "second look", "131/QĐ-UBND"))
                .expectEvents(new AssessmentCorrectedEvent(
                        HOUSEHOLD,
                        REVIEW_2023,
                        1_600_000,
                        List.of(),
                        0,
                        NOT_POOR,
                        NEAR_POOR,
                        date("2022-12-15"),
                        "second look",
                        "131/QĐ-UBND"))
                .expectResultMessagePayload(new StatusDecisionResponse(NOT_POOR, NEAR_POOR, date("2022-12-15")));
    }

    @Test
    void laterRecognitionSeesTheCorrectedStatus() {
        fixture.given(
                        registered(AreaType.RURAL),
                        recordedPoor(REVIEW_2023, 2023, ANNUAL),
                        recognized(REVIEW_2023, "123/QĐ-UBND", "2022-12-15", POOR, UNCLASSIFIED),
                        corrected(REVIEW_2023, 1_450_000, List.of("SANITATION"), NEAR_POOR, POOR, "2022-12-15"),
                        recorded(REVIEW_2024, 2024, ANNUAL, DECREE_07, 1_600_000, List.of(), NOT_POOR))
                .when(recognize(REVIEW_2024, "456/QĐ-UBND", "2023-12-20"))
                .expectEvents(recognized(REVIEW_2024, "456/QĐ-UBND", "2023-12-20", NOT_POOR, NEAR_POOR));
    }

    @Test
    void correctionIsJudgedUnderTheStandardOfTheAssessment() {
        fixture.given(
                        registered(AreaType.URBAN),
                        recorded(REVIEW_2023, 2021, ANNUAL, DECISION_59, 1_000_000, List.of(), NEAR_POOR),
                        recognized(REVIEW_2023, "12/QĐ-UBND", "2020-12-15", NEAR_POOR, UNCLASSIFIED))
                .when(correct(REVIEW_2023, 850_000, List.of("HEALTHCARE_ACCESS"), "income misread", "13/QĐ-UBND"))
                .expectEvents(new AssessmentCorrectedEvent(
                        HOUSEHOLD,
                        REVIEW_2023,
                        850_000,
                        List.of("HEALTHCARE_ACCESS"),
                        1,
                        POOR,
                        NEAR_POOR,
                        date("2020-12-15"),
                        "income misread",
                        "13/QĐ-UBND"));
    }

    @Test
    void correctionWithAnIndicatorOutsideTheAssessmentsStandardIsInvalid() {
        fixture.given(
                        registered(AreaType.RURAL),
                        recorded(REVIEW_2023, 2021, ANNUAL, DECISION_59, 1_000_000, List.of(), NEAR_POOR),
                        recognized(REVIEW_2023, "12/QĐ-UBND", "2020-12-15", NEAR_POOR, UNCLASSIFIED))
                .when(correct(REVIEW_2023, 1_000_000, List.of("EMPLOYMENT"), "forgot one", "13/QĐ-UBND"))
                .expectNoEvents()
                .expectException(invalidField("deprivations"));
    }

    @Test
    void correctingAnUnrecognisedAssessmentIsAConflict() {
        fixture.given(registered(AreaType.RURAL), recordedPoor(REVIEW_2023, 2023, ANNUAL))
                .when(correct(REVIEW_2023, 1_600_000, List.of(), "income misread", "130/QĐ-UBND"))
                .expectNoEvents()
                .expectException(DomainException.class)
                .expectException(failure(FailureKind.CONFLICT, "NOT_RECOGNISED"));
    }

    @Test
    void correctingAnUnknownAssessmentIsNotFound() {
        fixture.given(registered(AreaType.RURAL))
                .when(correct(REVIEW_2023, 1_600_000, List.of(), "income misread", "130/QĐ-UBND"))
                .expectNoEvents()
                .expectException(failure(FailureKind.NOT_FOUND, "ASSESSMENT_NOT_FOUND"));
    }

    // --- test data ---------------------------------------------------------------------------------------------

    private static LocalDate date(String iso) {
        return LocalDate.parse(iso);
    }

    private static HouseholdRegisteredEvent registered(AreaType areaType) {
        return new HouseholdRegisteredEvent(
                HOUSEHOLD,
                "C01",
                "Ấp 3",
                areaType,
                new HouseholdHead("Nguyễn Văn An", "087123456789", 1971),
                4,
                false,
                false,
                date("2021-03-01"));
    }

    /** The review of late in the year before the period, e.g. 2022-11-20 for period 2023. */
    private static LocalDate reviewDateOf(int period) {
        return LocalDate.of(period - 1, 11, 20);
    }

    private static RecordAssessmentCommand assess(
            AssessmentId id, int period, AssessmentKind kind, String standard, long income, List<String> deprivations) {
        return new RecordAssessmentCommand(
                HOUSEHOLD, id, period, kind, reviewDateOf(period), standard, income, deprivations);
    }

    private static AssessmentRecordedEvent recorded(
            AssessmentId id,
            int period,
            AssessmentKind kind,
            String standard,
            long income,
            List<String> deprivations,
            HouseholdStatus proposed) {
        return new AssessmentRecordedEvent(
                HOUSEHOLD,
                id,
                period,
                kind,
                reviewDateOf(period),
                standard,
                income,
                deprivations,
                deprivations.size(),
                proposed);
    }

    private static AssessmentRecordedEvent recordedPoor(AssessmentId id, int period, AssessmentKind kind) {
        return recorded(id, period, kind, DECREE_07, 1_400_000, THREE_DEPRIVATIONS, POOR);
    }

    private static RecognizeAssessmentCommand recognize(AssessmentId id, String decisionRef, String decidedOn) {
        return new RecognizeAssessmentCommand(HOUSEHOLD, id, decisionRef, date(decidedOn));
    }

    private static AssessmentRecognizedEvent recognized(
            AssessmentId id, String decisionRef, String decidedOn, HouseholdStatus status, HouseholdStatus previous) {
        return new AssessmentRecognizedEvent(HOUSEHOLD, id, decisionRef, date(decidedOn), status, previous);
    }

    private static CorrectAssessmentCommand correct(
            AssessmentId id, long income, List<String> deprivations, String reason, String decisionRef) {
        return new CorrectAssessmentCommand(HOUSEHOLD, id, income, deprivations, reason, decisionRef);
    }

    private static AssessmentCorrectedEvent corrected(
            AssessmentId id,
            long income,
            List<String> deprivations,
            HouseholdStatus status,
            HouseholdStatus previous,
            String effectiveFrom) {
        return new AssessmentCorrectedEvent(
                HOUSEHOLD,
                id,
                income,
                deprivations,
                deprivations.size(),
                status,
                previous,
                date(effectiveFrom),
                "correction",
                "100/QĐ-UBND");
    }

    private static Matcher<Throwable> failure(FailureKind kind, String code) {
        return Matchers.predicate(e -> e instanceof DomainException domain
                && domain.failure().kind() == kind
                && code.equals(domain.failure().code()));
    }

    private static Matcher<Throwable> invalidField(String field) {
        return Matchers.predicate(e -> e instanceof DomainException domain
                && domain.failure().kind() == FailureKind.VALIDATION
                && field.equals(domain.failure().field()));
    }
}
