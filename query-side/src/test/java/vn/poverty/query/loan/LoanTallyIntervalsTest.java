package vn.poverty.query.loan;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import vn.poverty.api.loan.Instalment;
import vn.poverty.query.loan.LoanHistory.Fact;
import vn.poverty.query.loan.LoanHistory.Kind;
import vn.poverty.query.loan.LoanTallyIntervals.Interval;
import vn.poverty.query.loan.LoanTallyIntervals.Metric;

/** The intervals say on every day what the point rules of {@link LoanHistory} say on that day. */
class LoanTallyIntervalsTest {

    private static final LocalDate FIRST = LocalDate.of(2022, 12, 1);
    private static final LocalDate LAST = LocalDate.of(2027, 6, 30);

    private static LoanHistory loan(long principal, List<Fact> facts, List<Instalment> schedule) {
        return new LoanHistory(
                new LoanHistory.Loan(
                        "L1",
                        "H1",
                        "C01",
                        "POOR_HOUSEHOLD",
                        principal,
                        12,
                        new BigDecimal("6.60"),
                        LocalDate.of(2023, 1, 5)),
                facts,
                schedule);
    }

    private static List<Instalment> semiannual(LocalDate disbursed, long principal, int count) {
        List<Instalment> schedule = new ArrayList<>();
        long each = principal / count;
        for (int k = 1; k <= count; k++) {
            schedule.add(
                    new Instalment(disbursed.plusMonths(6L * k), k < count ? each : principal - each * (count - 1)));
        }
        return schedule;
    }

    @Test
    void appliedAndApprovedLoanCountsNowhere() {
        LoanHistory applied =
                loan(10_000_000, List.of(new Fact(Kind.APPROVED, LocalDate.of(2023, 1, 10), 0)), List.of());
        assertThat(LoanTallyIntervals.of(applied)).isEmpty();
    }

    @Test
    void disbursedLoanWithAMissedInstalmentThenSettled() {
        LocalDate disbursed = LocalDate.of(2023, 2, 1);
        LoanHistory loan = loan(
                12_000_000,
                List.of(
                        new Fact(Kind.APPROVED, LocalDate.of(2023, 1, 20), 0),
                        new Fact(Kind.DISBURSED, disbursed, 12_000_000),
                        new Fact(Kind.REPAID, LocalDate.of(2023, 9, 15), 6_000_000),
                        new Fact(Kind.OVERDUE, LocalDate.of(2023, 8, 5), 6_000_000),
                        new Fact(Kind.REPAID, LocalDate.of(2024, 1, 20), 6_000_000),
                        new Fact(Kind.SETTLED, LocalDate.of(2024, 1, 20), 0)),
                semiannual(disbursed, 12_000_000, 2));

        assertThat(LoanTallyIntervals.of(loan))
                .containsExactly(
                        new Interval(Metric.ACTIVE, disbursed, LocalDate.of(2024, 1, 20), 1),
                        new Interval(Metric.OUTSTANDING, disbursed, LocalDate.of(2023, 9, 15), 12_000_000),
                        new Interval(
                                Metric.OUTSTANDING, LocalDate.of(2023, 9, 15), LocalDate.of(2024, 1, 20), 6_000_000),
                        new Interval(Metric.OVERDUE_LOANS, LocalDate.of(2023, 8, 1), LocalDate.of(2023, 9, 15), 1),
                        new Interval(
                                Metric.OVERDUE_AMOUNT, LocalDate.of(2023, 8, 1), LocalDate.of(2023, 9, 15), 6_000_000));
        agreesOnEveryDay(loan);
    }

    @Test
    void loanNeverRepaidStaysOverdueOpenEnded() {
        LocalDate disbursed = LocalDate.of(2023, 3, 1);
        LoanHistory loan = loan(
                6_000_000,
                List.of(new Fact(Kind.DISBURSED, disbursed, 6_000_000)),
                semiannual(disbursed, 6_000_000, 2));
        List<Interval> intervals = LoanTallyIntervals.of(loan);
        assertThat(intervals)
                .contains(new Interval(Metric.OVERDUE_AMOUNT, LocalDate.of(2024, 3, 1), null, 6_000_000))
                .contains(new Interval(Metric.ACTIVE, disbursed, null, 1));
        agreesOnEveryDay(loan);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20})
    void randomLoansAgreeWithThePointRulesOnEveryDay(long seed) {
        Random random = new Random(seed);
        for (int n = 0; n < 10; n++) {
            agreesOnEveryDay(randomLoan(random));
        }
    }

    private static LoanHistory randomLoan(Random random) {
        long principal = 1_000_000L * (1 + random.nextInt(50));
        LocalDate disbursed = LocalDate.of(2023, 1, 10).plusDays(random.nextInt(400));
        List<Instalment> schedule = semiannual(disbursed, principal, 1 + random.nextInt(8));
        List<Fact> facts = new ArrayList<>();
        facts.add(new Fact(Kind.APPROVED, disbursed.minusDays(random.nextInt(10)), 0));
        facts.add(new Fact(Kind.DISBURSED, disbursed, principal));
        long repaid = 0;
        LocalDate day = disbursed;
        while (repaid < principal && random.nextInt(10) < 8) {
            day = day.plusDays(1 + random.nextInt(250));
            long amount = Math.min(principal - repaid, 500_000L * (1 + random.nextInt(10)));
            repaid += amount;
            facts.add(new Fact(Kind.REPAID, day, amount));
            if (random.nextInt(6) == 0) {
                facts.add(new Fact(Kind.OVERDUE, day.minusDays(3), 1));
            }
        }
        if (repaid == principal) {
            facts.add(new Fact(Kind.SETTLED, day, 0));
        } else if (random.nextInt(4) == 0) {
            facts.add(new Fact(Kind.WRITTEN_OFF, day.plusDays(1 + random.nextInt(300)), principal - repaid));
        }
        return loan(principal, facts, schedule);
    }

    private static void agreesOnEveryDay(LoanHistory loan) {
        List<Interval> intervals = LoanTallyIntervals.of(loan);
        for (LocalDate day = FIRST; !day.isAfter(LAST); day = day.plusDays(1)) {
            for (Metric metric : Metric.values()) {
                LocalDate on = day;
                long fromIntervals = intervals.stream()
                        .filter(i ->
                                i.metric() == metric && !i.from().isAfter(on) && (i.to() == null || i.to().isAfter(on)))
                        .mapToLong(Interval::value)
                        .sum();
                assertThat(fromIntervals)
                        .as("%s on %s of %s", metric, day, loan)
                        .isEqualTo(LoanTallyIntervals.value(loan, metric, day));
            }
        }
    }
}
