package vn.poverty.query.loan;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import vn.poverty.api.loan.Instalment;
import vn.poverty.api.loan.LoanState;
import vn.poverty.api.loan.RepaymentSchedule;

/**
 * One loan as known at some instant: the application, the dated facts recorded by then and, once its disbursement is
 * known, its schedule. Answers for any date D (the "as of" of a read) from the effective dates alone:
 * <ul>
 *   <li>the loan exists from its application date on;</li>
 *   <li>its state is the furthest stage reached by D: APPLIED, then APPROVED or REJECTED, DISBURSED, then SETTLED or
 *       WRITTEN_OFF;</li>
 *   <li>while DISBURSED, the outstanding principal is the principal less the repayments paid by D, and the overdue
 *       amount is {@link RepaymentSchedule#overdueAmount} of the schedule, those repayments and D;</li>
 *   <li>before disbursement nothing is owed; once SETTLED or WRITTEN_OFF the loan is closed: outstanding 0, not
 *       overdue. (A write-off gives the outstanding principal up: what was given up is on the write-off fact, not
 *       owed any more, and counts in no portfolio figure from that date.)</li>
 * </ul>
 * The portfolio report ({@link LoanReportQueries}) applies the same rule in SQL.
 */
public record LoanHistory(Loan loan, List<Fact> facts, List<Instalment> schedule) {

    /** The dated facts of a loan's life after its application ({@code q_loan_event.kind}). */
    public enum Kind {
        APPROVED,
        REJECTED,
        DISBURSED,
        REPAID,
        SETTLED,
        WRITTEN_OFF,
        /** The daily check found the loan overdue; kept for the record, never used to compute overdue. */
        OVERDUE
    }

    /** The loan as applied for. */
    public record Loan(
            String loanId,
            String householdId,
            String communeCode,
            String programCode,
            long principal,
            int termMonths,
            BigDecimal annualRatePercent,
            LocalDate appliedOn) {}

    /**
     * A fact effective on a date: {@code amount} is the principal paid out (DISBURSED), repaid (REPAID), given up
     * (WRITTEN_OFF) or overdue (OVERDUE), otherwise 0.
     */
    public record Fact(Kind kind, LocalDate effectiveOn, long amount) {}

    /** Facts in order of their effective dates (a stable sort: same-day facts keep the order given). */
    public LoanHistory {
        facts = facts.stream().sorted(Comparator.comparing(Fact::effectiveOn)).toList();
        schedule = schedule.stream()
                .sorted(Comparator.comparing(Instalment::dueOn))
                .toList();
    }

    /** Whether the loan had been applied for by {@code date}. */
    public boolean existsOn(LocalDate date) {
        return !loan.appliedOn().isAfter(date);
    }

    /** The state on {@code date}; APPLIED also before the application date (see {@link #existsOn}). */
    public LoanState stateOn(LocalDate date) {
        if (happenedBy(Kind.WRITTEN_OFF, date)) {
            return LoanState.WRITTEN_OFF;
        }
        if (happenedBy(Kind.SETTLED, date)) {
            return LoanState.SETTLED;
        }
        if (happenedBy(Kind.DISBURSED, date)) {
            return LoanState.DISBURSED;
        }
        if (happenedBy(Kind.REJECTED, date)) {
            return LoanState.REJECTED;
        }
        if (happenedBy(Kind.APPROVED, date)) {
            return LoanState.APPROVED;
        }
        return LoanState.APPLIED;
    }

    /** The disbursement date, when the loan was disbursed by {@code date}. */
    public Optional<LocalDate> disbursedBy(LocalDate date) {
        return on(Kind.DISBURSED, date).findFirst().map(Fact::effectiveOn);
    }

    /** Principal repaid on or before {@code date}. */
    public long repaidBy(LocalDate date) {
        return on(Kind.REPAID, date).mapToLong(Fact::amount).sum();
    }

    /** Principal owed on {@code date}: only while DISBURSED (0 before disbursement and once closed). */
    public long outstandingOn(LocalDate date) {
        return stateOn(date) == LoanState.DISBURSED ? loan.principal() - repaidBy(date) : 0;
    }

    /** Principal due by {@code date} and not repaid by then: only while DISBURSED. */
    public long overdueAmountOn(LocalDate date) {
        return stateOn(date) == LoanState.DISBURSED
                ? RepaymentSchedule.overdueAmount(schedule, repaidBy(date), date)
                : 0;
    }

    /**
     * The loan as on {@code date}, empty before its application date: the schedule once disbursed by then, the
     * repayments paid by then.
     */
    public Optional<LoanView> viewOn(LocalDate date) {
        if (!existsOn(date)) {
            return Optional.empty();
        }
        Optional<LocalDate> disbursedOn = disbursedBy(date);
        long overdueAmount = overdueAmountOn(date);
        List<LoanView.Repayment> repayments = on(Kind.REPAID, date)
                .map(f -> new LoanView.Repayment(f.effectiveOn(), f.amount()))
                .toList();
        return Optional.of(new LoanView(
                loan.loanId(),
                loan.householdId(),
                loan.communeCode(),
                loan.programCode(),
                stateOn(date),
                loan.principal(),
                loan.annualRatePercent(),
                loan.termMonths(),
                loan.appliedOn(),
                disbursedOn.orElse(null),
                outstandingOn(date),
                overdueAmount > 0,
                overdueAmount,
                disbursedOn.isPresent() ? schedule : List.of(),
                repayments));
    }

    private boolean happenedBy(Kind kind, LocalDate date) {
        return on(kind, date).findAny().isPresent();
    }

    private java.util.stream.Stream<Fact> on(Kind kind, LocalDate date) {
        return facts.stream().filter(f -> f.kind() == kind && !f.effectiveOn().isAfter(date));
    }
}
