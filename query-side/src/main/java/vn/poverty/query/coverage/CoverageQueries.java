package vn.poverty.query.coverage;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.dao.support.DataAccessUtils;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.SingleColumnRowMapper;
import org.springframework.stereotype.Component;
import vn.poverty.api.household.StatusHistory;
import vn.poverty.platform.policy.Policy;
import vn.poverty.platform.policy.PolicyCatalogue;
import vn.poverty.query.commune.CommuneQueries;
import vn.poverty.query.household.HouseholdGrant;
import vn.poverty.query.household.HouseholdQueries;
import vn.poverty.query.shared.CustomPlans;
import vn.poverty.query.shared.TimeSlice;
import vn.poverty.query.shared.Timestamps;
import vn.poverty.query.tally.TallyIntervals;
import vn.poverty.query.tally.TallyQueries;

/**
 * Loads the {@link CoverageBasis} of a report: the households of its communes with their status histories and grants
 * as known at an instant, in three queries. Entitlement is then decided in Java with the policy catalogue, which is
 * right for any data-driven catalogue (entitlements changing from a date, NEWLY_ESCAPED) but reads every household
 * of the communes on each request. Reports as known now read the tallies instead ({@link #reports}, {@link #gaps}).
 */
@Component
public class CoverageQueries {

    private final JdbcTemplate jdbc;
    private final HouseholdQueries households;
    private final CommuneQueries communes;
    private final PolicyCatalogue catalogue;
    private final TallyQueries tallies;

    CoverageQueries(
            JdbcTemplate jdbc,
            HouseholdQueries households,
            CommuneQueries communes,
            PolicyCatalogue catalogue,
            TallyQueries tallies) {
        this.jdbc = jdbc;
        this.households = households;
        this.communes = communes;
        this.catalogue = catalogue;
        this.tallies = tallies;
    }

    /** The coverage report of the communes on the slice's date. */
    public CoverageReport report(List<CoverageBasis.Commune> reportCommunes, TimeSlice slice) {
        return reports(reportCommunes, List.of(slice.asOf()), slice.knownAt()).get(0);
    }

    /**
     * The coverage reports of the communes on each date, as known at {@code knownAt}: from the tallies when they are
     * what was known then (TallyQueries#current), else from one {@link CoverageBasis} (every household's history).
     */
    public List<CoverageReport> reports(
            List<CoverageBasis.Commune> reportCommunes, List<LocalDate> dates, Instant knownAt) {
        if (!tallies.current(knownAt)) {
            CoverageBasis basis = basis(reportCommunes, knownAt);
            return dates.stream().map(basis::reportOn).toList();
        }
        List<Policy> universal = catalogue.universal();
        List<String> codes =
                reportCommunes.stream().map(CoverageBasis.Commune::code).toList();
        List<CoverageReport> reports = new ArrayList<>();
        for (LocalDate date : dates) {
            Map<String, Map<TallyIntervals.Figure, Long>> counts = tallies.counts(date, codes);
            long[][] district = new long[universal.size()][2];
            List<CoverageReport.CommuneCoverage> perCommune = new ArrayList<>();
            for (CoverageBasis.Commune commune : reportCommunes) {
                Map<TallyIntervals.Figure, Long> of = counts.getOrDefault(commune.code(), Map.of());
                List<CoverageReport.PolicyCoverage> figures = new ArrayList<>();
                for (int p = 0; p < universal.size(); p++) {
                    String policy = universal.get(p).policyCode();
                    long entitled = of.getOrDefault(new TallyIntervals.Figure(TallyIntervals.ENTITLED, policy), 0L);
                    long covered = of.getOrDefault(new TallyIntervals.Figure(TallyIntervals.COVERED, policy), 0L);
                    figures.add(CoverageReport.PolicyCoverage.of(policy, entitled, covered));
                    district[p][0] += entitled;
                    district[p][1] += covered;
                }
                perCommune.add(new CoverageReport.CommuneCoverage(commune.code(), commune.name(), figures));
            }
            List<CoverageReport.PolicyCoverage> overall = new ArrayList<>();
            for (int p = 0; p < universal.size(); p++) {
                overall.add(CoverageReport.PolicyCoverage.of(
                        universal.get(p).policyCode(), district[p][0], district[p][1]));
            }
            reports.add(new CoverageReport(date, overall, perCommune));
        }
        return reports;
    }

    /** One page of coverage gaps and how many there are in all. */
    public record GapPage(List<CoverageGap> gaps, long total) {}

