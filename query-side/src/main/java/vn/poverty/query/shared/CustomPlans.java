package vn.poverty.query.shared;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.postgresql.PGStatement;
import org.springframework.jdbc.core.ArgumentPreparedStatementSetter;
import org.springframework.jdbc.core.PreparedStatementCreator;
import org.springframework.jdbc.core.SqlProvider;

/**
 * Statements that PostgreSQL plans for their parameters' values at every execution, for statements whose best plan
 * depends on them: a list of keys ({@code = ANY (?)}) of any length, a date that selects a day or a decade.
 *
 * <p>Why: the driver turns a statement executed five times on a connection into a server-side prepared statement, and
 * PostgreSQL then keeps one generic plan for it, made for the tables as they were at that moment. A projection's
 * tables start empty (a new database, every rebuild after its {@code TRUNCATE}), so that plan was a sequential scan:
 * fine for ten rows, and read every row of a table of millions for every batch until autovacuum's next
 * {@code ANALYZE} happened to invalidate it (in a 20,000-household benchmark run, half of PostgreSQL's time in the
 * rebuild). A statement made here uses the driver's unnamed statement (prepare threshold 0), which PostgreSQL plans
 * with the values bound; the planning costs a fraction of a millisecond, once per statement, not per row.
 */
public final class CustomPlans {

    private CustomPlans() {}

    /** Prepares {@code sql} on {@code connection} to be planned for its values at every execution. */
    public static PreparedStatement prepare(Connection connection, String sql) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        statement.unwrap(PGStatement.class).setPrepareThreshold(0);
        return statement;
    }

    /** A creator of {@code sql} with {@code args} (as {@code JdbcTemplate} binds them), planned for their values. */
    public static PreparedStatementCreator statement(String sql, Object... args) {
        return new Creator(sql, args);
    }

    private record Creator(String sql, Object[] args) implements PreparedStatementCreator, SqlProvider {
        @Override
        public PreparedStatement createPreparedStatement(Connection connection) throws SQLException {
            PreparedStatement statement = prepare(connection, sql);
            new ArgumentPreparedStatementSetter(args).setValues(statement);
            return statement;
        }

        @Override
        public String getSql() {
            return sql;
        }
    }
}
