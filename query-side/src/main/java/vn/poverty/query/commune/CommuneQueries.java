package vn.poverty.query.commune;

import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import vn.poverty.query.shared.TimeSlice;
import vn.poverty.query.shared.Timestamps;

/** Communes with their household total in force on a date. */
@Component
public class CommuneQueries {

    /** A commune and its recorded household total on the asOf date ({@code null} when none is recorded yet). */
    public record CommuneView(String code, String name, String areaType, Integer totalHouseholds) {}

    private final JdbcTemplate jdbc;

    CommuneQueries(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** All communes, or only those of {@code communeScope} when it is not null. */
    public List<CommuneView> all(TimeSlice slice, java.util.Set<String> communeScope) {
        List<CommuneView> all = query(slice, null);
        return communeScope == null
                ? all
                : all.stream().filter(c -> communeScope.contains(c.code())).toList();
    }

    public Optional<CommuneView> find(String code, TimeSlice slice) {
        return query(slice, code).stream().findFirst();
    }

    private List<CommuneView> query(TimeSlice slice, String code) {
        var knownAt = Timestamps.of(slice.knownAt());
        String sql = """
                SELECT c.code, c.name, c.area_type,
                       (SELECT n.total_households FROM q_commune_household_count n
                        WHERE n.code = c.code AND n.as_of <= ? AND n.recorded_at <= ?
                        ORDER BY n.as_of DESC, n.sequence_number DESC LIMIT 1) AS total
                FROM q_commune c WHERE c.recorded_at <= ?""" + (code == null ? "" : " AND c.code = ?") + " ORDER BY c.code";
        Object[] params = code == null
                ? new Object[] {slice.asOf(), knownAt, knownAt}
                : new Object[] {slice.asOf(), knownAt, knownAt, code};
        return jdbc.query(
                sql,
                (rs, i) ->
                        new CommuneView(rs.getString(1), rs.getString(2), rs.getString(3), (Integer) rs.getObject(4)),
                params);
    }
}
