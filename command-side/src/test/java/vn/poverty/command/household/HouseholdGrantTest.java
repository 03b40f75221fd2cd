package vn.poverty.command.household;

import static vn.poverty.api.household.AssessmentKind.ADHOC;
import static vn.poverty.api.household.HouseholdStatus.NEAR_POOR;
import static vn.poverty.api.household.HouseholdStatus.NOT_POOR;
import static vn.poverty.api.household.HouseholdStatus.POOR;

import java.time.LocalDate;
import java.util.ArrayList;
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
import vn.poverty.api.household.AssessmentRecognizedEvent;
import vn.poverty.api.household.AssessmentRecordedEvent;
import vn.poverty.api.household.CorrectAssessmentCommand;
import vn.poverty.api.household.GrantEndedEvent;
import vn.poverty.api.household.GrantId;
import vn.poverty.api.household.GrantPolicyCommand;
import vn.poverty.api.household.GrantRevokedEvent;
import vn.poverty.api.household.GrantRevokedResponse;
import vn.poverty.api.household.HouseholdHead;
import vn.poverty.api.household.HouseholdId;
import vn.poverty.api.household.HouseholdRegisteredEvent;
import vn.poverty.api.household.HouseholdStatus;
import vn.poverty.api.household.PolicyGrantedEvent;
import vn.poverty.api.household.PolicyGrantedResponse;
import vn.poverty.api.household.RecognizeAssessmentCommand;
import vn.poverty.api.household.RevokeGrantCommand;
import vn.poverty.command.household.standard.PovertyStandards;
import vn.poverty.command.shared.DomainException;
import vn.poverty.platform.policy.PolicyCatalogue;

/**
 * Policy grants on the household (DESIGN.md §3 "Policies"): entitlement on the start date, overlap, revocation, and
 * the automatic end of grants a recognition leaves the household no longer entitled to, whichever was recorded first.
 */
class HouseholdGrantTest {

    private static final HouseholdId HOUSEHOLD = HouseholdId.of("5b0f6f5e-2c1d-4c57-8d1e-6a7b9c0d1e2f");
    private static final GrantId GRANT = GrantId.of("grant-1");
    private static final GrantId SECOND_GRANT = GrantId.of("grant-2");
    private static final GrantId THIRD_GRANT = GrantId.of("grant-3");
    private static final String HEALTH_INSURANCE_FULL = "HEALTH_INSURANCE_FULL";
    private static final String ELECTRICITY_SUPPORT = "ELECTRICITY_SUPPORT";
    private static final String LEGAL_AID = "LEGAL_AID";
    private static final String VOCATIONAL_TRAINING = "VOCATIONAL_TRAINING";
    private static final String GRANT_REF = "77/QĐ-UBND";

