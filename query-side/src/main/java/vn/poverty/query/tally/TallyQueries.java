package vn.poverty.query.tally;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import vn.poverty.query.shared.CustomPlans;

/**
 * Counts of households per commune and figure as of any date, from {@code q_tally_delta}; valid for a report known
 * at {@code knownAt} when nothing the tallies are made of was recorded after it ({@link #current}).
 */
@Component
public class TallyQueries {

    private final JdbcTemplate jdbc;

    TallyQueries(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Whether the tallies are what was known at {@code knownAt}: no status fact, grant or grant end recorded after
     * it (the usual case: a report "as known now"). Otherwise reports read the bitemporal tables.
     */
    public boolean current(Instant knownAt) {
        OffsetDateTime latest = jdbc.queryForObject("""
                SELECT greatest((SELECT max(recorded_at) FROM q_status_fact), (SELECT max(recorded_at) FROM q_grant),
                                (SELECT max(recorded_at) FROM q_grant_end))""", OffsetDateTime.class);
        return latest == null || !latest.toInstant().isAfter(knownAt);
    }

    /** Per commune (of {@code communes}), the number of households counting in each figure on {@code asOf}. */
    public Map<String, Map<TallyIntervals.Figure, Long>> counts(LocalDate asOf, List<String> communes) {
        Map<String, Map<TallyIntervals.Figure, Long>> counts = new HashMap<>();
        if (communes.isEmpty()) {
            return counts;
        }
        jdbc.query(
                con -> {
                    var statement = CustomPlans.prepare(con, """
                            SELECT commune_code, metric, item, sum(delta) FROM q_tally_delta
                            WHERE day <= ? AND commune_code = ANY (?)
                            GROUP BY commune_code, metric, item""");
                    statement.setObject(1, asOf);
                    statement.setArray(2, con.createArrayOf("varchar", communes.toArray()));
                    return statement;
                },
                rs -> {
                    counts.computeIfAbsent(rs.getString(1), k -> new HashMap<>())
                            .put(new TallyIntervals.Figure(rs.getString(2), rs.getString(3)), rs.getLong(4));
                });
        return counts;
    }
}
