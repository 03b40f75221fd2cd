package vn.poverty.query.loan;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import vn.poverty.api.loan.LoanState;
import vn.poverty.query.loan.LoanHistory.Kind;

/**
 * A loan's figures in the portfolio report as date intervals: on which days it counts as active, with which
 * outstanding principal, as overdue, with which overdue amount. Each figure is the point rule of {@link LoanHistory}
 * ({@code stateOn}, {@code outstandingOn}, {@code overdueAmountOn}); they can only change on the dates of the loan's
 * facts and of its instalments, so the value on each such date holds until the next one.
 */
public final class LoanTallyIntervals {

    /** The report's figures ({@code q_loan_tally.metric}). */
    public enum Metric {
        ACTIVE,
        OUTSTANDING,
        OVERDUE_LOANS,
        OVERDUE_AMOUNT
    }

    /** {@code value} from {@code from} until the day before {@code to} (open-ended when {@code to} is null). */
    public record Interval(Metric metric, LocalDate from, LocalDate to, long value) {}

    private LoanTallyIntervals() {}

    /** The non-zero intervals of every figure, adjacent days with the same value merged, in date order per figure. */
    public static List<Interval> of(LoanHistory loan) {
        TreeSet<LocalDate> changes = new TreeSet<>();
        for (LoanHistory.Fact fact : loan.facts()) {
            if (fact.kind() != Kind.OVERDUE) {
                changes.add(fact.effectiveOn());
            }
        }
        loan.schedule().forEach(instalment -> changes.add(instalment.dueOn()));
        List<Interval> intervals = new ArrayList<>();
        for (Metric metric : Metric.values()) {
            LocalDate from = null;
            long value = 0;
            for (LocalDate day : changes) {
                long now = value(loan, metric, day);
                if (now == value) {
                    continue;
                }
                if (value != 0) {
                    intervals.add(new Interval(metric, from, day, value));
                }
                from = day;
                value = now;
            }
            if (value != 0) {
                intervals.add(new Interval(metric, from, null, value));
            }
        }
        return intervals;
    }

    /** The figure on {@code day} by the point rules. */
    static long value(LoanHistory loan, Metric metric, LocalDate day) {
        return switch (metric) {
            case ACTIVE -> loan.stateOn(day) == LoanState.DISBURSED ? 1 : 0;
            case OUTSTANDING -> loan.outstandingOn(day);
            case OVERDUE_LOANS -> loan.overdueAmountOn(day) > 0 ? 1 : 0;
            case OVERDUE_AMOUNT -> loan.overdueAmountOn(day);
        };
    }
}
