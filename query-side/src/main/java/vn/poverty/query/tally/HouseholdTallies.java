package vn.poverty.query.tally;

import java.sql.Array;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import vn.poverty.api.household.StatusHistory;
import vn.poverty.platform.policy.Policy;
import vn.poverty.platform.policy.PolicyCatalogue;
import vn.poverty.query.household.HouseholdGrant;
import vn.poverty.query.household.HouseholdQueries;
import vn.poverty.query.shared.BeforeCommit;
import vn.poverty.query.shared.CustomPlans;
import vn.poverty.query.shared.TimeSlice;

/**
 * Keeps {@code q_household_tally} and {@code q_tally_delta} (V6__tallies.sql) in step with the household projection.
 * The projection reports each household whose status facts or grants changed; at the end of the batch (Axon's
 * prepare-commit of the batch's unit of work, so in the transaction that stores the rows and the token) each such
 * household's intervals are recomputed from its facts and grants ({@link TallyIntervals}), compared with the stored
 * ones, and the difference is added to the per-commune daily deltas. The deltas are written in key order, so
 * concurrent segments (which share the hot rows of a commune's decision dates) never wait on each other in a cycle.
 */
@Component
public class HouseholdTallies {

    private static final String RESOURCE = HouseholdTallies.class.getName() + ".changed";
    /** Every fact and grant recorded so far. */
    private static final Instant EVERYTHING = Instant.parse("9999-12-31T00:00:00Z");

    private final JdbcTemplate jdbc;
    private final HouseholdQueries households;
    private final List<Policy> universal;

    public HouseholdTallies(JdbcTemplate jdbc, HouseholdQueries households, PolicyCatalogue catalogue) {
        this.jdbc = jdbc;
        this.households = households;
        this.universal = catalogue.universal();
    }

    /** The household's facts or grants changed in the current batch: recompute it before the batch commits. */
    public void changed(String householdId) {
        BeforeCommit.collect(RESOURCE, householdId, this::recompute);
    }

    /** Empties both tables (a projection reset). */
    public void clear() {
        jdbc.update("TRUNCATE q_tally_delta, q_household_tally");
    }

    private record Key(LocalDate day, String commune, String metric, String item) implements Comparable<Key> {
        @Override
        public int compareTo(Key o) {
            int c = day.compareTo(o.day);
            if (c == 0) c = commune.compareTo(o.commune);
            if (c == 0) c = metric.compareTo(o.metric);
            if (c == 0) c = item.compareTo(o.item);
            return c;
        }
    }

    private record Stored(String metric, String item, LocalDate from, LocalDate to) {}

    void recompute(Set<String> ids) {
        if (ids.isEmpty()) {
            return;
        }
        List<String> list = List.copyOf(ids);
        record Household(String commune, boolean merit) {}
        Map<String, Household> registered = new HashMap<>();
        jdbc.query(
                con -> {
                    var statement = CustomPlans.prepare(
                            con,
                            "SELECT household_id, commune_code, merit_household FROM q_household"
                                    + " WHERE household_id = ANY (?)");
                    statement.setArray(1, con.createArrayOf("varchar", list.toArray()));
                    return statement;
                },
                rs -> {
                    registered.put(rs.getString(1), new Household(rs.getString(2), rs.getBoolean(3)));
                });
        Map<String, StatusHistory> histories = households.histories(list, new TimeSlice(null, EVERYTHING));
        Map<String, List<HouseholdGrant>> grants = households.grants(list, EVERYTHING);
        Map<String, Set<Stored>> old = new HashMap<>();
        jdbc.query(
                con -> {
                    var statement = CustomPlans.prepare(
                            con,
                            "SELECT household_id, metric, item, from_day, to_day FROM q_household_tally"
                                    + " WHERE household_id = ANY (?)");
                    Array array = con.createArrayOf("varchar", list.toArray());
                    statement.setArray(1, array);
                    return statement;
                },
                rs -> {
                    old.computeIfAbsent(rs.getString(1), k -> new HashSet<>())
                            .add(new Stored(
                                    rs.getString(2),
                                    rs.getString(3),
                                    rs.getObject(4, LocalDate.class),
                                    rs.getObject(5, LocalDate.class)));
                });
        TreeMap<Key, Long> deltas = new TreeMap<>();
        List<String> rewritten = new ArrayList<>();
        List<Object[]> inserts = new ArrayList<>();
        for (String id : list) {
            Household household = registered.get(id);
            if (household == null) {
                continue; // not registered (yet): nothing counts
            }
            Set<Stored> now = new HashSet<>();
            for (TallyIntervals.Interval interval : TallyIntervals.of(
                    histories.get(id), grants.getOrDefault(id, List.of()), household.merit(), universal)) {
                now.add(new Stored(
                        interval.figure().metric(), interval.figure().item(), interval.from(), interval.to()));
            }
            Set<Stored> before = old.getOrDefault(id, Set.of());
            if (now.equals(before)) {
                continue;
            }
            for (Stored gone : before) {
                if (!now.contains(gone)) {
                    add(deltas, household.commune(), gone, -1);
                }
            }
            for (Stored come : now) {
                if (!before.contains(come)) {
                    add(deltas, household.commune(), come, +1);
                }
            }
            rewritten.add(id);
            for (Stored s : now) {
                inserts.add(new Object[] {id, household.commune(), s.metric(), s.item(), s.from(), s.to()});
            }
        }
        if (!rewritten.isEmpty()) {
            jdbc.update(con -> {
                var statement = CustomPlans.prepare(con, "DELETE FROM q_household_tally WHERE household_id = ANY (?)");
                statement.setArray(1, con.createArrayOf("varchar", rewritten.toArray()));
                return statement;
            });
            jdbc.batchUpdate(
                    "INSERT INTO q_household_tally (household_id, commune_code, metric, item, from_day, to_day)"
                            + " VALUES (?, ?, ?, ?, ?, ?)",
                    inserts);
        }
        deltas.values().removeIf(delta -> delta == 0);
        if (deltas.isEmpty()) {
            return;
        }
        List<Object[]> upserts = new ArrayList<>();
        deltas.forEach(
                (key, delta) -> upserts.add(new Object[] {key.day(), key.commune(), key.metric(), key.item(), delta}));
        jdbc.batchUpdate("""
                INSERT INTO q_tally_delta (day, commune_code, metric, item, delta) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (day, commune_code, metric, item) DO UPDATE SET delta = q_tally_delta.delta + EXCLUDED.delta""", upserts);
        // rows whose delta came back to 0 stay (deleting them could make concurrent segments wait on each other)
    }

    /** +sign on the interval's first day, -sign on its end (when it ends). */
    private static void add(TreeMap<Key, Long> deltas, String commune, Stored interval, int sign) {
        deltas.merge(new Key(interval.from(), commune, interval.metric(), interval.item()), (long) sign, Long::sum);
        if (interval.to() != null) {
            deltas.merge(new Key(interval.to(), commune, interval.metric(), interval.item()), (long) -sign, Long::sum);
        }
    }
}