    /**
     * The gaps of the communes on the slice's date (of {@code policyCode} only, when not null), in the order of
     * {@link CoverageBasis#gapsOn}, from {@code offset}, at most {@code limit}.
     */
    public GapPage gaps(
            List<CoverageBasis.Commune> reportCommunes, TimeSlice slice, String policyCode, long offset, int limit) {
        if (!tallies.current(slice.knownAt())) {
            List<CoverageGap> gaps = basis(reportCommunes, slice.knownAt()).gapsOn(slice.asOf(), policyCode);
            int from = (int) Math.min(offset, gaps.size());
            int to = (int) Math.min((long) from + limit, gaps.size());
            return new GapPage(gaps.subList(from, to), gaps.size());
        }
        String[] codes =
                reportCommunes.stream().map(CoverageBasis.Commune::code).toArray(String[]::new);
        String[] policies = catalogue.universal().stream()
                .map(Policy::policyCode)
                .filter(p -> policyCode == null || p.equals(policyCode))
                .toArray(String[]::new);
        LocalDate asOf = slice.asOf();
        String from = """
                FROM q_household_tally e
                JOIN q_household h ON h.household_id = e.household_id
                JOIN q_household_tally s ON s.household_id = e.household_id AND s.metric = 'STATUS'
                     AND s.item <> 'MERIT_POOR' AND s.from_day <= ? AND (s.to_day IS NULL OR s.to_day > ?)
                WHERE e.metric = 'ENTITLED' AND e.commune_code = ANY (?) AND e.item = ANY (?)
                  AND e.from_day <= ? AND (e.to_day IS NULL OR e.to_day > ?)
                  AND NOT EXISTS (SELECT 1 FROM q_household_tally c
                                  WHERE c.household_id = e.household_id AND c.metric = 'COVERED' AND c.item = e.item
                                    AND c.from_day <= ? AND (c.to_day IS NULL OR c.to_day > ?))""";
        Long total = DataAccessUtils.requiredSingleResult(jdbc.query(
                CustomPlans.statement("SELECT count(*) " + from, asOf, asOf, codes, policies, asOf, asOf, asOf, asOf),
                new SingleColumnRowMapper<>(Long.class)));
        List<CoverageGap> gaps = jdbc.query(
                CustomPlans.statement(
                        "SELECT h.household_id, h.commune_code, h.hamlet, h.head_full_name, s.item, e.item " + from
                                + " ORDER BY h.commune_code, h.hamlet, h.head_full_name, h.household_id,"
                                + " e.item COLLATE \"C\" LIMIT ? OFFSET ?",
                        asOf,
                        asOf,
                        codes,
                        policies,
                        asOf,
                        asOf,
                        asOf,
                        asOf,
                        limit,
                        offset),
                (rs, i) -> new CoverageGap(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getString(6)));
        return new GapPage(gaps, total == null ? 0 : total);
    }

    /**
     * The communes a report covers, as known at the slice's knownAt: the one named by {@code communeCode} (empty
     * when it is unknown or outside {@code scope}), or, when it is null, every commune of the scope (all when the
     * scope is null).
     */
    public Optional<List<CoverageBasis.Commune>> communes(String communeCode, Set<String> scope, TimeSlice slice) {
        if (communeCode == null) {
            return Optional.of(communes.all(slice, scope).stream()
                    .map(c -> new CoverageBasis.Commune(c.code(), c.name()))
                    .toList());
        }
        if (scope != null && !scope.contains(communeCode)) {
            return Optional.empty();
        }
        return communes.find(communeCode, slice).map(c -> List.of(new CoverageBasis.Commune(c.code(), c.name())));
    }

    /** The universal policy of this code, if the catalogue has one. */
    public Optional<Policy> universalPolicy(String policyCode) {
        return catalogue.policy(policyCode).filter(Policy::universal);
    }

    /** The households of {@code reportCommunes} with their histories and grants as known at {@code knownAt}. */
    public CoverageBasis basis(List<CoverageBasis.Commune> reportCommunes, Instant knownAt) {
        String[] codes =
                reportCommunes.stream().map(CoverageBasis.Commune::code).toArray(String[]::new);
        record Registered(String householdId, String communeCode, String hamlet, String headName) {}
        // the order of the gaps, collated by the database like the household list
        List<Registered> registered = codes.length == 0
                ? List.of()
                : jdbc.query(
                        CustomPlans.statement("""
                SELECT household_id, commune_code, hamlet, head_full_name FROM q_household
                WHERE recorded_at <= ? AND commune_code = ANY (?)
                ORDER BY commune_code, hamlet, head_full_name, household_id""", Timestamps.of(knownAt), codes),
                        (rs, i) -> new Registered(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)));
        List<String> ids = registered.stream().map(Registered::householdId).toList();
        // a history holds every date: only knownAt selects its facts
        Map<String, StatusHistory> histories = households.histories(ids, new TimeSlice(null, knownAt));
        Map<String, List<HouseholdGrant>> grants = households.grants(ids, knownAt);
        List<CoverageBasis.Member> members = registered.stream()
                .map(r -> new CoverageBasis.Member(
                        r.householdId(),
                        r.communeCode(),
                        r.hamlet(),
                        r.headName(),
                        histories.get(r.householdId()),
                        grants.get(r.householdId())))
                .toList();
        return new CoverageBasis(catalogue.universal(), reportCommunes, members);
    }
}
