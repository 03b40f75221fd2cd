package vn.poverty.query.loan;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import vn.poverty.query.shared.BeforeCommit;
import vn.poverty.query.shared.CustomPlans;

/**
 * Keeps {@code q_loan_tally} and {@code q_loan_tally_delta} (V7__loan_tallies.sql) in step with the loan projection,
 * as {@code HouseholdTallies} does for households: the projection reports each loan whose facts changed; before the
 * batch commits, each such loan's intervals ({@link LoanTallyIntervals}) are recomputed from its history, compared with
 * the stored ones, and the difference is added to the per-commune, per-programme daily deltas, written in key order
 * (segments share a commune's hot rows and must never wait on each other in a cycle). The portfolio report as known
 * now then adds up a few thousand deltas instead of walking every loan.
 */
@Component
public class LoanTallies {

    private static final String RESOURCE = LoanTallies.class.getName() + ".changed";
    /** Every fact recorded so far. */
    private static final Instant EVERYTHING = Instant.parse("9999-12-31T00:00:00Z");

    private final JdbcTemplate jdbc;
    private final LoanQueries loans;

    LoanTallies(JdbcTemplate jdbc, LoanQueries loans) {
        this.jdbc = jdbc;
        this.loans = loans;
    }

    /** The loan's facts changed in the current batch: recompute it before the batch commits. */
    void changed(String loanId) {
        BeforeCommit.collect(RESOURCE, loanId, this::recompute);
    }

    /** Empties both tables (a projection reset). */
    void clear() {
        jdbc.update("TRUNCATE q_loan_tally_delta, q_loan_tally");
    }

    /** Whether the tallies are what was known at {@code knownAt}: no loan or loan fact recorded after it. */
    public boolean current(Instant knownAt) {
        OffsetDateTime latest = jdbc.queryForObject(
                "SELECT greatest((SELECT max(recorded_at) FROM q_loan), (SELECT max(recorded_at) FROM q_loan_event))",
                OffsetDateTime.class);
        return latest == null || !latest.toInstant().isAfter(knownAt);
    }

    /** The portfolio's groups with active loans on {@code asOf}, per commune of {@code communes} and programme. */
    public List<LoanReport.Tally> tallies(LocalDate asOf, List<String> communes) {
        record Group(String commune, String program) {}
        Map<Group, Map<String, Long>> sums = new HashMap<>();
        jdbc.query(
                con -> {
                    var statement = CustomPlans.prepare(con, """
                            SELECT commune_code, program_code, metric, sum(delta) FROM q_loan_tally_delta
                            WHERE day <= ? AND commune_code = ANY (?)
                            GROUP BY commune_code, program_code, metric""");
                    statement.setObject(1, asOf);
                    statement.setArray(2, con.createArrayOf("varchar", communes.toArray()));
                    return statement;
                },
                rs -> {
                    sums.computeIfAbsent(new Group(rs.getString(1), rs.getString(2)), k -> new HashMap<>())
                            .put(rs.getString(3), rs.getLong(4));
                });
        List<LoanReport.Tally> tallies = new ArrayList<>();
        sums.forEach((group, figures) -> {
            long active = figures.getOrDefault(LoanTallyIntervals.Metric.ACTIVE.name(), 0L);
            if (active != 0) {
                tallies.add(new LoanReport.Tally(
                        group.commune(),
                        new LoanReport.ProgramFigures(
                                group.program(),
                                active,
                                figures.getOrDefault(LoanTallyIntervals.Metric.OUTSTANDING.name(), 0L),
                                figures.getOrDefault(LoanTallyIntervals.Metric.OVERDUE_LOANS.name(), 0L),
                                figures.getOrDefault(LoanTallyIntervals.Metric.OVERDUE_AMOUNT.name(), 0L))));
            }
        });
        return tallies;
    }

