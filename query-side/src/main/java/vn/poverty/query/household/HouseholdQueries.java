package vn.poverty.query.household;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import vn.poverty.api.household.HouseholdStatus;
import vn.poverty.api.household.StatusHistory;
import vn.poverty.query.loan.LoanHistory;
import vn.poverty.query.loan.LoanQueries;
import vn.poverty.query.shared.CustomPlans;
import vn.poverty.query.shared.Page;
import vn.poverty.query.shared.TimeSlice;
import vn.poverty.query.shared.Timestamps;

/** Reads households from the projection tables, for any asOf date and knownAt instant. */
@Component
public class HouseholdQueries {

    /**
     * The status row in force per household: SQL form of {@link StatusHistory#statusOn}. Parameters: knownAt, asOf.
     */
    public static final String STATUS_IN_FORCE = """
            SELECT DISTINCT ON (f.household_id) f.household_id, f.status
            FROM q_status_fact f
            WHERE f.recorded_at <= ? AND f.effective_from <= ?
            ORDER BY f.household_id, f.effective_from DESC, f.recognition_sequence DESC, f.sequence_number DESC""";

    private final JdbcTemplate jdbc;
    private final LoanQueries loans;

    HouseholdQueries(JdbcTemplate jdbc, LoanQueries loans) {
        this.jdbc = jdbc;
        this.loans = loans;
    }

    /**
     * Criteria of the household list; null fields do not filter. {@code communeScope}: the communes the user may
     * read, or null for all.
     */
    public record Filter(String communeCode, HouseholdStatus status, java.util.Set<String> communeScope) {}

    public Optional<HouseholdView> find(String householdId, TimeSlice slice) {
        List<Row> rows = jdbc.query(
                "SELECT * FROM q_household WHERE household_id = ? AND recorded_at <= ?",
                HouseholdQueries::row,
                householdId,
                Timestamps.of(slice.knownAt()));
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        Map<String, StatusHistory> histories = histories(List.of(householdId), slice);
        Map<String, List<HouseholdGrant>> grants = grants(List.of(householdId), slice.knownAt());
        Map<String, List<LoanHistory>> loanHistories = loans.ofHouseholds(List.of(householdId), slice.knownAt());
        return Optional.of(view(
                rows.get(0),
                histories.get(householdId),
                grants.get(householdId),
                loanHistories.get(householdId),
                slice.asOf()));
    }

    public Page<HouseholdView> list(Filter filter, int page, int size, TimeSlice slice) {
        List<Object> params = new ArrayList<>();
        params.add(Timestamps.of(slice.knownAt()));
        params.add(slice.asOf());
        StringBuilder sql = new StringBuilder("WITH status AS (" + STATUS_IN_FORCE + ")\n"
                + "SELECT h.*, COALESCE(s.status, 'UNCLASSIFIED') AS current_status, count(*) OVER () AS total\n"
                + "FROM q_household h LEFT JOIN status s ON s.household_id = h.household_id\n"
                + "WHERE h.recorded_at <= ?");
        params.add(Timestamps.of(slice.knownAt()));
        if (filter.communeCode() != null) {
            sql.append(" AND h.commune_code = ?");
            params.add(filter.communeCode());
        }
        if (filter.communeScope() != null) {
            sql.append(" AND h.commune_code = ANY (?)");
            params.add(filter.communeScope().toArray(String[]::new));
        }
        if (filter.status() != null) {
            sql.append(" AND COALESCE(s.status, 'UNCLASSIFIED') = ?");
            params.add(filter.status().name());
        }
        sql.append(" ORDER BY h.commune_code, h.hamlet, h.head_full_name, h.household_id LIMIT ? OFFSET ?");
        params.add(size);
        params.add((long) page * size);
        long[] total = {0};
        List<Row> rows = jdbc.query(CustomPlans.statement(sql.toString(), params.toArray()), (rs, i) -> {
            total[0] = rs.getLong("total");
            return row(rs, i);
        });
        if (rows.isEmpty() && page > 0) {
            total[0] = count(filter, slice);
        }
        List<String> ids = rows.stream().map(Row::householdId).toList();
        Map<String, StatusHistory> histories = histories(ids, slice);
        Map<String, List<HouseholdGrant>> grants = grants(ids, slice.knownAt());
        Map<String, List<LoanHistory>> loanHistories = loans.ofHouseholds(ids, slice.knownAt());
        List<HouseholdView> items = rows.stream()
                .map(r -> view(
                        r,
                        histories.get(r.householdId()),
                        grants.get(r.householdId()),
                        loanHistories.get(r.householdId()),
                        slice.asOf()))
                .toList();
        return new Page<>(items, page, size, total[0]);
    }

    private long count(Filter filter, TimeSlice slice) {
        return list(filter, 0, 1, slice).total();
    }

