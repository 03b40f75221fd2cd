package vn.poverty.query.loan;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import vn.poverty.api.loan.Instalment;
import vn.poverty.api.loan.LoanState;
import vn.poverty.api.loan.RepaymentSchedule;
import vn.poverty.query.loan.LoanHistory.Fact;
import vn.poverty.query.loan.LoanHistory.Kind;

/**
 * A loan's state, outstanding principal and overdue amount on any date, from its dated facts. The loan: 24,000,000
 * VND over 12 months, applied 2023-02-01, approved 02-10, disbursed 03-01; 12,000,000 due on 2023-09-01 and on
 * 2024-03-01.
 */
class LoanHistoryTest {

    private static final LoanHistory.Loan LOAN = new LoanHistory.Loan(
            "L", "H", "C01", "POOR_HOUSEHOLD", 24_000_000, 12, new BigDecimal("6.60"), date("2023-02-01"));
    private static final List<Instalment> SCHEDULE = RepaymentSchedule.of(24_000_000, 12, date("2023-03-01"));

    @Test
    void loanDoesNotExistBeforeItsApplicationDate() {
        LoanHistory loan = history();

        assertThat(loan.existsOn(date("2023-01-31"))).isFalse();
        assertThat(loan.viewOn(date("2023-01-31"))).isEmpty();
        assertThat(loan.existsOn(date("2023-02-01"))).isTrue();
        assertThat(loan.viewOn(date("2023-02-01")).orElseThrow().state()).isEqualTo(LoanState.APPLIED);
    }

    @Test
    void stateIsTheFurthestStageReachedByTheDate() {
        LoanHistory loan = history(
                fact(Kind.APPROVED, "2023-02-10"),
                fact(Kind.DISBURSED, "2023-03-01"),
                repaid("2023-09-01", 12_000_000),
                repaid("2024-02-20", 12_000_000),
                fact(Kind.SETTLED, "2024-02-20"));

        assertThat(loan.stateOn(date("2023-02-09"))).isEqualTo(LoanState.APPLIED);
        assertThat(loan.stateOn(date("2023-02-10"))).isEqualTo(LoanState.APPROVED);
        assertThat(loan.stateOn(date("2023-02-28"))).isEqualTo(LoanState.APPROVED);
        assertThat(loan.stateOn(date("2023-03-01"))).isEqualTo(LoanState.DISBURSED);
        assertThat(loan.stateOn(date("2024-02-19"))).isEqualTo(LoanState.DISBURSED);
        assertThat(loan.stateOn(date("2024-02-20"))).isEqualTo(LoanState.SETTLED);
        assertThat(loan.stateOn(date("2030-01-01"))).isEqualTo(LoanState.SETTLED);
    }

    @Test
    void approvedAndDisbursedOnOneDayIsDisbursedThatDay() {
        LoanHistory loan = history(fact(Kind.APPROVED, "2023-03-01"), fact(Kind.DISBURSED, "2023-03-01"));

        assertThat(loan.stateOn(date("2023-02-28"))).isEqualTo(LoanState.APPLIED);
        assertThat(loan.stateOn(date("2023-03-01"))).isEqualTo(LoanState.DISBURSED);
        assertThat(loan.outstandingOn(date("2023-03-01"))).isEqualTo(24_000_000);
    }

    @Test
    void nothingIsOwedAndNoScheduleShownBeforeDisbursement() {
        LoanHistory loan = history(fact(Kind.APPROVED, "2023-02-10"), fact(Kind.DISBURSED, "2023-03-01"));
        LoanView approved = loan.viewOn(date("2023-02-28")).orElseThrow();
        LoanView disbursed = loan.viewOn(date("2023-03-01")).orElseThrow();

        assertThat(approved.outstanding()).isZero();
        assertThat(approved.disbursedOn()).isNull();
        assertThat(approved.schedule()).isEmpty();
        assertThat(disbursed.outstanding()).isEqualTo(24_000_000);
        assertThat(disbursed.disbursedOn()).isEqualTo(date("2023-03-01"));
        assertThat(disbursed.schedule()).isEqualTo(SCHEDULE);
    }

    @Test
    void unpaidInstalmentIsOverdueFromItsDueDate() {
        LoanHistory loan = disbursed();

        assertThat(loan.overdueAmountOn(date("2023-08-31"))).isZero();
        assertThat(loan.overdueAmountOn(date("2023-09-01"))).isEqualTo(12_000_000);
        assertThat(loan.viewOn(date("2023-09-01")).orElseThrow().overdue()).isTrue();
        assertThat(loan.overdueAmountOn(date("2024-03-01"))).isEqualTo(24_000_000);
    }

    @Test
    void instalmentPaidOnItsDueDateIsNotOverdue() {
        LoanHistory loan = disbursed(repaid("2023-09-01", 12_000_000));

        assertThat(loan.overdueAmountOn(date("2023-09-01"))).isZero();
        assertThat(loan.outstandingOn(date("2023-09-01"))).isEqualTo(12_000_000);
        assertThat(loan.outstandingOn(date("2023-08-31"))).isEqualTo(24_000_000);
    }

