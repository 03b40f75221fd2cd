package vn.poverty.query.loan;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import vn.poverty.platform.loan.LoanProgramCatalogue;
import vn.poverty.query.commune.CommuneQueries;
import vn.poverty.query.shared.CustomPlans;
import vn.poverty.query.shared.TimeSlice;
import vn.poverty.query.shared.Timestamps;

/**
 * The loan portfolio report for any asOf date and knownAt instant. The figures are summed by the database with the
 * rule of {@link LoanHistory} written in SQL: a loan is active on D when its disbursement is effective by D and
 * neither a settlement nor a write-off is; its outstanding principal is the principal less the repayments paid by
 * D; its overdue amount is {@code max(0, principal due by D - repaid by D)} ({@code RepaymentSchedule.overdueAmount}).
 * Only facts recorded by knownAt count. Reports as known now add up {@link LoanTallies} instead. LoansIT checks the
 * Java rule, the SQL and the tallies agree on every day of its portfolio.
 */
@Component
public class LoanReportQueries {

    /**
     * Parameters: asOf, knownAt (disbursed), knownAt (loan), communes, asOf, knownAt (closed), asOf, knownAt
     * (repaid), asOf (due).
     */
    private static final String TALLIES = """
            WITH active AS (
                SELECT l.loan_id, l.commune_code, l.program_code, l.principal
                FROM q_loan l
                JOIN q_loan_event d ON d.loan_id = l.loan_id AND d.kind = 'DISBURSED'
                WHERE d.effective_on <= ? AND d.recorded_at <= ?
                  AND l.recorded_at <= ? AND l.commune_code = ANY (?)
                  AND NOT EXISTS (SELECT 1 FROM q_loan_event c
                                  WHERE c.loan_id = l.loan_id AND c.kind IN ('SETTLED', 'WRITTEN_OFF')
                                    AND c.effective_on <= ? AND c.recorded_at <= ?)),
            figures AS (
                SELECT a.commune_code, a.program_code, a.principal - r.repaid AS outstanding,
                       GREATEST(0, s.due - r.repaid) AS overdue_amount
                FROM active a
                CROSS JOIN LATERAL (SELECT COALESCE(sum(e.amount), 0) AS repaid FROM q_loan_event e
                                    WHERE e.loan_id = a.loan_id AND e.kind = 'REPAID'
                                      AND e.effective_on <= ? AND e.recorded_at <= ?) r
                CROSS JOIN LATERAL (SELECT COALESCE(sum(i.amount), 0) AS due FROM q_loan_instalment i
                                    WHERE i.loan_id = a.loan_id AND i.due_on <= ?) s)
            SELECT commune_code, program_code, count(*) AS active, sum(outstanding) AS outstanding,
                   count(*) FILTER (WHERE overdue_amount > 0) AS overdue_loans, sum(overdue_amount) AS overdue_amount
            FROM figures
            GROUP BY commune_code, program_code""";

    private final JdbcTemplate jdbc;
    private final CommuneQueries communes;
    private final LoanProgramCatalogue catalogue;
    private final LoanTallies loanTallies;

    LoanReportQueries(
            JdbcTemplate jdbc, CommuneQueries communes, LoanProgramCatalogue catalogue, LoanTallies loanTallies) {
        this.jdbc = jdbc;
        this.loanTallies = loanTallies;
        this.communes = communes;
        this.catalogue = catalogue;
    }

    /**
     * The communes a report covers, as known at the slice's knownAt: the one named by {@code communeCode} (empty
     * when it is unknown or outside {@code scope}), or, when it is null, every commune of the scope (all when the
     * scope is null).
     */
    public Optional<List<LoanReport.Commune>> communes(String communeCode, Set<String> scope, TimeSlice slice) {
        if (communeCode == null) {
            return Optional.of(communes.all(slice, scope).stream()
                    .map(c -> new LoanReport.Commune(c.code(), c.name()))
                    .toList());
        }
        if (scope != null && !scope.contains(communeCode)) {
            return Optional.empty();
        }
        return communes.find(communeCode, slice).map(c -> List.of(new LoanReport.Commune(c.code(), c.name())));
    }

    /**
     * The portfolio of {@code reportCommunes} on the slice's asOf, as known at its knownAt: from the loan tallies when
     * they are what was known then (the usual "as known now"), else from the bitemporal tables.
     */
    public LoanReport report(List<LoanReport.Commune> reportCommunes, TimeSlice slice) {
        if (!reportCommunes.isEmpty() && loanTallies.current(slice.knownAt())) {
            List<String> codes =
                    reportCommunes.stream().map(LoanReport.Commune::code).toList();
            return LoanReport.of(
                    slice.asOf(), catalogue.codes(), reportCommunes, loanTallies.tallies(slice.asOf(), codes));
        }
        var asOf = slice.asOf();
        var knownAt = Timestamps.of(slice.knownAt());
        String[] codes = reportCommunes.stream().map(LoanReport.Commune::code).toArray(String[]::new);
        List<LoanReport.Tally> tallies = codes.length == 0
                ? List.of()
                : jdbc.query(
                        CustomPlans.statement(
                                TALLIES, asOf, knownAt, knownAt, codes, asOf, knownAt, asOf, knownAt, asOf),
                        (rs, i) -> new LoanReport.Tally(
                                rs.getString("commune_code"),
                                new LoanReport.ProgramFigures(
                                        rs.getString("program_code"),
                                        rs.getLong("active"),
                                        rs.getLong("outstanding"),
                                        rs.getLong("overdue_loans"),
                                        rs.getLong("overdue_amount"))));
        return LoanReport.of(asOf, catalogue.codes(), reportCommunes, tallies);
    }
}