    /** Status histories of several households, from the facts recorded up to knownAt. */
    public Map<String, StatusHistory> histories(List<String> householdIds, TimeSlice slice) {
        Map<String, List<StatusHistory.Fact>> facts = new HashMap<>();
        if (!householdIds.isEmpty()) {
            jdbc.query(
                    con -> {
                        var statement = CustomPlans.prepare(con, """
                        SELECT household_id, assessment_id, effective_from, recognition_sequence, sequence_number,
                               status
                        FROM q_status_fact WHERE household_id = ANY (?) AND recorded_at <= ?""");
                        Array ids = con.createArrayOf("varchar", householdIds.toArray());
                        statement.setArray(1, ids);
                        statement.setObject(2, Timestamps.of(slice.knownAt()));
                        return statement;
                    },
                    rs -> {
                        facts.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                                .add(new StatusHistory.Fact(
                                        rs.getString(2),
                                        rs.getObject(3, LocalDate.class),
                                        rs.getLong(4),
                                        rs.getLong(5),
                                        HouseholdStatus.valueOf(rs.getString(6))));
                    });
        }
        Map<String, StatusHistory> histories = new HashMap<>();
        householdIds.forEach(id -> histories.put(id, StatusHistory.of(facts.getOrDefault(id, List.of()))));
        return histories;
    }

    /**
     * The grants of several households recorded up to knownAt, each with the earliest end (revocation or automatic
     * end) recorded up to knownAt; per household in order of validFrom, policy code and grant id. Every household
     * asked for has an entry (an empty list when it has no grants).
     */
    public Map<String, List<HouseholdGrant>> grants(List<String> householdIds, Instant knownAt) {
        Map<String, List<HouseholdGrant>> grants = new HashMap<>();
        householdIds.forEach(id -> grants.put(id, new ArrayList<>()));
        if (!householdIds.isEmpty()) {
            jdbc.query(
                    con -> {
                        var statement = CustomPlans.prepare(con, """
                        SELECT g.grant_id, g.household_id, g.policy_code, g.valid_from, g.valid_to,
                               (SELECT min(e.ended_on) FROM q_grant_end e
                                WHERE e.grant_id = g.grant_id AND e.recorded_at <= ?) AS inactive_from
                        FROM q_grant g
                        WHERE g.household_id = ANY (?) AND g.recorded_at <= ?
                        ORDER BY g.household_id, g.valid_from, g.policy_code, g.grant_id""");
                        statement.setObject(1, Timestamps.of(knownAt));
                        statement.setArray(2, con.createArrayOf("varchar", householdIds.toArray()));
                        statement.setObject(3, Timestamps.of(knownAt));
                        return statement;
                    },
                    rs -> {
                        grants.computeIfAbsent(rs.getString(2), k -> new ArrayList<>())
                                .add(new HouseholdGrant(
                                        rs.getString(1),
                                        rs.getString(2),
                                        rs.getString(3),
                                        rs.getObject(4, LocalDate.class),
                                        rs.getObject(5, LocalDate.class),
                                        rs.getObject(6, LocalDate.class)));
                    });
        }
        return grants;
    }

    private static HouseholdView view(
            Row row,
            StatusHistory history,
            List<HouseholdGrant> grants,
            List<LoanHistory> loanHistories,
            LocalDate asOf) {
        HouseholdStatus status = history.statusOn(asOf);
        // the loans applied for by asOf, in their state on asOf
        List<HouseholdView.Loan> loans = loanHistories.stream()
                .flatMap(l -> l.viewOn(asOf).stream())
                .map(l -> new HouseholdView.Loan(l.loanId(), l.programCode(), l.state(), l.outstanding(), l.overdue()))
                .toList();
        return new HouseholdView(
                row.householdId(),
                row.communeCode(),
                row.hamlet(),
                row.areaType(),
                new HouseholdView.Head(row.fullName(), row.nationalId(), row.birthYear()),
                row.memberCount(),
                row.merit(),
                row.ethnicMinority(),
                row.registeredOn(),
                status,
                history.statusSince(asOf).orElse(row.registeredOn()),
                history.newlyEscapedOn(asOf),
                grants.stream().map(g -> g.viewOn(asOf)).toList(),
                loans);
    }

    private record Row(
            String householdId,
            String communeCode,
            String hamlet,
            String areaType,
            String fullName,
            String nationalId,
            Integer birthYear,
            int memberCount,
            boolean merit,
            boolean ethnicMinority,
            LocalDate registeredOn) {}

    private static Row row(ResultSet rs, int rowNum) throws SQLException {
        return new Row(
                rs.getString("household_id"),
                rs.getString("commune_code"),
                rs.getString("hamlet"),
                rs.getString("area_type"),
                rs.getString("head_full_name"),
                rs.getString("head_national_id"),
                (Integer) rs.getObject("head_birth_year"),
                rs.getInt("member_count"),
                rs.getBoolean("merit_household"),
                rs.getBoolean("ethnic_minority"),
                rs.getObject("registered_on", LocalDate.class));
    }
}
