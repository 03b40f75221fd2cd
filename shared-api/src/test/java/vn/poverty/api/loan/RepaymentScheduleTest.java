package vn.poverty.api.loan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RepaymentScheduleTest {

    private static final LocalDate DISBURSED = LocalDate.of(2023, 2, 1);

    @ParameterizedTest(name = "{1} months: {2} instalments, last on {3}")
    @CsvSource({
        // principal, term, instalments, last due on, first amount, last amount
        "50000000,   3, 1, 2023-05-01, 50000000, 50000000",
        "50000000,   6, 1, 2023-08-01, 50000000, 50000000",
        "50000000,   7, 2, 2023-09-01, 25000000, 25000000",
        "10000000,  24, 4, 2025-02-01,  2500000,  2500000",
        "100000000, 120, 20, 2033-02-01, 5000000, 5000000",
        "10000001,  24, 4, 2025-02-01,  2500000,  2500001",
        "7,         18, 3, 2024-08-01,        2,        3",
    })
    void principalFallsDueInEqualInstalmentsEverySixMonthsTheLastTakingTheRemainder(
            long principal, int term, int count, LocalDate lastDueOn, long first, long last) {
        List<Instalment> schedule = RepaymentSchedule.of(principal, term, DISBURSED);

        assertThat(schedule).hasSize(count);
        assertThat(schedule.get(0).amount()).isEqualTo(first);
        assertThat(schedule.get(count - 1).amount()).isEqualTo(last);
        assertThat(schedule.get(count - 1).dueOn()).isEqualTo(lastDueOn);
        assertThat(schedule.stream().mapToLong(Instalment::amount).sum()).isEqualTo(principal);
    }

    @Test
    void sevenMonthTermHasItsSecondInstalmentAtTheTermNotAtTwelveMonths() {
        assertThat(RepaymentSchedule.of(1_000, 7, DISBURSED))
                .extracting(Instalment::dueOn)
                .containsExactly(LocalDate.of(2023, 8, 1), LocalDate.of(2023, 9, 1));
    }

    @Test
    void aMonthEndDisbursementFallsDueOnTheLastDayOfShorterMonths() {
        // 31 August + 6 months = 29 February (leap year), + 12 months = 31 August
        assertThat(RepaymentSchedule.of(1_000, 12, LocalDate.of(2023, 8, 31)))
                .extracting(Instalment::dueOn)
                .containsExactly(LocalDate.of(2024, 2, 29), LocalDate.of(2024, 8, 31));
    }

    @Test
    void overdueWhenThePrincipalDueExceedsThePrincipalRepaid() {
        List<Instalment> schedule = RepaymentSchedule.of(10_000_000, 24, DISBURSED);

        assertThat(RepaymentSchedule.overdueAmount(schedule, 0, LocalDate.of(2023, 7, 31)))
                .isZero();
        assertThat(RepaymentSchedule.overdueAmount(schedule, 0, LocalDate.of(2023, 8, 1)))
                .isEqualTo(2_500_000);
        assertThat(RepaymentSchedule.overdueAmount(schedule, 1_000_000, LocalDate.of(2023, 8, 1)))
                .isEqualTo(1_500_000);
        assertThat(RepaymentSchedule.overdueAmount(schedule, 2_500_000, LocalDate.of(2023, 8, 1)))
                .isZero();
        // an early repayment of more than is due is never overdue until the due principal passes it
        assertThat(RepaymentSchedule.overdueAmount(schedule, 6_000_000, LocalDate.of(2024, 2, 1)))
                .isZero();
        assertThat(RepaymentSchedule.overdueAmount(schedule, 6_000_000, LocalDate.of(2024, 8, 1)))
                .isEqualTo(1_500_000);
    }

    @Test
    void aScheduleNeedsAPositivePrincipalAndTerm() {
        assertThatThrownBy(() -> RepaymentSchedule.of(0, 12, DISBURSED)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RepaymentSchedule.of(1, 0, DISBURSED)).isInstanceOf(IllegalArgumentException.class);
    }
}
