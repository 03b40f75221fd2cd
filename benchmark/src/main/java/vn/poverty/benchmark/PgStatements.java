package vn.poverty.benchmark;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Where PostgreSQL's time goes in a phase ({@code --pg-statements}): pg_stat_statements is reset before the phase and
 * its top statements by total execution time are printed after it, with their share of the phase's total. Without
 * the option every method does nothing.
 */
final class PgStatements {

    private final PgLimits pg;
    private final PrintStream out;
    private final boolean enabled;

    PgStatements(PgLimits pg, PrintStream out, boolean enabled) {
        this.pg = pg;
        this.out = out;
        this.enabled = enabled;
    }

    /** Creates the extension in the benchmark's database (the server must preload the library). */
    void install() throws SQLException {
        execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
    }

    void reset() throws SQLException {
        execute("SELECT pg_stat_statements_reset()");
    }

    private void execute(String sql) throws SQLException {
        if (!enabled) {
            return;
        }
        try (Connection connection = pg.connect();
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /** The {@code top} statements of the phase by total execution time. */
    void print(String phase, int top) throws SQLException {
        if (!enabled) {
            return;
        }
        try (Connection connection = pg.connect();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("""
                        SELECT calls, total_exec_time, rows, sum(total_exec_time) OVER () AS all_time,
                               regexp_replace(query, '\\s+', ' ', 'g') AS query
                        FROM pg_stat_statements
                        WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
                        ORDER BY total_exec_time DESC LIMIT %d""".formatted(top))) {
            out.println("  PostgreSQL's top statements in " + phase + " (pg_stat_statements, execution time only):");
            while (rows.next()) {
                double total = rows.getDouble(2);
                double all = rows.getDouble(4);
                long calls = rows.getLong(1);
                out.printf(
                        "    %5.1f%% %,10.0f ms %,10d calls %8.3f ms/call %,10d rows  %s%n",
                        all > 0 ? 100 * total / all : 0,
                        total,
                        calls,
                        calls > 0 ? total / calls : 0,
                        rows.getLong(3),
                        Generator.truncate(rows.getString(5), 150));
            }
        }
    }
}
