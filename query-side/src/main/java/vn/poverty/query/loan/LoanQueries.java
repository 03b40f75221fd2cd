package vn.poverty.query.loan;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import vn.poverty.api.loan.Instalment;
import vn.poverty.query.shared.CustomPlans;
import vn.poverty.query.shared.TimeSlice;
import vn.poverty.query.shared.Timestamps;

/** Reads loans from the projection tables as {@link LoanHistory}s known at an instant, and views of them on a date. */
@Component
public class LoanQueries {

    private final JdbcTemplate jdbc;

    /** Public for the projection tests of other packages (the household view lists loans). */
    public LoanQueries(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The loan on the slice's asOf as known at its knownAt; empty when unknown by then or applied after asOf. */
    public Optional<LoanView> find(String loanId, TimeSlice slice) {
        return history(loanId, slice.knownAt()).flatMap(h -> h.viewOn(slice.asOf()));
    }

    /** The loan as known at {@code knownAt}: every date of its life; empty when its application is not known. */
    public Optional<LoanHistory> history(String loanId, Instant knownAt) {
        return histories("l.loan_id = ?", loanId, knownAt).stream().findFirst();
    }

    /**
     * The loans of several households recorded by {@code knownAt}, per household in order of application date,
     * programme and loan id; every household asked for has an entry (an empty list when it has no loans).
     */
    public Map<String, List<LoanHistory>> ofHouseholds(List<String> householdIds, Instant knownAt) {
        Map<String, List<LoanHistory>> loans = new HashMap<>();
        householdIds.forEach(id -> loans.put(id, new ArrayList<>()));
        if (!householdIds.isEmpty()) {
            histories("l.household_id = ANY (?)", householdIds.toArray(String[]::new), knownAt)
                    .forEach(h -> loans.computeIfAbsent(h.loan().householdId(), k -> new ArrayList<>())
                            .add(h));
        }
        return loans;
    }

    /** The loans of {@code loanIds} recorded by {@code knownAt}, with their facts and schedules. */
    public List<LoanHistory> histories(List<String> loanIds, Instant knownAt) {
        return loanIds.isEmpty()
                ? List.of()
                : histories("l.loan_id = ANY (?)", loanIds.toArray(String[]::new), knownAt);
    }

    /** Loans matching {@code condition} (one parameter), with their facts and schedules, in three queries. */
    private List<LoanHistory> histories(String condition, Object parameter, Instant instant) {
        var knownAt = Timestamps.of(instant);
        Map<String, LoanHistory.Loan> loans = new LinkedHashMap<>();
        String loanRows = """
                SELECT l.loan_id, l.household_id, l.commune_code, l.program_code, l.principal, l.term_months,
                       l.annual_rate_percent, l.applied_on
                FROM q_loan l
                WHERE %s AND l.recorded_at <= ?
                ORDER BY l.household_id, l.applied_on, l.program_code, l.loan_id""".formatted(condition);
        jdbc.query(CustomPlans.statement(loanRows, parameter, knownAt), rs -> {
            loans.put(
                    rs.getString(1),
                    new LoanHistory.Loan(
                            rs.getString(1),
                            rs.getString(2),
                            rs.getString(3),
                            rs.getString(4),
                            rs.getLong(5),
                            rs.getInt(6),
                            rs.getBigDecimal(7),
                            rs.getObject(8, LocalDate.class)));
        });
        if (loans.isEmpty()) {
            return List.of();
        }
        String[] ids = loans.keySet().toArray(String[]::new);
        Map<String, List<LoanHistory.Fact>> facts = new HashMap<>();
        String factRows = """
                SELECT loan_id, kind, effective_on, amount FROM q_loan_event
                WHERE loan_id = ANY (?) AND recorded_at <= ?
                ORDER BY loan_id, effective_on, recorded_at, event_id""";
        jdbc.query(CustomPlans.statement(factRows, ids, knownAt), rs -> {
            facts.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                    .add(new LoanHistory.Fact(
                            LoanHistory.Kind.valueOf(rs.getString(2)),
                            rs.getObject(3, LocalDate.class),
                            rs.getLong(4)));
        });
        // a schedule is known once its disbursement is
        Map<String, List<Instalment>> schedules = new HashMap<>();
        String instalmentRows = """
                SELECT i.loan_id, i.due_on, i.amount FROM q_loan_instalment i
                WHERE i.loan_id = ANY (?)
                  AND EXISTS (SELECT 1 FROM q_loan_event d
                              WHERE d.loan_id = i.loan_id AND d.kind = 'DISBURSED' AND d.recorded_at <= ?)
                ORDER BY i.loan_id, i.instalment""";
        jdbc.query(CustomPlans.statement(instalmentRows, ids, knownAt), rs -> {
            schedules
                    .computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                    .add(new Instalment(rs.getObject(2, LocalDate.class), rs.getLong(3)));
        });
        return loans.values().stream()
                .map(l -> new LoanHistory(
                        l, facts.getOrDefault(l.loanId(), List.of()), schedules.getOrDefault(l.loanId(), List.of())))
                .toList();
    }
}
