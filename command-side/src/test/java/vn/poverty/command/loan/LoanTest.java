package vn.poverty.command.loan;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.axonframework.test.aggregate.TestExecutor;
import org.axonframework.test.matchers.Matchers;
import org.hamcrest.Matcher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import vn.poverty.api.error.FailureKind;
import vn.poverty.api.household.HouseholdId;
import vn.poverty.api.household.HouseholdStatus;
import vn.poverty.api.loan.Instalment;
import vn.poverty.api.loan.LoanAppliedEvent;
import vn.poverty.api.loan.LoanApprovedEvent;
import vn.poverty.api.loan.LoanCommands.ApproveLoanCommand;
import vn.poverty.api.loan.LoanCommands.DisburseLoanCommand;
import vn.poverty.api.loan.LoanCommands.RecordLoanOverdueCommand;
import vn.poverty.api.loan.LoanCommands.RecordRepaymentCommand;
import vn.poverty.api.loan.LoanCommands.RejectLoanCommand;
import vn.poverty.api.loan.LoanCommands.WriteOffLoanCommand;
import vn.poverty.api.loan.LoanDisbursedEvent;
import vn.poverty.api.loan.LoanFellOverdueEvent;
import vn.poverty.api.loan.LoanId;
import vn.poverty.api.loan.LoanRejectedEvent;
import vn.poverty.api.loan.LoanResponses.LoanStateResponse;
import vn.poverty.api.loan.LoanSettledEvent;
import vn.poverty.api.loan.LoanState;
import vn.poverty.api.loan.LoanWrittenOffEvent;
import vn.poverty.api.loan.RepaymentRecordedEvent;
import vn.poverty.api.loan.RepaymentSchedule;
import vn.poverty.command.shared.DomainException;

/**
 * The loan aggregate (DESIGN.md §3 "Preferential loans"): approval, rejection, disbursement with its repayment
 * schedule, repayments up to the outstanding principal, settlement at zero, write-off, the refusals of every
 * transition from the wrong state or dated before the previous step, and the overdue events of the daily check
 * (once per missed instalment; terms of 3, 6, 7, 24 and 120 months; month-end dates).
 */
class LoanTest {

    private static final LoanId LOAN = LoanId.of("7d4a1c52-3f0e-4b8a-9c6d-2e1f0a9b8c7d");
    private static final HouseholdId HOUSEHOLD = HouseholdId.of("5b0f6f5e-2c1d-4c57-8d1e-6a7b9c0d1e2f");
    private static final String POOR_HOUSEHOLD = "POOR_HOUSEHOLD";
    private static final BigDecimal RATE = new BigDecimal("6.60");

    /** The loan most tests use: 50,000,000 VND over 24 months, so 4 instalments of 12,500,000. */
    private static final long PRINCIPAL = 50_000_000;

    private static final int TERM = 24;
    private static final long INSTALMENT = 12_500_000;
    private static final LocalDate APPLIED_ON = date("2023-02-01");
    private static final LocalDate APPROVED_ON = date("2023-02-10");
    private static final LocalDate DISBURSED_ON = date("2023-03-01");
    private static final LocalDate FIRST_DUE = date("2023-09-01");
    private static final LocalDate SECOND_DUE = date("2024-03-01");
    private static final LocalDate THIRD_DUE = date("2024-09-01");
    private static final LocalDate LAST_DUE = date("2025-03-01");

