package vn.poverty.query.poverty;

import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import vn.poverty.query.household.HouseholdQueries;
import vn.poverty.query.shared.CustomPlans;
import vn.poverty.query.shared.TimeSlice;
import vn.poverty.query.shared.Timestamps;
import vn.poverty.query.tally.TallyQueries;

/**
 * Counts households by status per commune for any asOf date and knownAt instant: from the tallies when they are what
 * was known at knownAt, else from the status facts (the same rule, StatusHistory; PovertyFastPathIT compares both).
 */
@Component
public class PovertyQueries {

    private final JdbcTemplate jdbc;
    private final TallyQueries tallies;

    PovertyQueries(JdbcTemplate jdbc, TallyQueries tallies) {
        this.jdbc = jdbc;
        this.tallies = tallies;
    }

    public PovertyReport report(TimeSlice slice, String communeCode, java.util.Set<String> communeScope) {
        var knownAt = Timestamps.of(slice.knownAt());
        List<Object> params = new ArrayList<>();
        String tallies;
        if (this.tallies.current(slice.knownAt())) {
            // as known now: the daily count changes of q_tally_delta (a few thousand rows, whatever the households)
            tallies = """
                    tallies AS (
                        SELECT commune_code,
                               sum(delta) FILTER (WHERE metric = 'STATUS' AND item = 'POOR') AS poor,
                               sum(delta) FILTER (WHERE metric = 'STATUS' AND item = 'NEAR_POOR') AS near_poor,
                               sum(delta) FILTER (WHERE metric = 'STATUS' AND item = 'MERIT_POOR') AS merit_poor
                        FROM q_tally_delta WHERE day <= ? AND metric = 'STATUS'
                        GROUP BY commune_code)""";
            params.addAll(List.of(slice.asOf(), knownAt, slice.asOf()));
        } else {
            // as known at a past instant: each household's status in force from the bitemporal facts
            tallies = """
                    status AS (%s),
                    tallies AS (
                        SELECT h.commune_code,
                               count(*) FILTER (WHERE s.status = 'POOR') AS poor,
                               count(*) FILTER (WHERE s.status = 'NEAR_POOR') AS near_poor,
                               count(*) FILTER (WHERE s.status = 'POOR' AND h.merit_household) AS merit_poor
                        FROM status s JOIN q_household h ON h.household_id = s.household_id
                        WHERE h.recorded_at <= ?
                        GROUP BY h.commune_code)""".formatted(HouseholdQueries.STATUS_IN_FORCE);
            params.addAll(List.of(slice.asOf(), knownAt, knownAt, slice.asOf(), knownAt));
        }
        String sql = """
                WITH counts AS (
                    SELECT DISTINCT ON (code) code, total_households
                    FROM q_commune_household_count
                    WHERE as_of <= ? AND recorded_at <= ?
                    ORDER BY code, as_of DESC, sequence_number DESC),
                """ + tallies + """

                SELECT c.code, c.name, COALESCE(n.total_households, 0) AS total, COALESCE(t.poor, 0) AS poor,
                       COALESCE(t.near_poor, 0) AS near_poor, COALESCE(t.merit_poor, 0) AS merit_poor
                FROM q_commune c
                LEFT JOIN counts n ON n.code = c.code
                LEFT JOIN tallies t ON t.commune_code = c.code
                WHERE c.recorded_at <= ?""";
        params.add(knownAt);
        if (communeCode != null) {
            sql += " AND c.code = ?";
            params.add(communeCode);
        }
        if (communeScope != null) {
            sql += " AND c.code = ANY (?)";
            params.add(communeScope.toArray(String[]::new));
        }
        sql += " ORDER BY c.code";
        List<PovertyReport.CommuneFigures> communes =
                jdbc.query(CustomPlans.statement(sql, params.toArray()), (rs, i) -> {
                    long total = rs.getLong("total");
                    long poor = rs.getLong("poor");
                    long nearPoor = rs.getLong("near_poor");
                    return new PovertyReport.CommuneFigures(
                            rs.getString("code"),
                            rs.getString("name"),
                            total,
                            poor,
                            nearPoor,
                            PovertyReport.rate(poor, total),
                            PovertyReport.rate(nearPoor, total),
                            rs.getLong("merit_poor"));
                });
        return PovertyReport.of(slice.asOf(), communes);
    }
}
