package vn.poverty.query.coverage;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import vn.poverty.api.household.StatusHistory;
import vn.poverty.platform.policy.Policy;
import vn.poverty.platform.policy.PolicyCatalogue;
import vn.poverty.query.commune.CommuneQueries;
import vn.poverty.query.household.HouseholdGrant;
import vn.poverty.query.household.HouseholdQueries;
import vn.poverty.query.shared.TimeSlice;
import vn.poverty.query.shared.Timestamps;

/**
 * Loads the {@link CoverageBasis} of a report: the households of its communes with their status histories and grants
 * as known at an instant, in three queries. Entitlement is then decided in Java with the policy catalogue, which is
 * right for any data-driven catalogue (entitlements changing from a date, NEWLY_ESCAPED) but reads every household
 * of the communes on each request: correctness first; issue 8 (coverage at scale) will make it scale.
 */
@Component
public class CoverageQueries {

    private final JdbcTemplate jdbc;
    private final HouseholdQueries households;
    private final CommuneQueries communes;
    private final PolicyCatalogue catalogue;

    CoverageQueries(
            JdbcTemplate jdbc, HouseholdQueries households, CommuneQueries communes, PolicyCatalogue catalogue) {
        this.jdbc = jdbc;
        this.households = households;
        this.communes = communes;
        this.catalogue = catalogue;
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
                        """
                SELECT household_id, commune_code, hamlet, head_full_name FROM q_household
                WHERE recorded_at <= ? AND commune_code = ANY (?)
                ORDER BY commune_code, hamlet, head_full_name, household_id""",
                        (rs, i) -> new Registered(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)),
                        Timestamps.of(knownAt),
                        codes);
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