    private record Key(LocalDate day, String commune, String program, String metric) implements Comparable<Key> {
        @Override
        public int compareTo(Key o) {
            int c = day.compareTo(o.day);
            if (c == 0) c = commune.compareTo(o.commune);
            if (c == 0) c = program.compareTo(o.program);
            if (c == 0) c = metric.compareTo(o.metric);
            return c;
        }
    }

    private record Stored(String metric, LocalDate from, LocalDate to, long value) {}

    void recompute(Set<String> ids) {
        if (ids.isEmpty()) {
            return;
        }
        List<String> list = List.copyOf(ids);
        Map<String, Set<Stored>> old = new HashMap<>();
        jdbc.query(
                con -> {
                    var statement = CustomPlans.prepare(
                            con,
                            "SELECT loan_id, metric, from_day, to_day, value FROM q_loan_tally WHERE loan_id = ANY (?)");
                    statement.setArray(1, con.createArrayOf("varchar", list.toArray()));
                    return statement;
                },
                rs -> {
                    old.computeIfAbsent(rs.getString(1), k -> new HashSet<>())
                            .add(new Stored(
                                    rs.getString(2),
                                    rs.getObject(3, LocalDate.class),
                                    rs.getObject(4, LocalDate.class),
                                    rs.getLong(5)));
                });
        TreeMap<Key, Long> deltas = new TreeMap<>();
        List<String> rewritten = new ArrayList<>();
        List<Object[]> inserts = new ArrayList<>();
        for (LoanHistory loan : loans.histories(list, EVERYTHING)) {
            String id = loan.loan().loanId();
            Set<Stored> now = new HashSet<>();
            for (LoanTallyIntervals.Interval interval : LoanTallyIntervals.of(loan)) {
                now.add(new Stored(interval.metric().name(), interval.from(), interval.to(), interval.value()));
            }
            Set<Stored> before = old.getOrDefault(id, Set.of());
            if (now.equals(before)) {
                continue;
            }
            String commune = loan.loan().communeCode();
            String program = loan.loan().programCode();
            for (Stored gone : before) {
                if (!now.contains(gone)) {
                    add(deltas, commune, program, gone, -1);
                }
            }
            for (Stored come : now) {
                if (!before.contains(come)) {
                    add(deltas, commune, program, come, +1);
                }
            }
            rewritten.add(id);
            for (Stored s : now) {
                inserts.add(new Object[] {id, commune, program, s.metric(), s.from(), s.to(), s.value()});
            }
        }
        if (!rewritten.isEmpty()) {
            jdbc.update(con -> {
                var statement = CustomPlans.prepare(con, "DELETE FROM q_loan_tally WHERE loan_id = ANY (?)");
                statement.setArray(1, con.createArrayOf("varchar", rewritten.toArray()));
                return statement;
            });
            jdbc.batchUpdate(
                    "INSERT INTO q_loan_tally (loan_id, commune_code, program_code, metric, from_day, to_day, value)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?)",
                    inserts);
        }
        deltas.values().removeIf(delta -> delta == 0);
        if (deltas.isEmpty()) {
            return;
        }
        List<Object[]> upserts = new ArrayList<>();
        deltas.forEach((key, delta) ->
                upserts.add(new Object[] {key.day(), key.commune(), key.program(), key.metric(), delta}));
        jdbc.batchUpdate("""
                INSERT INTO q_loan_tally_delta (day, commune_code, program_code, metric, delta) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (day, commune_code, program_code, metric)
                DO UPDATE SET delta = q_loan_tally_delta.delta + EXCLUDED.delta""", upserts);
    }

    /** +value on the interval's first day, -value on its end (when it ends); {@code sign} -1 takes it back. */
    private static void add(TreeMap<Key, Long> deltas, String commune, String program, Stored interval, int sign) {
        deltas.merge(new Key(interval.from(), commune, program, interval.metric()), sign * interval.value(), Long::sum);
        if (interval.to() != null) {
            deltas.merge(
                    new Key(interval.to(), commune, program, interval.metric()), -sign * interval.value(), Long::sum);
        }
    }
}
