package vn.poverty.api.loan;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The repayment rule of DESIGN.md §3 "Preferential loans", pure and shared by both sides: the principal falls due in
 * {@code n = ceil(term / 6)} equal instalments (the last takes the remainder), instalment k on
 * {@code disbursedOn + min(6k, term)} months. A loan is overdue on D when the principal due by D exceeds the
 * principal repaid by D.
 */
public final class RepaymentSchedule {

    public static final int MONTHS_BETWEEN_INSTALMENTS = 6;

    private RepaymentSchedule() {}

    public static List<Instalment> of(long principal, int termMonths, LocalDate disbursedOn) {
        if (principal <= 0 || termMonths <= 0) {
            throw new IllegalArgumentException("principal and term must be positive");
        }
        int n = (termMonths + MONTHS_BETWEEN_INSTALMENTS - 1) / MONTHS_BETWEEN_INSTALMENTS;
        long each = principal / n;
        List<Instalment> schedule = new ArrayList<>(n);
        for (int k = 1; k <= n; k++) {
            long amount = k < n ? each : principal - each * (n - 1);
            schedule.add(new Instalment(
                    disbursedOn.plusMonths(Math.min((long) MONTHS_BETWEEN_INSTALMENTS * k, termMonths)), amount));
        }
        return List.copyOf(schedule);
    }

    /** Principal due on or before {@code date}. */
    public static long dueBy(List<Instalment> schedule, LocalDate date) {
        return schedule.stream()
                .filter(i -> !i.dueOn().isAfter(date))
                .mapToLong(Instalment::amount)
                .sum();
    }

    /** How much of the principal due by {@code date} is not repaid by then (0 when not overdue). */
    public static long overdueAmount(List<Instalment> schedule, long repaidByDate, LocalDate date) {
        return Math.max(0, dueBy(schedule, date) - repaidByDate);
    }
}
