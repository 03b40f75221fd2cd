package vn.poverty.query.periodic;

import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import vn.poverty.api.household.HouseholdStatus;
import vn.poverty.api.household.StatusHistory;
import vn.poverty.platform.policy.PolicyCatalogue;
import vn.poverty.query.commune.CommuneQueries;
import vn.poverty.query.household.HouseholdQueries;
import vn.poverty.query.shared.CustomPlans;
import vn.poverty.query.shared.TimeSlice;
import vn.poverty.query.shared.Timestamps;

/**
 * Computes the {@link PeriodicReport} of one commune from the projection tables, as known at an instant:
 * <ul>
 *   <li>statuses in force at the start and the end with the SQL rule of the household list and the poverty report
 *       ({@link HouseholdQueries#STATUS_IN_FORCE}), so the poor and near-poor counts and rates equal those of
 *       {@code GET /api/reports/poverty} on the same dates; the recorded totals as {@link CommuneQueries} reads them;
 *   <li>NEWLY_ESCAPED (a derived status) with the shared rule {@link StatusHistory#newlyEscapedOn}, only for the
 *       households NOT_POOR on one of the two dates;
 *   <li>grants and loan facts of the period summed by the database.
 * </ul>
 */
@Component
public class PeriodicReports {

    /** Parameters: knownAt, date, household ids (PostgreSQL pushes a filter on the DISTINCT ON key into the rule). */
    private static final String STATUSES = "SELECT s.household_id, s.status FROM (" + HouseholdQueries.STATUS_IN_FORCE
            + ") s\n" + "WHERE s.household_id = ANY (?)";

    /** Parameters: commune, knownAt (household), knownAt (grant), from, to. */
    private static final String GRANTS = """
            SELECT g.policy_code, count(*) AS grants, COALESCE(sum(g.amount), 0) AS amount
            FROM q_grant g JOIN q_household h ON h.household_id = g.household_id
            WHERE h.commune_code = ? AND h.recorded_at <= ? AND g.recorded_at <= ?
              AND g.valid_from BETWEEN ? AND ?
            GROUP BY g.policy_code""";

    /** Parameters: commune, knownAt (loan), knownAt (fact), from, to. */
    private static final String LOAN_FACTS = """
            SELECT e.kind, count(*) AS facts, COALESCE(sum(e.amount), 0) AS amount
            FROM q_loan_event e JOIN q_loan l ON l.loan_id = e.loan_id
            WHERE l.commune_code = ? AND l.recorded_at <= ? AND e.recorded_at <= ?
              AND e.effective_on BETWEEN ? AND ?
              AND e.kind IN ('DISBURSED', 'REPAID', 'SETTLED', 'WRITTEN_OFF')
            GROUP BY e.kind""";

    private final JdbcTemplate jdbc;
    private final CommuneQueries communes;
    private final HouseholdQueries households;
    private final PolicyCatalogue policies;

    PeriodicReports(JdbcTemplate jdbc, CommuneQueries communes, HouseholdQueries households, PolicyCatalogue policies) {
        this.jdbc = jdbc;
        this.communes = communes;
        this.households = households;
        this.policies = policies;
    }

    /**
     * The report of commune {@code code} for {@code period} as known at {@code knownAt}; empty when the commune is
     * unknown at that instant or outside {@code scope} (the communes a commune officer may read; null for all).
     */
    public Optional<PeriodicReport> report(String code, Period period, Instant knownAt, Set<String> scope) {
        if (scope != null && !scope.contains(code)) {
            return Optional.empty();
        }
        LocalDate start = period.startAsOf();
        LocalDate end = period.to();
        Optional<CommuneQueries.CommuneView> atEnd = communes.find(code, new TimeSlice(end, knownAt));
        if (atEnd.isEmpty()) {
            return Optional.empty();
        }
        long totalAtStart = communes.find(code, new TimeSlice(start, knownAt))
                .map(CommuneQueries.CommuneView::totalHouseholds)
                .map(Integer::longValue)
                .orElse(0L);
        long totalAtEnd =
                atEnd.get().totalHouseholds() == null ? 0 : atEnd.get().totalHouseholds();

        List<PeriodicReport.Member> members = members(code, start, end, knownAt);
        return Optional.of(new PeriodicReport(
                atEnd.get().code(),
                atEnd.get().name(),
                period.code(),
                period.from(),
                period.to(),
                knownAt,
                PeriodicReport.figures(start, members, false, totalAtStart),
                PeriodicReport.figures(end, members, true, totalAtEnd),
                PeriodicReport.changes(members),
                PeriodicReport.grants(policies.codes(), grants(code, period, knownAt)),
                loans(code, period, knownAt)));
    }