    private FixtureConfiguration<Household> fixture;
    /** Each decision of a test names its own assessment. */
    private int assessments;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Household.class);
        fixture.registerInjectableResource(PovertyStandards.builtIn());
        fixture.registerInjectableResource(PolicyCatalogue.builtIn());
    }

    // --- granting ----------------------------------------------------------------------------------------------

    @Test
    void poorHouseholdIsGrantedFullHealthInsurance() {
        fixture.given(history(registered(), decided(POOR, "2022-12-15")))
                .when(grant(GRANT, HEALTH_INSURANCE_FULL, "2023-01-01", "2023-12-31"))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new PolicyGrantedEvent(
                        HOUSEHOLD,
                        GRANT,
                        HEALTH_INSURANCE_FULL,
                        date("2023-01-01"),
                        date("2023-12-31"),
                        GRANT_REF,
                        1_250_000))
                .expectResultMessagePayload(new PolicyGrantedResponse(GRANT));
    }

    @Test
    void grantStartingOnTheDecisionDateIsAllowed() {
        fixture.given(history(registered(), decided(POOR, "2023-01-01")))
                .when(grant(GRANT, HEALTH_INSURANCE_FULL, "2023-01-01", "2023-12-31"))
                .expectEvents(granted(GRANT, HEALTH_INSURANCE_FULL, "2023-01-01", "2023-12-31"));
    }

    @Test
    void cannotGrantFullHealthInsuranceToNearPoorHousehold() {
        fixture.given(history(registered(), decided(NEAR_POOR, "2022-12-15")))
                .when(grant(GRANT, HEALTH_INSURANCE_FULL, "2023-01-01", "2023-12-31"))
                .expectNoEvents()
                .expectException(DomainException.class)
                .expectException(failure(FailureKind.RULE_VIOLATION, "NOT_ENTITLED"));
    }

    @Test
    void nearPoorHouseholdIsGrantedPartialHealthInsurance() {
        fixture.given(history(registered(), decided(NEAR_POOR, "2022-12-15")))
                .when(grant(GRANT, "HEALTH_INSURANCE_PARTIAL", "2023-01-01", "2023-12-31"))
                .expectEvents(granted(GRANT, "HEALTH_INSURANCE_PARTIAL", "2023-01-01", "2023-12-31"));
    }

    @Test
    void cannotGrantToAnUnclassifiedHousehold() {
        fixture.given(registered())
                .when(grant(GRANT, LEGAL_AID, "2023-01-01", "2023-12-31"))
                .expectNoEvents()
                .expectException(failure(FailureKind.RULE_VIOLATION, "NOT_ENTITLED"));
    }

    @Test
    void entitlementIsJudgedOnTheStartDateNotLater() {
        // POOR only from 10 January: on 1 January the household was still unclassified
        fixture.given(history(registered(), decided(POOR, "2023-01-10")))
                .when(grant(GRANT, HEALTH_INSURANCE_FULL, "2023-01-01", "2023-12-31"))
                .expectNoEvents()
                .expectException(failure(FailureKind.RULE_VIOLATION, "NOT_ENTITLED"));
    }

    @Test
    void entitlementIsJudgedOnTheStartDateNotOnTheLatestDecision() {
        // POOR on the start date; the household has escaped since, which the grant's start does not see
        fixture.given(history(registered(), decided(POOR, "2022-12-15"), decided(NOT_POOR, "2023-12-15")))
                .when(grant(GRANT, HEALTH_INSURANCE_FULL, "2023-01-01", "2023-03-31"))
                .expectEvents(granted(GRANT, HEALTH_INSURANCE_FULL, "2023-01-01", "2023-03-31"));
    }

    @Test
    void newlyEscapedHouseholdIsGrantedVocationalTraining() {
        fixture.given(history(registered(), decided(POOR, "2021-12-15"), decided(NOT_POOR, "2022-12-15")))
                .when(grant(GRANT, VOCATIONAL_TRAINING, "2023-01-01", "2023-12-31"))
                .expectEvents(granted(GRANT, VOCATIONAL_TRAINING, "2023-01-01", "2023-12-31"));
    }

    @Test
    void cannotGrantFullHealthInsuranceToNewlyEscapedHousehold() {
        fixture.given(history(registered(), decided(POOR, "2021-12-15"), decided(NOT_POOR, "2022-12-15")))
                .when(grant(GRANT, HEALTH_INSURANCE_FULL, "2023-01-01", "2023-12-31"))
                .expectNoEvents()
                .expectException(failure(FailureKind.RULE_VIOLATION, "NOT_ENTITLED"));
    }

    @Test
    void householdThatEscapedThirtySixMonthsBeforeTheStartIsNoLongerNewlyEscaped() {
        fixture.given(history(registered(), decided(POOR, "2019-12-15"), decided(NOT_POOR, "2020-01-01")))
                .when(grant(GRANT, VOCATIONAL_TRAINING, "2023-01-01", "2023-12-31"))
                .expectNoEvents()
                .expectException(failure(FailureKind.RULE_VIOLATION, "NOT_ENTITLED"));
    }

    @Test
    void householdThatEscapedThirtySixMonthsLessADayBeforeTheStartIsStillNewlyEscaped() {
        fixture.given(history(registered(), decided(POOR, "2019-12-15"), decided(NOT_POOR, "2020-01-01")))
                .when(grant(GRANT, VOCATIONAL_TRAINING, "2022-12-31", "2023-12-31"))
                .expectEvents(granted(GRANT, VOCATIONAL_TRAINING, "2022-12-31", "2023-12-31"));
    }

    @Test
    void neverPoorHouseholdIsNotNewlyEscaped() {
        fixture.given(history(registered(), decided(NOT_POOR, "2022-12-15")))
                .when(grant(GRANT, VOCATIONAL_TRAINING, "2023-01-01", "2023-12-31"))
                .expectNoEvents()
                .expectException(failure(FailureKind.RULE_VIOLATION, "NOT_ENTITLED"));
    }

    @Test
    void unknownPolicyCodeIsInvalid() {
        fixture.given(history(registered(), decided(POOR, "2022-12-15")))
                .when(grant(GRANT, "FREE_LUNCH", "2023-01-01", "2023-12-31"))
                .expectNoEvents()
                .expectException(DomainException.class)
                .expectException(invalidField("policyCode"));
    }

    @Test
    void validToBeforeValidFromIsInvalid() {
        fixture.given(history(registered(), decided(POOR, "2022-12-15")))
                .when(grant(GRANT, HEALTH_INSURANCE_FULL, "2023-12-31", "2023-01-01"))
                .expectNoEvents()
                .expectException(invalidField("validTo"));
    }

    @Test
    void oneDayGrantIsAllowed() {
        fixture.given(history(registered(), decided(POOR, "2022-12-15")))
                .when(grant(GRANT, LEGAL_AID, "2023-03-01", "2023-03-01"))
                .expectEvents(granted(GRANT, LEGAL_AID, "2023-03-01", "2023-03-01"));
    }

    @Test
    void reusingAGrantIdIsAConflict() {
        fixture.given(history(
                        registered(),
                        decided(POOR, "2022-12-15"),
                        granted(GRANT, HEALTH_INSURANCE_FULL, "2023-01-01", "2023-12-31")))
                .when(grant(GRANT, LEGAL_AID, "2023-01-01", "2023-12-31"))
                .expectNoEvents()
                .expectException(failure(FailureKind.CONFLICT, "GRANT_EXISTS"));
    }

    // --- overlap -----------------------------------------------------------------------------------------------

    @Test
    void grantOverlappingTheLastDayOfAnotherOfThePolicyIsRefused() {
        fixture.given(history(
                        registered(),
                        decided(POOR, "2022-12-15"),
                        granted(GRANT, HEALTH_INSURANCE_FULL, "2023-01-01", "2023-12-31")))
                .when(grant(SECOND_GRANT, HEALTH_INSURANCE_FULL, "2023-12-31", "2024-12-31"))
                .expectNoEvents()
                .expectException(failure(FailureKind.RULE_VIOLATION, "OVERLAPPING_GRANT"));
    }

    @Test
    void grantOverlappingTheFirstDayOfAnotherOfThePolicyIsRefused() {
        fixture.given(history(
                        registered(),
                        decided(POOR, "2022-12-15"),
                        granted(GRANT, HEALTH_INSURANCE_FULL, "2023-06-01", "2023-12-31")))
                .when(grant(SECOND_GRANT, HEALTH_INSURANCE_FULL, "2023-01-01", "2023-06-01"))
                .expectNoEvents()
                .expectException(failure(FailureKind.RULE_VIOLATION, "OVERLAPPING_GRANT"));
    }

    @Test
    void grantInsideAnotherOfThePolicyIsRefused() {
        fixture.given(history(
                        registered(),
                        decided(POOR, "2022-12-15"),
                        granted(GRANT, HEALTH_INSURANCE_FULL, "2023-01-01", "2023-12-31")))
                .when(grant(SECOND_GRANT, HEALTH_INSURANCE_FULL, "2023-03-01", "2023-03-31"))
                .expectNoEvents()
                .expectException(failure(FailureKind.RULE_VIOLATION, "OVERLAPPING_GRANT"));
    }

    @Test
    void grantEnclosingAnotherOfThePolicyIsRefused() {
        fixture.given(history(
                        registered(),
                        decided(POOR, "2022-12-15"),
                        granted(GRANT, HEALTH_INSURANCE_FULL, "2023-03-01", "2023-03-31")))
                .when(grant(SECOND_GRANT, HEALTH_INSURANCE_FULL, "2023-01-01", "2023-12-31"))
                .expectNoEvents()
                .expectException(failure(FailureKind.RULE_VIOLATION, "OVERLAPPING_GRANT"));
    }

    @Test
    void adjacentGrantOfThePolicyIsAllowed() {
        fixture.given(history(
                        registered(),
                        decided(POOR, "2022-12-15"),
                        granted(GRANT, HEALTH_INSURANCE_FULL, "2023-01-01", "2023-12-31")))
                .when(grant(SECOND_GRANT, HEALTH_INSURANCE_FULL, "2024-01-01", "2024-12-31"))
                .expectEvents(granted(SECOND_GRANT, HEALTH_INSURANCE_FULL, "2024-01-01", "2024-12-31"));
    }

    @Test
    void adjacentGrantBeforeAnotherOfThePolicyIsAllowed() {
        fixture.given(history(
                        registered(),
                        decided(POOR, "2022-12-15"),
                        granted(GRANT, HEALTH_INSURANCE_FULL, "2024-01-01", "2024-12-31")))
                .when(grant(SECOND_GRANT, HEALTH_INSURANCE_FULL, "2023-01-01", "2023-12-31"))
                .expectEvents(granted(SECOND_GRANT, HEALTH_INSURANCE_FULL, "2023-01-01", "2023-12-31"));
    }

    @Test
    void grantsOfDifferentPoliciesMayCoverTheSameDays() {
        fixture.given(history(
                        registered(),
                        decided(POOR, "2022-12-15"),
                        granted(GRANT, HEALTH_INSURANCE_FULL, "2023-01-01", "2023-12-31")))
                .when(grant(SECOND_GRANT, ELECTRICITY_SUPPORT, "2023-01-01", "2023-12-31"))
                .expectEvents(granted(SECOND_GRANT, ELECTRICITY_SUPPORT, "2023-01-01", "2023-12-31"));
    }

    @Test
    void grantOverTheDaysLeftByARevocationIsAllowedFromTheRevocationDate() {
        fixture.given(history(
                        registered(),
                        decided(POOR, "2022-12-15"),
                        granted(GRANT, HEALTH_INSURANCE_FULL, "2023-01-01", "2023-12-31"),
                        revoked(GRANT, "2023-07-01")))
                .when(grant(SECOND_GRANT, HEALTH_INSURANCE_FULL, "2023-07-01", "2024-06-30"))
                .expectEvents(granted(SECOND_GRANT, HEALTH_INSURANCE_FULL, "2023-07-01", "2024-06-30"));
    }

    @Test
    void grantOverlappingTheDaysARevokedGrantWasStillActiveIsRefused() {
        fixture.given(history(
                        registered(),
                        decided(POOR, "2022-12-15"),
                        granted(GRANT, HEALTH_INSURANCE_FULL, "2023-01-01", "2023-12-31"),
                        revoked(GRANT, "2023-07-01")))
                .when(grant(SECOND_GRANT, HEALTH_INSURANCE_FULL, "2023-06-30", "2024-06-30"))
                .expectNoEvents()
                .expectException(failure(FailureKind.RULE_VIOLATION, "OVERLAPPING_GRANT"));
    }

    @Test
    void grantRevokedOnItsFirstDayLeavesAllItsDaysFree() {
        fixture.given(history(
                        registered(),
                        decided(POOR, "2022-12-15"),
                        granted(GRANT, HEALTH_INSURANCE_FULL, "2023-01-01", "2023-12-31"),
                        revoked(GRANT, "2023-01-01")))
                .when(grant(SECOND_GRANT, HEALTH_INSURANCE_FULL, "2023-01-01", "2023-12-31"))
                .expectEvents(granted(SECOND_GRANT, HEALTH_INSURANCE_FULL, "2023-01-01", "2023-12-31"));
    }

    @Test
    void grantOverTheDaysLeftByAnAutomaticEndIsAllowed() {
        // ended when the household escaped on 15 June; poor again from 1 September
        fixture.given(history(
                        registered(),
                        decided(POOR, "2022-12-15"),
                        granted(GRANT, HEALTH_INSURANCE_FULL, "2023-01-01", "2023-12-31"),
                        decided(NOT_POOR, "2023-06-15"),
                        ended(GRANT, HEALTH_INSURANCE_FULL, "2023-06-15", NOT_POOR),
                        decided(POOR, "2023-09-01")))
                .when(grant(SECOND_GRANT, HEALTH_INSURANCE_FULL, "2023-09-01", "2023-12-31"))
                .expectEvents(granted(SECOND_GRANT, HEALTH_INSURANCE_FULL, "2023-09-01", "2023-12-31"));
    }

    // --- revocation --------------------------------------------------------------------------------------------

    @Test
    void grantIsRevokedFromADateWithinItsValidity() {
        fixture.given(history(
                        registered(),
                        decided(POOR, "2022-12-15"),
                        granted(GRANT, HEALTH_INSURANCE_FULL, "2023-01-01", "2023-12-31")))
                .when(revoke(GRANT, "2023-07-01"))
                .expectSuccessfulHandlerExecution()
                .expectEvents(revoked(GRANT, "2023-07-01"))
                .expectResultMessagePayload(new GrantRevokedResponse(GRANT, date("2023-07-01")));
    }

    @Test
    void grantMayBeRevokedOnItsFirstDay() {
        fixture.given(history(
                        registered(),
                        decided(POOR, "2022-12-15"),
                        granted(GRANT, HEALTH_INSURANCE_FULL, "2023-01-01", "2023-12-31")))
                .when(revoke(GRANT, "2023-01-01"))
                .expectEvents(revoked(GRANT, "2023-01-01"));
    }

    @Test
    void grantMayBeRevokedOnItsLastDay() {
        fixture.given(history(
                        registered(),
                        decided(POOR, "2022-12-15"),
                        granted(GRANT, HEALTH_INSURANCE_FULL, "2023-01-01", "2023-12-31")))
                .when(revoke(GRANT, "2023-12-31"))
                .expectEvents(revoked(GRANT, "2023-12-31"));
    }

    @Test
    void revocationBeforeTheGrantStartsIsRefused() {
        fixture.given(history(
                        registered(),
                        decided(POOR, "2022-12-15"),
                        granted(GRANT, HEALTH_INSURANCE_FULL, "2023-01-01", "2023-12-31")))
                .when(revoke(GRANT, "2022-12-31"))
                .expectNoEvents()
                .expectException(failure(FailureKind.RULE_VIOLATION, "REVOCATION_OUTSIDE_VALIDITY"));
    }

    @Test
    void revocationAfterTheGrantRanOutIsRefused() {
        fixture.given(history(
                        registered(),
                        decided(POOR, "2022-12-15"),
                        granted(GRANT, HEALTH_INSURANCE_FULL, "2023-01-01", "2023-12-31")))
                .when(revoke(GRANT, "2024-01-01"))
                .expectNoEvents()
                .expectException(failure(FailureKind.RULE_VIOLATION, "REVOCATION_OUTSIDE_VALIDITY"));
    }

    @Test
    void revokingTwiceIsAConflict() {
        fixture.given(history(
                        registered(),
                        decided(POOR, "2022-12-15"),
                        granted(GRANT, HEALTH_INSURANCE_FULL, "2023-01-01", "2023-12-31"),
                        revoked(GRANT, "2023-07-01")))
                .when(revoke(GRANT, "2023-07-01"))
                .expectNoEvents()
                .expectException(DomainException.class)
                .expectException(failure(FailureKind.CONFLICT, "GRANT_ALREADY_ENDED"));
    }

    @Test
    void revokingAfterAnEarlierRevocationIsAConflict() {
        fixture.given(history(
                        registered(),
                        decided(POOR, "2022-12-15"),
                        granted(GRANT, HEALTH_INSURANCE_FULL, "2023-01-01", "2023-12-31"),
                        revoked(GRANT, "2023-07-01")))
                .when(revoke(GRANT, "2023-09-01"))
                .expectNoEvents()
                .expectException(failure(FailureKind.CONFLICT, "GRANT_ALREADY_ENDED"));
    }

    @Test
    void revokingAGrantThatEndedAutomaticallyIsAConflict() {
        fixture.given(history(
                        registered(),
                        decided(POOR, "2022-12-15"),
                        granted(GRANT, HEALTH_INSURANCE_FULL, "2023-01-01", "2023-12-31"),
                        decided(NOT_POOR, "2023-06-15"),
                        ended(GRANT, HEALTH_INSURANCE_FULL, "2023-06-15", NOT_POOR)))
                .when(revoke(GRANT, "2023-08-01"))
                .expectNoEvents()
                .expectException(failure(FailureKind.CONFLICT, "GRANT_ALREADY_ENDED"));
    }

    @Test
    void revokingAnUnknownGrantIsNotFound() {
        fixture.given(history(
                        registered(),
                        decided(POOR, "2022-12-15"),
                        granted(GRANT, HEALTH_INSURANCE_FULL, "2023-01-01", "2023-12-31")))
                .when(revoke(SECOND_GRANT, "2023-07-01"))
                .expectNoEvents()
                .expectException(DomainException.class)
                .expectException(failure(FailureKind.NOT_FOUND, "GRANT_NOT_FOUND"));
    }

    // --- automatic ending --------------------------------------------------------------------------------------

    @Test
    void escapingPovertyEndsFullHealthInsuranceOnTheDecisionDate() {
        AssessmentId escape = nextAssessment();
        fixture.given(history(
                        registered(),
                        decided(POOR, "2022-12-15"),
                        granted(GRANT, HEALTH_INSURANCE_FULL, "2023-01-01", "2023-12-31"),
                        List.of(recorded(escape, NOT_POOR, "2023-06-01"))))
                .when(recognize(escape, "2023-06-15"))
                .expectEvents(
                        recognized(escape, "2023-06-15", NOT_POOR, POOR),
                        new GrantEndedEvent(
                                HOUSEHOLD,
                                GRANT,
                                HEALTH_INSURANCE_FULL,
                                date("2023-06-15"),
                                NOT_POOR,
                                decisionRef(escape)));
    }

    @Test
    void becomingNearPoorEndsThePoorOnlyGrantsAndKeepsLegalAid() {
        AssessmentId review = nextAssessment();
        fixture.given(history(
                        registered(),
                        decided(POOR, "2022-12-15"),
                        granted(GRANT, HEALTH_INSURANCE_FULL, "2023-01-01", "2023-12-31"),
                        granted(SECOND_GRANT, LEGAL_AID, "2023-01-01", "2023-12-31"),
                        granted(THIRD_GRANT, ELECTRICITY_SUPPORT, "2023-01-01", "2023-12-31"),
                        List.of(recorded(review, NEAR_POOR, "2023-06-01"))))
                .when(recognize(review, "2023-06-15"))
                .expectEvents(
                        recognized(review, "2023-06-15", NEAR_POOR, POOR),
                        new GrantEndedEvent(
                                HOUSEHOLD,
                                GRANT,
                                HEALTH_INSURANCE_FULL,
                                date("2023-06-15"),
                                NEAR_POOR,
                                decisionRef(review)),
                        new GrantEndedEvent(
                                HOUSEHOLD,
                                THIRD_GRANT,
                                ELECTRICITY_SUPPORT,
                                date("2023-06-15"),
                                NEAR_POOR,
                                decisionRef(review)));
    }

    @Test
    void escapingPovertyKeepsVocationalTrainingForTheNewlyEscaped() {
        AssessmentId escape = nextAssessment();
        fixture.given(history(
                        registered(),
                        decided(POOR, "2022-12-15"),
                        granted(GRANT, VOCATIONAL_TRAINING, "2023-01-01", "2024-12-31"),
                        granted(SECOND_GRANT, HEALTH_INSURANCE_FULL, "2023-01-01", "2023-12-31"),
                        List.of(recorded(escape, NOT_POOR, "2023-06-01"))))
                .when(recognize(escape, "2023-06-15"))
                .expectEvents(
                        recognized(escape, "2023-06-15", NOT_POOR, POOR),
                        new GrantEndedEvent(
                                HOUSEHOLD,
                                SECOND_GRANT,
                                HEALTH_INSURANCE_FULL,
                                date("2023-06-15"),
                                NOT_POOR,
                                decisionRef(escape)));
    }

    @Test
    void grantRecordedAfterAnEscapeDatedWithinItsValidityEndsAtOnce() {
        // the same facts as escapingPovertyEndsFullHealthInsuranceOnTheDecisionDate, recorded the other way round
        AssessmentId escape = nextAssessment();
        fixture.given(history(
                        registered(),
                        decided(POOR, "2022-12-15"),
                        List.of(
                                recorded(escape, NOT_POOR, "2023-06-01"),
                                recognized(escape, "2023-06-15", NOT_POOR, POOR))))
                .when(grant(GRANT, HEALTH_INSURANCE_FULL, "2023-01-01", "2023-12-31"))
                .expectSuccessfulHandlerExecution()
                .expectEvents(
                        granted(GRANT, HEALTH_INSURANCE_FULL, "2023-01-01", "2023-12-31"),
                        new GrantEndedEvent(
                                HOUSEHOLD,
                                GRANT,
                                HEALTH_INSURANCE_FULL,
                                date("2023-06-15"),
                                NOT_POOR,
                                decisionRef(escape)))
                .expectResultMessagePayload(new PolicyGrantedResponse(GRANT));
    }

    @Test
    void decisionDatedAfterTheGrantRanOutDoesNotEndIt() {
        AssessmentId escape = nextAssessment();
        fixture.given(history(
                        registered(),
                        decided(POOR, "2022-12-15"),
                        granted(GRANT, HEALTH_INSURANCE_FULL, "2023-01-01", "2023-12-31"),
                        List.of(recorded(escape, NOT_POOR, "2023-12-01"))))
                .when(recognize(escape, "2024-01-01"))
                .expectEvents(recognized(escape, "2024-01-01", NOT_POOR, POOR));
    }

    @Test
    void grantRecordedAfterAnEscapeDatedAfterItsValidityIsNotEnded() {
        fixture.given(history(registered(), decided(POOR, "2022-12-15"), decided(NOT_POOR, "2024-01-01")))
                .when(grant(GRANT, HEALTH_INSURANCE_FULL, "2023-01-01", "2023-12-31"))
                .expectEvents(granted(GRANT, HEALTH_INSURANCE_FULL, "2023-01-01", "2023-12-31"));
    }

    @Test
    void decisionOnTheGrantsLastDayEndsItThatDay() {
        AssessmentId escape = nextAssessment();
        fixture.given(history(
                        registered(),
                        decided(POOR, "2022-12-15"),
                        granted(GRANT, HEALTH_INSURANCE_FULL, "2023-01-01", "2023-12-31"),
                        List.of(recorded(escape, NOT_POOR, "2023-12-01"))))
                .when(recognize(escape, "2023-12-31"))
                .expectEvents(
                        recognized(escape, "2023-12-31", NOT_POOR, POOR),
                        new GrantEndedEvent(
                                HOUSEHOLD,
                                GRANT,
                                HEALTH_INSURANCE_FULL,
                                date("2023-12-31"),
                                NOT_POOR,
                                decisionRef(escape)));
    }

    @Test
    void decisionThatKeepsTheEntitlementDoesNotEndTheGrant() {
        AssessmentId review = nextAssessment();
        fixture.given(history(
                        registered(),
                        decided(POOR, "2022-12-15"),
                        granted(GRANT, LEGAL_AID, "2023-01-01", "2023-12-31"),
                        List.of(recorded(review, NEAR_POOR, "2023-06-01"))))
                .when(recognize(review, "2023-06-15"))
                .expectEvents(recognized(review, "2023-06-15", NEAR_POOR, POOR));
    }

    @Test
    void correctionNeverEndsAGrant() {
        // the 2023 review (POOR, decided within the grant's validity) is corrected to NOT_POOR
        AssessmentId review = nextAssessment();
        fixture.given(history(
                        registered(),
                        decided(POOR, "2022-12-15"),
                        granted(GRANT, HEALTH_INSURANCE_FULL, "2023-01-01", "2023-12-31"),
                        List.of(recorded(review, POOR, "2023-06-01"), recognized(review, "2023-06-15", POOR, POOR))))
                .when(new CorrectAssessmentCommand(
                        HOUSEHOLD, review, 1_600_000, List.of(), "income misread", "130/QĐ-UBND"))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new AssessmentCorrectedEvent(
                        HOUSEHOLD,
                        review,
                        1_600_000,
                        List.of(),
                        0,
                        NOT_POOR,
                        POOR,
                        date("2023-06-15"),
                        "income misread",
                        "130/QĐ-UBND"));
    }

    @Test
    void grantOfAnotherPolicyAfterACorrectionDoesNotEndTheGrantTheCorrectionSpared() {
        // had LEGAL_AID been granted before the correction, HEALTH_INSURANCE_FULL would not have ended either
        AssessmentId review = nextAssessment();
        fixture.given(history(
                        registered(),
                        decided(POOR, "2022-12-15"),
                        granted(GRANT, HEALTH_INSURANCE_FULL, "2023-01-01", "2023-12-31"),
                        List.of(
                                recorded(review, POOR, "2023-06-01"),
                                recognized(review, "2023-06-15", POOR, POOR),
                                new AssessmentCorrectedEvent(
                                        HOUSEHOLD,
                                        review,
                                        1_450_000,
                                        List.of("SANITATION"),
                                        1,
                                        NEAR_POOR,
                                        POOR,
                                        date("2023-06-15"),
                                        "income misread",
                                        "130/QĐ-UBND"))))
                .when(grant(SECOND_GRANT, LEGAL_AID, "2023-07-01", "2023-12-31"))
                .expectEvents(granted(SECOND_GRANT, LEGAL_AID, "2023-07-01", "2023-12-31"));
    }

    @Test
    void decisionRecordedAfterTheGrantButDatedBeforeItsStartEndsItOnItsStart() {
        AssessmentId review = nextAssessment();
        fixture.given(history(
                        registered(),
                        decided(POOR, "2022-06-15"),
                        granted(GRANT, HEALTH_INSURANCE_FULL, "2023-01-01", "2023-12-31"),
                        List.of(recorded(review, NOT_POOR, "2022-12-01"))))
                .when(recognize(review, "2022-12-20"))
                .expectEvents(
                        recognized(review, "2022-12-20", NOT_POOR, POOR),
                        new GrantEndedEvent(
                                HOUSEHOLD,
                                GRANT,
                                HEALTH_INSURANCE_FULL,
                                date("2023-01-01"),
                                NOT_POOR,
                                decisionRef(review)));
    }

    @Test
    void decisionThatLeavesTheStatusAsItWasEndsNothing() {
        // NEWLY_ESCAPED ran out: a review that merely confirms NOT_POOR is no status change
        AssessmentId confirmation = nextAssessment();
        fixture.given(history(
                        registered(),
                        decided(POOR, "2019-12-15"),
                        decided(NOT_POOR, "2020-06-15"),
                        granted(GRANT, VOCATIONAL_TRAINING, "2023-01-01", "2023-12-31"),
                        List.of(recorded(confirmation, NOT_POOR, "2023-11-01"))))
                .when(recognize(confirmation, "2023-11-15"))
                .expectEvents(recognized(confirmation, "2023-11-15", NOT_POOR, NOT_POOR));
    }

    @Test
    void grantThatAlreadyEndedIsNotEndedAgain() {
        AssessmentId confirmation = nextAssessment();
        fixture.given(history(
                        registered(),
                        decided(POOR, "2022-12-15"),
                        granted(GRANT, HEALTH_INSURANCE_FULL, "2023-01-01", "2023-12-31"),
                        decided(NOT_POOR, "2023-06-15"),
                        ended(GRANT, HEALTH_INSURANCE_FULL, "2023-06-15", NOT_POOR),
                        List.of(recorded(confirmation, NOT_POOR, "2023-09-01"))))
                .when(recognize(confirmation, "2023-09-15"))
                .expectEvents(recognized(confirmation, "2023-09-15", NOT_POOR, NOT_POOR));
    }

    @Test
    void grantThatAlreadyEndedIsNotEndedAgainByALaterGrant() {
        fixture.given(history(
                        registered(),
                        decided(POOR, "2022-12-15"),
                        granted(GRANT, HEALTH_INSURANCE_FULL, "2023-01-01", "2023-12-31"),
                        decided(NOT_POOR, "2023-06-15"),
                        ended(GRANT, HEALTH_INSURANCE_FULL, "2023-06-15", NOT_POOR)))
                .when(grant(SECOND_GRANT, VOCATIONAL_TRAINING, "2023-07-01", "2023-12-31"))
                .expectEvents(granted(SECOND_GRANT, VOCATIONAL_TRAINING, "2023-07-01", "2023-12-31"));
    }

    @Test
    void revokedGrantIsNotEndedByADecisionAfterTheRevocation() {
        AssessmentId escape = nextAssessment();
        fixture.given(history(
                        registered(),
                        decided(POOR, "2022-12-15"),
                        granted(GRANT, HEALTH_INSURANCE_FULL, "2023-01-01", "2023-12-31"),
                        revoked(GRANT, "2023-05-01"),
                        List.of(recorded(escape, NOT_POOR, "2023-06-01"))))
                .when(recognize(escape, "2023-06-15"))
                .expectEvents(recognized(escape, "2023-06-15", NOT_POOR, POOR));
    }

    @Test
    void revokedGrantIsEndedByADecisionBeforeTheRevocation() {
        AssessmentId escape = nextAssessment();
        fixture.given(history(
                        registered(),
                        decided(POOR, "2022-12-15"),
                        granted(GRANT, HEALTH_INSURANCE_FULL, "2023-01-01", "2023-12-31"),
                        revoked(GRANT, "2023-09-01"),
                        List.of(recorded(escape, NOT_POOR, "2023-06-01"))))
                .when(recognize(escape, "2023-06-15"))
                .expectEvents(
                        recognized(escape, "2023-06-15", NOT_POOR, POOR),
                        new GrantEndedEvent(
                                HOUSEHOLD,
                                GRANT,
                                HEALTH_INSURANCE_FULL,
                                date("2023-06-15"),
                                NOT_POOR,
                                decisionRef(escape)));
    }

    @Test
    void earlierDecisionRecordedLaterEndsTheGrantAtTheFirstDecisionDate() {
        // recorded in this order: escape on 15 June (grant ended), then NEAR_POOR from 1 March
        AssessmentId review = nextAssessment();
        fixture.given(history(
                        registered(),
                        decided(POOR, "2022-12-15"),
                        granted(GRANT, HEALTH_INSURANCE_FULL, "2023-01-01", "2023-12-31"),
                        decided(NOT_POOR, "2023-06-15"),
                        ended(GRANT, HEALTH_INSURANCE_FULL, "2023-06-15", NOT_POOR),
                        List.of(recorded(review, NEAR_POOR, "2023-02-20"))))
                .when(recognize(review, "2023-03-01"))
                .expectEvents(
                        recognized(review, "2023-03-01", NEAR_POOR, POOR),
                        new GrantEndedEvent(
                                HOUSEHOLD,
                                GRANT,
                                HEALTH_INSURANCE_FULL,
                                date("2023-03-01"),
                                NEAR_POOR,
                                decisionRef(review)));
    }

    @Test
    void onlyTheFirstDecisionThatLeavesTheHouseholdUnentitledEndsTheGrant() {
        // the grant is recorded after two decisions within its validity: NEAR_POOR from March, NOT_POOR from June
        AssessmentId nearPoor = nextAssessment();
        AssessmentId escape = nextAssessment();
        fixture.given(history(
                        registered(),
                        decided(POOR, "2022-12-15"),
                        List.of(
                                recorded(nearPoor, NEAR_POOR, "2023-02-20"),
                                recognized(nearPoor, "2023-03-01", NEAR_POOR, POOR),
                                recorded(escape, NOT_POOR, "2023-06-01"),
                                recognized(escape, "2023-06-15", NOT_POOR, NEAR_POOR))))
                .when(grant(GRANT, HEALTH_INSURANCE_FULL, "2023-01-01", "2023-12-31"))
                .expectEvents(
                        granted(GRANT, HEALTH_INSURANCE_FULL, "2023-01-01", "2023-12-31"),
                        new GrantEndedEvent(
                                HOUSEHOLD,
                                GRANT,
                                HEALTH_INSURANCE_FULL,
                                date("2023-03-01"),
                                NEAR_POOR,
                                decisionRef(nearPoor)));
    }

    // --- test data ---------------------------------------------------------------------------------------------

    private static LocalDate date(String iso) {
        return LocalDate.parse(iso);
    }

    private static List<Object> history(Object... parts) {
        List<Object> events = new ArrayList<>();
        for (Object part : parts) {
            if (part instanceof List<?> list) {
                events.addAll(list);
            } else {
                events.add(part);
            }
        }
        return events;
    }

    private static HouseholdRegisteredEvent registered() {
        return new HouseholdRegisteredEvent(
                HOUSEHOLD,
                "C01",
                "Ấp 3",
                AreaType.RURAL,
                new HouseholdHead("Nguyễn Văn An", "087123456789", 1971),
                4,
                false,
                false,
                date("2021-03-01"));
    }

    private AssessmentId nextAssessment() {
        return AssessmentId.of("assessment-" + (++assessments));
    }

    /** The decision's reference is derived from its assessment, so that a test can name it. */
    private static String decisionRef(AssessmentId assessment) {
        return "QĐ-" + assessment.value();
    }

    /** An ad-hoc assessment proposing {@code status}, and its recognition from {@code decidedOn}. */
    private List<Object> decided(HouseholdStatus status, String decidedOn) {
        AssessmentId id = nextAssessment();
        return List.of(
                recorded(id, status, date(decidedOn).minusDays(10).toString()),
                recognized(id, decidedOn, status, null));
    }

    private static AssessmentRecordedEvent recorded(AssessmentId id, HouseholdStatus proposed, String assessedOn) {
        LocalDate on = date(assessedOn);
        return switch (proposed) {
            case POOR ->
                new AssessmentRecordedEvent(
                        HOUSEHOLD,
                        id,
                        on.getYear() + 1,
                        ADHOC,
                        on,
                        "DECREE_07_2021",
                        1_400_000,
                        List.of("HEALTH_INSURANCE", "HOUSING_AREA", "SANITATION"),
                        3,
                        POOR);
            case NEAR_POOR ->
                new AssessmentRecordedEvent(
                        HOUSEHOLD,
                        id,
                        on.getYear() + 1,
                        ADHOC,
                        on,
                        "DECREE_07_2021",
                        1_450_000,
                        List.of("SANITATION"),
                        1,
                        NEAR_POOR);
            case NOT_POOR ->
                new AssessmentRecordedEvent(
                        HOUSEHOLD,
                        id,
                        on.getYear() + 1,
                        ADHOC,
                        on,
                        "DECREE_07_2021",
                        1_700_000,
                        List.of(),
                        0,
                        NOT_POOR);
            case UNCLASSIFIED -> throw new IllegalArgumentException("no assessment proposes UNCLASSIFIED");
        };
    }

    private static AssessmentRecognizedEvent recognized(
            AssessmentId id, String decidedOn, HouseholdStatus status, HouseholdStatus previous) {
        return new AssessmentRecognizedEvent(HOUSEHOLD, id, decisionRef(id), date(decidedOn), status, previous);
    }

    private static RecognizeAssessmentCommand recognize(AssessmentId id, String decidedOn) {
        return new RecognizeAssessmentCommand(HOUSEHOLD, id, decisionRef(id), date(decidedOn));
    }

    private static GrantPolicyCommand grant(GrantId id, String policyCode, String validFrom, String validTo) {
        return new GrantPolicyCommand(HOUSEHOLD, id, policyCode, date(validFrom), date(validTo), GRANT_REF, 1_250_000);
    }

    private static PolicyGrantedEvent granted(GrantId id, String policyCode, String validFrom, String validTo) {
        return new PolicyGrantedEvent(HOUSEHOLD, id, policyCode, date(validFrom), date(validTo), GRANT_REF, 1_250_000);
    }

    private static RevokeGrantCommand revoke(GrantId id, String revokedOn) {
        return new RevokeGrantCommand(HOUSEHOLD, id, date(revokedOn), "moved away");
    }

    private static GrantRevokedEvent revoked(GrantId id, String revokedOn) {
        return new GrantRevokedEvent(HOUSEHOLD, id, date(revokedOn), "moved away");
    }

    /** An automatic end, as the aggregate records it, by the decision last built with {@link #decided}. */
    private GrantEndedEvent ended(GrantId id, String policyCode, String endedOn, HouseholdStatus status) {
        return new GrantEndedEvent(
                HOUSEHOLD,
                id,
                policyCode,
                date(endedOn),
                status,
                decisionRef(AssessmentId.of("assessment-" + assessments)));
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