    @Test
    void earlyRepaymentIsNeverANegativeOverdue() {
        LoanHistory loan = disbursed(repaid("2023-04-01", 20_000_000));

        assertThat(loan.overdueAmountOn(date("2023-09-01"))).isZero();
        assertThat(loan.overdueAmountOn(date("2024-03-01"))).isEqualTo(4_000_000);
    }

    @Test
    void partialRepaymentReducesTheOverdueAmount() {
        LoanHistory loan = disbursed(repaid("2023-10-15", 5_000_000));

        assertThat(loan.overdueAmountOn(date("2023-10-14"))).isEqualTo(12_000_000);
        assertThat(loan.overdueAmountOn(date("2023-10-15"))).isEqualTo(7_000_000);
        LoanView view = loan.viewOn(date("2023-10-15")).orElseThrow();
        assertThat(view.outstanding()).isEqualTo(19_000_000);
        assertThat(view.repayments()).containsExactly(new LoanView.Repayment(date("2023-10-15"), 5_000_000));
    }

    @Test
    void overdueCheckFactsDoNotDecideOverdue() {
        LoanHistory loan =
                disbursed(new Fact(Kind.OVERDUE, date("2023-09-02"), 12_000_000), repaid("2023-09-10", 12_000_000));

        assertThat(loan.overdueAmountOn(date("2023-09-05"))).isEqualTo(12_000_000);
        assertThat(loan.overdueAmountOn(date("2023-09-10"))).isZero();
    }

    @Test
    void writtenOffLoanIsClosedWithNothingOutstandingOrOverdue() {
        LoanHistory loan =
                disbursed(repaid("2023-09-01", 2_000_000), new Fact(Kind.WRITTEN_OFF, date("2024-01-15"), 22_000_000));
        LoanView dayBefore = loan.viewOn(date("2024-01-14")).orElseThrow();
        LoanView writtenOff = loan.viewOn(date("2024-01-15")).orElseThrow();

        assertThat(dayBefore.state()).isEqualTo(LoanState.DISBURSED);
        assertThat(dayBefore.outstanding()).isEqualTo(22_000_000);
        assertThat(dayBefore.overdueAmount()).isEqualTo(10_000_000);
        assertThat(writtenOff.state()).isEqualTo(LoanState.WRITTEN_OFF);
        assertThat(writtenOff.outstanding()).isZero();
        assertThat(writtenOff.overdue()).isFalse();
        assertThat(writtenOff.overdueAmount()).isZero();
        assertThat(writtenOff.schedule()).isEqualTo(SCHEDULE);
        assertThat(writtenOff.repayments()).hasSize(1);
    }

    @Test
    void settledLoanOwesNothingEvenWhenAnEarlierRecordedRepaymentIsDatedAfterTheSettlement() {
        // 4,000,000 paid on 2024-06-01 was recorded first; the rest, paid on 2024-03-01, settled the loan that day
        LoanHistory loan = disbursed(
                repaid("2024-06-01", 4_000_000), repaid("2024-03-01", 20_000_000), fact(Kind.SETTLED, "2024-03-01"));
        LoanView view = loan.viewOn(date("2024-04-01")).orElseThrow();

        assertThat(view.state()).isEqualTo(LoanState.SETTLED);
        assertThat(view.outstanding()).isZero();
        assertThat(view.overdue()).isFalse();
        assertThat(view.repayments()).containsExactly(new LoanView.Repayment(date("2024-03-01"), 20_000_000));
    }

    @Test
    void rejectedLoanStaysRejected() {
        LoanHistory loan = history(fact(Kind.REJECTED, "2023-02-15"));

        assertThat(loan.stateOn(date("2023-02-14"))).isEqualTo(LoanState.APPLIED);
        assertThat(loan.stateOn(date("2025-01-01"))).isEqualTo(LoanState.REJECTED);
        assertThat(loan.outstandingOn(date("2025-01-01"))).isZero();
        assertThat(loan.viewOn(date("2025-01-01")).orElseThrow().schedule()).isEmpty();
    }

    // ---- helpers

    /** The loan with {@code facts}; its schedule known once a disbursement is. */
    private static LoanHistory history(Fact... facts) {
        boolean disbursed = List.of(facts).stream().anyMatch(f -> f.kind() == Kind.DISBURSED);
        return new LoanHistory(LOAN, List.of(facts), disbursed ? SCHEDULE : List.of());
    }

    /** Approved 2023-02-10 and disbursed 2023-03-01, then {@code more}. */
    private static LoanHistory disbursed(Fact... more) {
        List<Fact> facts =
                new ArrayList<>(List.of(fact(Kind.APPROVED, "2023-02-10"), fact(Kind.DISBURSED, "2023-03-01")));
        facts.addAll(List.of(more));
        return history(facts.toArray(Fact[]::new));
    }

    private static Fact fact(Kind kind, String on) {
        return new Fact(kind, date(on), kind == Kind.DISBURSED ? 24_000_000 : 0);
    }

    private static Fact repaid(String on, long amount) {
        return new Fact(Kind.REPAID, date(on), amount);
    }

    private static LocalDate date(String text) {
        return LocalDate.parse(text);
    }
}