    private List<PeriodicReport.Member> members(String code, LocalDate start, LocalDate end, Instant knownAt) {
        record Registered(String householdId, LocalDate registeredOn) {}
        List<Registered> registered = jdbc.query(
                "SELECT household_id, registered_on FROM q_household WHERE commune_code = ? AND recorded_at <= ?",
                (rs, i) -> new Registered(rs.getString(1), rs.getObject(2, LocalDate.class)),
                code,
                Timestamps.of(knownAt));
        if (registered.isEmpty()) {
            return List.of();
        }
        String[] ids = registered.stream().map(Registered::householdId).toArray(String[]::new);
        Map<String, HouseholdStatus> atStart = statuses(ids, start, knownAt);
        Map<String, HouseholdStatus> atEnd = statuses(ids, end, knownAt);
        // NEWLY_ESCAPED is derived from the whole history: read it only for the households that may be
        List<String> notPoor = registered.stream()
                .map(Registered::householdId)
                .filter(id -> atStart.get(id) == HouseholdStatus.NOT_POOR || atEnd.get(id) == HouseholdStatus.NOT_POOR)
                .toList();
        Map<String, StatusHistory> histories = households.histories(notPoor, new TimeSlice(null, knownAt));
        return registered.stream()
                .map(r -> {
                    StatusHistory history = histories.get(r.householdId());
                    HouseholdStatus first = atStart.getOrDefault(r.householdId(), HouseholdStatus.UNCLASSIFIED);
                    HouseholdStatus last = atEnd.getOrDefault(r.householdId(), HouseholdStatus.UNCLASSIFIED);
                    return new PeriodicReport.Member(
                            r.registeredOn(),
                            first,
                            first == HouseholdStatus.NOT_POOR && history.newlyEscapedOn(start),
                            last,
                            last == HouseholdStatus.NOT_POOR && history.newlyEscapedOn(end));
                })
                .toList();
    }

    private Map<String, HouseholdStatus> statuses(String[] ids, LocalDate date, Instant knownAt) {
        Map<String, HouseholdStatus> statuses = new HashMap<>();
        jdbc.query(CustomPlans.statement(STATUSES, Timestamps.of(knownAt), date, ids), rs -> {
            statuses.put(rs.getString(1), HouseholdStatus.valueOf(rs.getString(2)));
        });
        return statuses;
    }

    private List<PeriodicReport.PolicyGrants> grants(String code, Period period, Instant knownAt) {
        return jdbc.query(
                GRANTS,
                (rs, i) -> new PeriodicReport.PolicyGrants(rs.getString(1), rs.getLong(2), rs.getLong(3)),
                code,
                Timestamps.of(knownAt),
                Timestamps.of(knownAt),
                period.from(),
                period.to());
    }

    private PeriodicReport.Loans loans(String code, Period period, Instant knownAt) {
        Map<String, long[]> byKind = new HashMap<>();
        jdbc.query(
                LOAN_FACTS,
                rs -> {
                    byKind.put(rs.getString(1), new long[] {rs.getLong(2), rs.getLong(3)});
                },
                code,
                Timestamps.of(knownAt),
                Timestamps.of(knownAt),
                period.from(),
                period.to());
        long[] none = {0, 0};
        long[] disbursed = byKind.getOrDefault("DISBURSED", none);
        long[] repaid = byKind.getOrDefault("REPAID", none);
        long[] settled = byKind.getOrDefault("SETTLED", none);
        long[] writtenOff = byKind.getOrDefault("WRITTEN_OFF", none);
        return new PeriodicReport.Loans(
                disbursed[0], disbursed[1], repaid[0], repaid[1], settled[0], writtenOff[0], writtenOff[1]);
    }
}