    private FixtureConfiguration<Loan> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Loan.class);
    }

    // --- approval and rejection --------------------------------------------------------------------------------

    @Test
    void appliedLoanIsApproved() {
        given(applied())
                .when(new ApproveLoanCommand(LOAN, APPROVED_ON))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new LoanApprovedEvent(LOAN, APPROVED_ON))
                .expectResultMessagePayload(new LoanStateResponse(LOAN, LoanState.APPROVED, 0));
    }

    @Test
    void approvalOnTheApplicationDateIsAllowed() {
        given(applied())
                .when(new ApproveLoanCommand(LOAN, APPLIED_ON))
                .expectEvents(new LoanApprovedEvent(LOAN, APPLIED_ON));
    }

    @Test
    void approvalDatedBeforeTheApplicationIsARuleViolation() {
        given(applied())
                .when(new ApproveLoanCommand(LOAN, APPLIED_ON.minusDays(1)))
                .expectNoEvents()
                .expectException(DomainException.class)
                .expectException(failure(FailureKind.RULE_VIOLATION, "DATE_BEFORE_APPLICATION"));
    }

    @Test
    void appliedLoanIsRejectedWithItsReason() {
        given(applied())
                .when(new RejectLoanCommand(LOAN, date("2023-02-05"), "incomplete papers"))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new LoanRejectedEvent(LOAN, date("2023-02-05"), "incomplete papers"))
                .expectResultMessagePayload(new LoanStateResponse(LOAN, LoanState.REJECTED, 0));
    }

    @Test
    void rejectionOnTheApplicationDateIsAllowed() {
        given(applied())
                .when(new RejectLoanCommand(LOAN, APPLIED_ON, "incomplete papers"))
                .expectEvents(new LoanRejectedEvent(LOAN, APPLIED_ON, "incomplete papers"));
    }

    @Test
    void rejectionDatedBeforeTheApplicationIsARuleViolation() {
        given(applied())
                .when(new RejectLoanCommand(LOAN, APPLIED_ON.minusDays(1), "incomplete papers"))
                .expectNoEvents()
                .expectException(failure(FailureKind.RULE_VIOLATION, "DATE_BEFORE_APPLICATION"));
    }

    // --- disbursement and its schedule -------------------------------------------------------------------------

    @Test
    void approvedLoanIsDisbursedWithItsRepaymentSchedule() {
        given(applied(), approved())
                .when(new DisburseLoanCommand(LOAN, DISBURSED_ON))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new LoanDisbursedEvent(
                        LOAN,
                        DISBURSED_ON,
                        List.of(
                                new Instalment(FIRST_DUE, INSTALMENT),
                                new Instalment(SECOND_DUE, INSTALMENT),
                                new Instalment(THIRD_DUE, INSTALMENT),
                                new Instalment(LAST_DUE, INSTALMENT))))
                .expectResultMessagePayload(new LoanStateResponse(LOAN, LoanState.DISBURSED, PRINCIPAL));
    }

    @Test
    void disbursementOnTheApprovalDateIsAllowed() {
        given(applied(), approved())
                .when(new DisburseLoanCommand(LOAN, APPROVED_ON))
                .expectEvents(
                        new LoanDisbursedEvent(LOAN, APPROVED_ON, RepaymentSchedule.of(PRINCIPAL, TERM, APPROVED_ON)));
    }

    @Test
    void disbursementDatedBeforeTheApprovalIsARuleViolation() {
        // after the application, but before the approval: the previous step is the approval
        given(applied(), approved())
                .when(new DisburseLoanCommand(LOAN, APPROVED_ON.minusDays(1)))
                .expectNoEvents()
                .expectException(failure(FailureKind.RULE_VIOLATION, "DATE_BEFORE_APPROVAL"));
    }

    static Stream<Arguments> schedules() {
        return Stream.of(
                // term 3: one instalment at the term
                Arguments.of(50_000_000L, 3, List.of(new Instalment(date("2023-06-01"), 50_000_000))),
                // term 6: one instalment at 6 months
                Arguments.of(50_000_000L, 6, List.of(new Instalment(date("2023-09-01"), 50_000_000))),
                // term 7: ceil(7/6) = 2, the second at the term (7 months), not at 12
                Arguments.of(
                        50_000_001L,
                        7,
                        List.of(
                                new Instalment(date("2023-09-01"), 25_000_000),
                                new Instalment(date("2023-10-01"), 25_000_001))),
                // term 24: 4 equal instalments every 6 months; the last takes the remainder
                Arguments.of(
                        10_000_003L,
                        24,
                        List.of(
                                new Instalment(date("2023-09-01"), 2_500_000),
                                new Instalment(date("2024-03-01"), 2_500_000),
                                new Instalment(date("2024-09-01"), 2_500_000),
                                new Instalment(date("2025-03-01"), 2_500_003))),
                // term 120: 20 instalments, the last 10 years after the disbursement
                Arguments.of(100_000_000L, 120, everySixMonths(DISBURSED_ON, 20, 5_000_000, 5_000_000)),
                Arguments.of(99_999_999L, 120, everySixMonths(DISBURSED_ON, 20, 4_999_999, 5_000_018)));
    }

    @ParameterizedTest(name = "{0} VND over {1} months")
    @MethodSource("schedules")
    void disbursementRecordsTheScheduleOfItsTerm(long principal, int term, List<Instalment> expected) {
        assertThat(expected.stream().mapToLong(Instalment::amount).sum()).isEqualTo(principal);
        assertThat(RepaymentSchedule.of(principal, term, DISBURSED_ON)).isEqualTo(expected);

        given(applied(principal, term), approved())
                .when(new DisburseLoanCommand(LOAN, DISBURSED_ON))
                .expectEvents(new LoanDisbursedEvent(LOAN, DISBURSED_ON, expected))
                .expectResultMessagePayload(new LoanStateResponse(LOAN, LoanState.DISBURSED, principal));
    }

    @Test
    void termOfOneHundredTwentyMonthsEndsTenYearsAfterTheDisbursement() {
        List<Instalment> schedule = everySixMonths(DISBURSED_ON, 20, 5_000_000, 5_000_000);

        assertThat(schedule.get(0).dueOn()).isEqualTo(date("2023-09-01"));
        assertThat(schedule.get(19).dueOn()).isEqualTo(date("2033-03-01"));
    }

    @Test
    void monthEndDisbursementFallsDueOnTheLastDaysOfShorterMonths() {
        // 31 August 2023 + 6 months = 29 February 2024 (leap year); + 12 months = 31 August 2024
        given(applied(12_000_000, 12), approved())
                .when(new DisburseLoanCommand(LOAN, date("2023-08-31")))
                .expectEvents(new LoanDisbursedEvent(
                        LOAN,
                        date("2023-08-31"),
                        List.of(
                                new Instalment(date("2024-02-29"), 6_000_000),
                                new Instalment(date("2024-08-31"), 6_000_000))));
    }

    @Test
    void monthEndDisbursementWithASevenMonthTermEndsAtTheEndOfMarch() {
        given(applied(12_000_000, 7), approved())
                .when(new DisburseLoanCommand(LOAN, date("2023-08-31")))
                .expectEvents(new LoanDisbursedEvent(
                        LOAN,
                        date("2023-08-31"),
                        List.of(
                                new Instalment(date("2024-02-29"), 6_000_000),
                                new Instalment(date("2024-03-31"), 6_000_000))));
    }

    // --- repayments and settlement -----------------------------------------------------------------------------

    @Test
    void partialRepaymentLowersTheOutstandingPrincipal() {
        given(disbursedLoan())
                .when(new RecordRepaymentCommand(LOAN, 5_000_000, date("2023-09-01")))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new RepaymentRecordedEvent(LOAN, 5_000_000, date("2023-09-01"), 45_000_000))
                .expectResultMessagePayload(new LoanStateResponse(LOAN, LoanState.DISBURSED, 45_000_000));
    }

    @Test
    void laterRepaymentCountsTheEarlierOnes() {
        given(disbursedLoan(), repaid(5_000_000, "2023-09-01", 45_000_000), repaid(7_500_000, "2023-10-01", 37_500_000))
                .when(new RecordRepaymentCommand(LOAN, 12_500_000, date("2024-03-01")))
                .expectEvents(new RepaymentRecordedEvent(LOAN, 12_500_000, date("2024-03-01"), 25_000_000))
                .expectResultMessagePayload(new LoanStateResponse(LOAN, LoanState.DISBURSED, 25_000_000));
    }

    @Test
    void earlyRepaymentBeforeTheFirstDueDateIsRecorded() {
        given(disbursedLoan())
                .when(new RecordRepaymentCommand(LOAN, 30_000_000, date("2023-04-15")))
                .expectEvents(new RepaymentRecordedEvent(LOAN, 30_000_000, date("2023-04-15"), 20_000_000));
    }

    @Test
    void repaymentOnTheDisbursementDateIsAllowed() {
        given(disbursedLoan())
                .when(new RecordRepaymentCommand(LOAN, 1_000_000, DISBURSED_ON))
                .expectEvents(new RepaymentRecordedEvent(LOAN, 1_000_000, DISBURSED_ON, 49_000_000));
    }

    @Test
    void repaymentDatedBeforeTheDisbursementIsARuleViolation() {
        given(disbursedLoan())
                .when(new RecordRepaymentCommand(LOAN, 1_000_000, DISBURSED_ON.minusDays(1)))
                .expectNoEvents()
                .expectException(failure(FailureKind.RULE_VIOLATION, "DATE_BEFORE_DISBURSEMENT"));
    }

    @Test
    void repaymentDatedBeforeThePreviousRepaymentIsARuleViolation() {
        // recorded after the September repayment but dated in August, this one would settle the loan "on 1 August"
        // although 20,000,000 of it was still owed until 1 September
        given(disbursedLoan(), repaid(20_000_000, "2023-09-01", 30_000_000))
                .when(new RecordRepaymentCommand(LOAN, 30_000_000, date("2023-08-01")))
                .expectNoEvents()
                .expectException(dateBeforeThePreviousStep());
    }

    @Test
    void repaymentOnTheDayOfThePreviousRepaymentIsAllowed() {
        given(disbursedLoan(), repaid(20_000_000, "2023-09-01", 30_000_000))
                .when(new RecordRepaymentCommand(LOAN, 1_000_000, date("2023-09-01")))
                .expectEvents(new RepaymentRecordedEvent(LOAN, 1_000_000, date("2023-09-01"), 29_000_000));
    }

    @Test
    void repaymentOfTheExactOutstandingSettlesTheLoan() {
        given(disbursedLoan(), repaid(20_000_000, "2023-09-01", 30_000_000))
                .when(new RecordRepaymentCommand(LOAN, 30_000_000, date("2024-03-01")))
                .expectSuccessfulHandlerExecution()
                .expectEvents(
                        new RepaymentRecordedEvent(LOAN, 30_000_000, date("2024-03-01"), 0),
                        new LoanSettledEvent(LOAN, date("2024-03-01")))
                .expectResultMessagePayload(new LoanStateResponse(LOAN, LoanState.SETTLED, 0));
    }

    @Test
    void earlyRepaymentOfTheWholePrincipalSettlesTheLoan() {
        given(disbursedLoan())
                .when(new RecordRepaymentCommand(LOAN, PRINCIPAL, date("2023-05-02")))
                .expectEvents(
                        new RepaymentRecordedEvent(LOAN, PRINCIPAL, date("2023-05-02"), 0),
                        new LoanSettledEvent(LOAN, date("2023-05-02")))
                .expectResultMessagePayload(new LoanStateResponse(LOAN, LoanState.SETTLED, 0));
    }

    @Test
    void repaymentOverThePrincipalIsARuleViolation() {
        given(disbursedLoan())
                .when(new RecordRepaymentCommand(LOAN, PRINCIPAL + 1, date("2023-09-01")))
                .expectNoEvents()
                .expectException(DomainException.class)
                .expectException(failure(FailureKind.RULE_VIOLATION, "OVER_OUTSTANDING"));
    }

    @Test
    void repaymentOneDongOverTheOutstandingIsARuleViolation() {
        given(disbursedLoan(), repaid(20_000_000, "2023-09-01", 30_000_000))
                .when(new RecordRepaymentCommand(LOAN, 30_000_001, date("2024-03-01")))
                .expectNoEvents()
                .expectException(failure(FailureKind.RULE_VIOLATION, "OVER_OUTSTANDING"));
    }

    // --- write-off ---------------------------------------------------------------------------------------------

    @Test
    void writeOffRecordsThePrincipalGivenUp() {
        given(disbursedLoan(), repaid(12_500_000, "2023-09-01", 37_500_000))
                .when(new WriteOffLoanCommand(LOAN, date("2024-06-01"), "natural disaster"))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new LoanWrittenOffEvent(LOAN, date("2024-06-01"), "natural disaster", 37_500_000))
                .expectResultMessagePayload(new LoanStateResponse(LOAN, LoanState.WRITTEN_OFF, 37_500_000));
    }

    @Test
    void writeOffWithoutRepaymentsGivesUpThePrincipal() {
        given(disbursedLoan())
                .when(new WriteOffLoanCommand(LOAN, DISBURSED_ON, "borrower died"))
                .expectEvents(new LoanWrittenOffEvent(LOAN, DISBURSED_ON, "borrower died", PRINCIPAL));
    }

    @Test
    void writeOffDatedBeforeTheDisbursementIsARuleViolation() {
        given(disbursedLoan())
                .when(new WriteOffLoanCommand(LOAN, DISBURSED_ON.minusDays(1), "natural disaster"))
                .expectNoEvents()
                .expectException(failure(FailureKind.RULE_VIOLATION, "DATE_BEFORE_DISBURSEMENT"));
    }

    @Test
    void writeOffDatedBeforeTheLastRepaymentIsARuleViolation() {
        // the previous step of a write-off is the last repayment: written off on 1 June with the outstanding
        // principal after a repayment of 1 September would not be what was given up on 1 June
        given(disbursedLoan(), repaid(12_500_000, "2023-09-01", 37_500_000))
                .when(new WriteOffLoanCommand(LOAN, date("2023-06-01"), "natural disaster"))
                .expectNoEvents()
                .expectException(dateBeforeThePreviousStep());
    }

    @Test
    void writeOffOnTheDayOfTheLastRepaymentIsAllowed() {
        given(disbursedLoan(), repaid(12_500_000, "2023-09-01", 37_500_000))
                .when(new WriteOffLoanCommand(LOAN, date("2023-09-01"), "natural disaster"))
                .expectEvents(new LoanWrittenOffEvent(LOAN, date("2023-09-01"), "natural disaster", 37_500_000));
    }

    // --- transitions from the wrong state ----------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(value = LoanState.class, names = "APPLIED", mode = EnumSource.Mode.EXCLUDE)
    void onlyAnAppliedLoanCanBeApproved(LoanState state) {
        given(historyIn(state))
                .when(new ApproveLoanCommand(LOAN, date("2026-01-01")))
                .expectNoEvents()
                .expectException(failure(FailureKind.CONFLICT, "LOAN_" + state));
    }

    @ParameterizedTest
    @EnumSource(value = LoanState.class, names = "APPLIED", mode = EnumSource.Mode.EXCLUDE)
    void onlyAnAppliedLoanCanBeRejected(LoanState state) {
        given(historyIn(state))
                .when(new RejectLoanCommand(LOAN, date("2026-01-01"), "changed our mind"))
                .expectNoEvents()
                .expectException(failure(FailureKind.CONFLICT, "LOAN_" + state));
    }

    @ParameterizedTest
    @EnumSource(value = LoanState.class, names = "APPROVED", mode = EnumSource.Mode.EXCLUDE)
    void onlyAnApprovedLoanCanBeDisbursed(LoanState state) {
        given(historyIn(state))
                .when(new DisburseLoanCommand(LOAN, date("2026-01-01")))
                .expectNoEvents()
                .expectException(failure(FailureKind.CONFLICT, "LOAN_" + state));
    }

    @ParameterizedTest
    @EnumSource(value = LoanState.class, names = "DISBURSED", mode = EnumSource.Mode.EXCLUDE)
    void onlyADisbursedLoanCanBeRepaid(LoanState state) {
        given(historyIn(state))
                .when(new RecordRepaymentCommand(LOAN, 1_000, date("2026-01-01")))
                .expectNoEvents()
                .expectException(failure(FailureKind.CONFLICT, "LOAN_" + state));
    }

    @ParameterizedTest
    @EnumSource(value = LoanState.class, names = "DISBURSED", mode = EnumSource.Mode.EXCLUDE)
    void onlyADisbursedLoanCanBeWrittenOff(LoanState state) {
        given(historyIn(state))
                .when(new WriteOffLoanCommand(LOAN, date("2026-01-01"), "natural disaster"))
                .expectNoEvents()
                .expectException(failure(FailureKind.CONFLICT, "LOAN_" + state));
    }

    @Test
    void approvingARejectedLoanIsAConflictWhateverItsDate() {
        given(applied(), new LoanRejectedEvent(LOAN, APPLIED_ON, "incomplete papers"))
                .when(new ApproveLoanCommand(LOAN, APPLIED_ON.minusDays(1)))
                .expectNoEvents()
                .expectException(failure(FailureKind.CONFLICT, "LOAN_REJECTED"));
    }

    @Test
    void settledLoanTakesNoFurtherRepayment() {
        given(disbursedLoan(), repaid(PRINCIPAL, "2023-09-01", 0), new LoanSettledEvent(LOAN, date("2023-09-01")))
                .when(new RecordRepaymentCommand(LOAN, 1, date("2023-09-02")))
                .expectNoEvents()
                .expectException(failure(FailureKind.CONFLICT, "LOAN_SETTLED"));
    }

    // --- the daily overdue check -------------------------------------------------------------------------------

    @Test
    void nothingIsOverdueBeforeTheFirstDueDate() {
        given(disbursedLoan())
                .when(overdueCheck(FIRST_DUE.minusDays(1)))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void unpaidInstalmentIsOverdueOnItsDueDate() {
        given(disbursedLoan())
                .when(overdueCheck(FIRST_DUE))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new LoanFellOverdueEvent(LOAN, FIRST_DUE, FIRST_DUE, INSTALMENT))
                .expectResultMessagePayload(new LoanStateResponse(LOAN, LoanState.DISBURSED, PRINCIPAL));
    }

    @Test
    void unpaidInstalmentIsOverdueAfterItsDueDate() {
        given(disbursedLoan())
                .when(overdueCheck(date("2023-10-15")))
                .expectEvents(new LoanFellOverdueEvent(LOAN, date("2023-10-15"), FIRST_DUE, INSTALMENT));
    }

    @Test
    void partialRepaymentLeavesTheRestOfTheInstalmentOverdue() {
        given(disbursedLoan(), repaid(10_000_000, "2023-08-20", 40_000_000))
                .when(overdueCheck(FIRST_DUE))
                .expectEvents(new LoanFellOverdueEvent(LOAN, FIRST_DUE, FIRST_DUE, 2_500_000));
    }

    @Test
    void instalmentRepaidOnItsDueDateIsNotOverdue() {
        given(disbursedLoan(), repaid(INSTALMENT, "2023-09-01", 37_500_000))
                .when(overdueCheck(FIRST_DUE))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void earlyRepaymentCountsForTheInstalmentsItCovers() {
        // 20,000,000 paid in April covers the first instalment and 7,500,000 of the second
        given(disbursedLoan(), repaid(20_000_000, "2023-04-15", 30_000_000))
                .when(overdueCheck(date("2024-02-29")))
                .expectNoEvents();
    }

    @Test
    void earlyRepaymentThatFallsShortOfALaterInstalmentLeavesTheDifferenceOverdue() {
        given(disbursedLoan(), repaid(20_000_000, "2023-04-15", 30_000_000))
                .when(overdueCheck(SECOND_DUE))
                .expectEvents(new LoanFellOverdueEvent(LOAN, SECOND_DUE, SECOND_DUE, 5_000_000));
    }

    @Test
    void repaymentDatedAfterTheCheckDateDoesNotCountOnThatDate() {
        // a check run for 1 September: the repayment of 5 September was not yet made on that day
        given(disbursedLoan(), repaid(INSTALMENT, "2023-09-05", 37_500_000))
                .when(overdueCheck(FIRST_DUE))
                .expectEvents(new LoanFellOverdueEvent(LOAN, FIRST_DUE, FIRST_DUE, INSTALMENT));
    }

    @Test
    void missedInstalmentIsRecordedOnlyOnce() {
        given(disbursedLoan(), fellOverdue(FIRST_DUE, FIRST_DUE, INSTALMENT))
                .when(overdueCheck(FIRST_DUE.plusDays(1)))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void missedInstalmentIsRecordedOnlyOnceUntilTheNextFallsDue() {
        given(disbursedLoan(), fellOverdue(FIRST_DUE, FIRST_DUE, INSTALMENT))
                .when(overdueCheck(SECOND_DUE.minusDays(1)))
                .expectNoEvents();
    }

    @Test
    void nextMissedInstalmentIsRecordedAgain() {
        given(disbursedLoan(), fellOverdue(FIRST_DUE, FIRST_DUE, INSTALMENT))
                .when(overdueCheck(SECOND_DUE))
                .expectEvents(new LoanFellOverdueEvent(LOAN, SECOND_DUE, SECOND_DUE, 2 * INSTALMENT));
    }

    @Test
    void loanThatCaughtUpIsNotOverdueUntilItMissesTheNextInstalment() {
        given(
                        disbursedLoan(),
                        fellOverdue(FIRST_DUE, FIRST_DUE, INSTALMENT),
                        repaid(INSTALMENT, "2023-10-01", 37_500_000))
                .when(overdueCheck(SECOND_DUE.minusDays(1)))
                .expectNoEvents();
    }

    @Test
    void loanThatCaughtUpAndMissesTheNextInstalmentIsRecordedAgain() {
        given(
                        disbursedLoan(),
                        fellOverdue(FIRST_DUE, FIRST_DUE, INSTALMENT),
                        repaid(INSTALMENT, "2023-10-01", 37_500_000))
                .when(overdueCheck(SECOND_DUE))
                .expectEvents(new LoanFellOverdueEvent(LOAN, SECOND_DUE, SECOND_DUE, INSTALMENT));
    }

    @Test
    void instalmentAlreadyRecordedIsNotRecordedAgainByACheckForAnEarlierDate() {
        // the daily check recorded the first and the second missed instalments; an administrator then runs the
        // check again for a date between them: that instalment was already recorded, so nothing new fell overdue
        given(
                        disbursedLoan(),
                        fellOverdue(FIRST_DUE, FIRST_DUE, INSTALMENT),
                        fellOverdue(SECOND_DUE, SECOND_DUE, 2 * INSTALMENT))
                .when(overdueCheck(FIRST_DUE.plusDays(10)))
                .expectNoEvents();
    }

    @Test
    void loanOverdueAfterItsLastInstalmentOwesTheWholeRest() {
        given(
                        disbursedLoan(),
                        repaid(INSTALMENT, "2023-09-01", 37_500_000),
                        fellOverdue(SECOND_DUE, SECOND_DUE, INSTALMENT))
                .when(overdueCheck(date("2025-06-30")))
                .expectEvents(new LoanFellOverdueEvent(LOAN, date("2025-06-30"), LAST_DUE, 37_500_000));
    }

    @Test
    void settledLoanIsNeverOverdue() {
        given(disbursedLoan(), repaid(PRINCIPAL, "2023-04-01", 0), new LoanSettledEvent(LOAN, date("2023-04-01")))
                .when(overdueCheck(date("2030-01-01")))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void writtenOffLoanIsNeverOverdue() {
        given(disbursedLoan(), new LoanWrittenOffEvent(LOAN, date("2023-08-01"), "natural disaster", PRINCIPAL))
                .when(overdueCheck(date("2030-01-01")))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @ParameterizedTest
    @EnumSource(
            value = LoanState.class,
            names = {"APPLIED", "APPROVED", "REJECTED"})
    void loanNotPaidOutIsNeverOverdue(LoanState state) {
        given(historyIn(state))
                .when(overdueCheck(date("2030-01-01")))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    // --- month ends --------------------------------------------------------------------------------------------

    @Test
    void monthEndLoanIsNotOverdueOnTheTwentyEighthOfFebruary() {
        given(monthEndLoan()).when(overdueCheck(date("2024-02-28"))).expectNoEvents();
    }

    @Test
    void monthEndLoanIsOverdueOnTheTwentyNinthOfFebruary() {
        given(monthEndLoan())
                .when(overdueCheck(date("2024-02-29")))
                .expectEvents(new LoanFellOverdueEvent(LOAN, date("2024-02-29"), date("2024-02-29"), 6_000_000));
    }

    @Test
    void monthEndLoanIsNotOverdueAgainBeforeTheThirtyFirstOfAugust() {
        given(monthEndLoan(), fellOverdue(date("2024-02-29"), date("2024-02-29"), 6_000_000))
                .when(overdueCheck(date("2024-08-30")))
                .expectNoEvents();
    }

    @Test
    void monthEndLoanFallsOverdueAgainOnTheThirtyFirstOfAugust() {
        given(monthEndLoan(), fellOverdue(date("2024-02-29"), date("2024-02-29"), 6_000_000))
                .when(overdueCheck(date("2024-08-31")))
                .expectEvents(new LoanFellOverdueEvent(LOAN, date("2024-08-31"), date("2024-08-31"), 12_000_000));
    }

    @Test
    void monthEndLoanRepaidOnTheTwentyNinthOfFebruaryIsNotOverdue() {
        given(monthEndLoan(), repaid(6_000_000, "2024-02-29", 6_000_000))
                .when(overdueCheck(date("2024-03-01")))
                .expectNoEvents();
    }

    @Test
    void loanDisbursedOnTheThirtyFirstOfJanuaryWithAOneMonthTermFallsDueOnTheTwentyNinthOfFebruary() {
        List<Instalment> schedule = List.of(new Instalment(date("2024-02-29"), 3_000_000));
        given(applied(3_000_000, 1), approved(), new LoanDisbursedEvent(LOAN, date("2024-01-31"), schedule))
                .when(overdueCheck(date("2024-02-29")))
                .expectEvents(new LoanFellOverdueEvent(LOAN, date("2024-02-29"), date("2024-02-29"), 3_000_000));
        assertThat(RepaymentSchedule.of(3_000_000, 1, date("2024-01-31"))).isEqualTo(schedule);
    }

    // --- overdue by term ---------------------------------------------------------------------------------------

    static Stream<Arguments> terms() {
        // principal, term, first due date and amount, last due date and amount (disbursed 2023-03-01)
        return Stream.of(
                Arguments.of(30_000_000L, 3, "2023-06-01", 30_000_000L, "2023-06-01", 30_000_000L),
                Arguments.of(30_000_000L, 6, "2023-09-01", 30_000_000L, "2023-09-01", 30_000_000L),
                Arguments.of(30_000_001L, 7, "2023-09-01", 15_000_000L, "2023-10-01", 15_000_001L),
                Arguments.of(10_000_003L, 24, "2023-09-01", 2_500_000L, "2025-03-01", 2_500_003L),
                Arguments.of(99_999_999L, 120, "2023-09-01", 4_999_999L, "2033-03-01", 5_000_018L));
    }

    @ParameterizedTest(name = "term {1}: nothing the day before {2}")
    @MethodSource("terms")
    void noOverdueTheDayBeforeTheFirstInstalment(
            long principal, int term, String firstDue, long firstAmount, String lastDue, long lastAmount) {
        given(disbursed(principal, term))
                .when(overdueCheck(date(firstDue).minusDays(1)))
                .expectNoEvents();
    }

    @ParameterizedTest(name = "term {1}: first instalment overdue on {2}")
    @MethodSource("terms")
    void firstInstalmentOverdueOnItsDueDate(
            long principal, int term, String firstDue, long firstAmount, String lastDue, long lastAmount) {
        given(disbursed(principal, term))
                .when(overdueCheck(date(firstDue)))
                .expectEvents(new LoanFellOverdueEvent(LOAN, date(firstDue), date(firstDue), firstAmount));
    }

    @ParameterizedTest(name = "term {1}: last instalment overdue on {4}")
    @MethodSource("terms")
    void lastInstalmentOverdueOnTheTermWhenAllElseIsRepaid(
            long principal, int term, String firstDue, long firstAmount, String lastDue, long lastAmount) {
        List<Object> history = disbursed(principal, term);
        if (principal > lastAmount) {
            history.add(repaid(principal - lastAmount, "2023-04-01", lastAmount));
        }
        LocalDate last = date(lastDue);
        given(history).when(overdueCheck(last.minusDays(1))).expectNoEvents();
        given(history).when(overdueCheck(last)).expectEvents(new LoanFellOverdueEvent(LOAN, last, last, lastAmount));
        assertThat(last).isEqualTo(DISBURSED_ON.plusMonths(term));
    }

    @ParameterizedTest(name = "term {1}: repaid in time, never overdue")
    @MethodSource("terms")
    void loanRepaidInTimeIsNeverOverdue(
            long principal, int term, String firstDue, long firstAmount, String lastDue, long lastAmount) {
        List<Object> history = disbursed(principal, term);
        long outstanding = principal;
        for (Instalment instalment : RepaymentSchedule.of(principal, term, DISBURSED_ON)) {
            given(history).when(overdueCheck(instalment.dueOn().minusDays(1))).expectNoEvents();
            // each instalment paid on its due date
            outstanding -= instalment.amount();
            history.add(repaid(instalment.amount(), instalment.dueOn().toString(), outstanding));
            given(history).when(overdueCheck(instalment.dueOn())).expectNoEvents();
        }
        assertThat(outstanding).isZero();
    }

    // --- test data ---------------------------------------------------------------------------------------------

    /** The given events; a list among them stands for its elements. */
    private TestExecutor<Loan> given(Object... parts) {
        List<Object> events = new ArrayList<>();
        for (Object part : parts) {
            if (part instanceof List<?> list) {
                events.addAll(list);
            } else {
                events.add(part);
            }
        }
        return fixture.given(events);
    }

    private static LocalDate date(String iso) {
        return LocalDate.parse(iso);
    }

    private static LoanAppliedEvent applied() {
        return applied(PRINCIPAL, TERM);
    }

    private static LoanAppliedEvent applied(long principal, int term) {
        return new LoanAppliedEvent(
                LOAN,
                HOUSEHOLD,
                "C01",
                POOR_HOUSEHOLD,
                principal,
                term,
                RATE,
                "buy two cows",
                APPLIED_ON,
                HouseholdStatus.POOR,
                false);
    }

    private static LoanApprovedEvent approved() {
        return new LoanApprovedEvent(LOAN, APPROVED_ON);
    }

    /** Applied, approved and disbursed on {@link #DISBURSED_ON}: the default loan of 50,000,000 over 24 months. */
    private static List<Object> disbursedLoan() {
        return disbursed(PRINCIPAL, TERM);
    }

    private static List<Object> disbursed(long principal, int term) {
        List<Object> events = new ArrayList<>();
        events.add(applied(principal, term));
        events.add(approved());
        events.add(new LoanDisbursedEvent(LOAN, DISBURSED_ON, RepaymentSchedule.of(principal, term, DISBURSED_ON)));
        return events;
    }

    /** 12,000,000 over 12 months, paid out on 31 August 2023: due 29 February 2024 and 31 August 2024. */
    private static List<Object> monthEndLoan() {
        return List.of(
                applied(12_000_000, 12),
                approved(),
                new LoanDisbursedEvent(
                        LOAN,
                        date("2023-08-31"),
                        List.of(
                                new Instalment(date("2024-02-29"), 6_000_000),
                                new Instalment(date("2024-08-31"), 6_000_000))));
    }

    private static RepaymentRecordedEvent repaid(long amount, String paidOn, long outstandingAfter) {
        return new RepaymentRecordedEvent(LOAN, amount, date(paidOn), outstandingAfter);
    }

    private static LoanFellOverdueEvent fellOverdue(LocalDate asOf, LocalDate instalmentDueOn, long amount) {
        return new LoanFellOverdueEvent(LOAN, asOf, instalmentDueOn, amount);
    }

    private static RecordLoanOverdueCommand overdueCheck(LocalDate asOf) {
        return new RecordLoanOverdueCommand(LOAN, asOf);
    }

    /** A history that leaves the loan in {@code state} (dates in 2023, before any date the tests send). */
    private static List<Object> historyIn(LoanState state) {
        List<Object> events = new ArrayList<>();
        events.add(applied());
        switch (state) {
            case APPLIED -> {}
            case REJECTED -> events.add(new LoanRejectedEvent(LOAN, APPROVED_ON, "incomplete papers"));
            case APPROVED -> events.add(approved());
            case DISBURSED, SETTLED, WRITTEN_OFF -> {
                events.add(approved());
                events.add(new LoanDisbursedEvent(
                        LOAN, DISBURSED_ON, RepaymentSchedule.of(PRINCIPAL, TERM, DISBURSED_ON)));
                if (state == LoanState.SETTLED) {
                    events.add(repaid(PRINCIPAL, "2023-09-01", 0));
                    events.add(new LoanSettledEvent(LOAN, date("2023-09-01")));
                } else if (state == LoanState.WRITTEN_OFF) {
                    events.add(new LoanWrittenOffEvent(LOAN, date("2023-10-01"), "natural disaster", PRINCIPAL));
                }
            }
        }
        return events;
    }

    private static List<Instalment> everySixMonths(LocalDate disbursedOn, int count, long each, long last) {
        List<Instalment> schedule = new ArrayList<>();
        for (int k = 1; k <= count; k++) {
            schedule.add(new Instalment(disbursedOn.plusMonths(6L * k), k < count ? each : last));
        }
        return schedule;
    }

    /** A refusal of a date before the loan's previous step (whatever the code names that step). */
    private static Matcher<Throwable> dateBeforeThePreviousStep() {
        return Matchers.predicate(e -> e instanceof DomainException domain
                && domain.failure().kind() == FailureKind.RULE_VIOLATION
                && domain.failure().code().startsWith("DATE_BEFORE_"));
    }

    private static Matcher<Throwable> failure(FailureKind kind, String code) {
        return Matchers.predicate(e -> e instanceof DomainException domain
                && domain.failure().kind() == kind
                && code.equals(domain.failure().code()));
    }
}
