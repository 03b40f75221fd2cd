package vn.poverty.query.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.transaction.support.TransactionTemplate;
import vn.poverty.testsupport.TestDatabase;

/**
 * Why the projections' key-list reads go through {@link CustomPlans}: on one connection, a statement first run while
 * its table was tiny keeps scanning the whole table after it has grown, while a {@link CustomPlans} statement is
 * planned for the table as it is. The scans are counted by PostgreSQL for the current transaction
 * ({@code pg_stat_xact_user_tables}, before and after); autovacuum is off for the table, so no {@code ANALYZE} replans in between.
 */
class CustomPlansIT {

    private static final TestDatabase.Database DB = TestDatabase.create();
    private static final String BY_KEYS = "SELECT v FROM cp_row WHERE id = ANY (?)";
    private static final Object KEYS = new String[] {"k1", "k2", "k3"};

    private final SingleConnectionDataSource connection =
            new SingleConnectionDataSource(DB.url(), DB.username(), DB.password(), true);
    private final JdbcTemplate jdbc = new JdbcTemplate(connection);
    private final TransactionTemplate transaction =
            new TransactionTemplate(new DataSourceTransactionManager(connection));

    @BeforeEach
    void tinyTable() {
        jdbc.execute("DROP TABLE IF EXISTS cp_row");
        jdbc.execute(
                "CREATE TABLE cp_row (id varchar(64) PRIMARY KEY, v int NOT NULL) WITH (autovacuum_enabled = off)");
        jdbc.execute("INSERT INTO cp_row SELECT 'k' || i, i FROM generate_series(1, 20) i");
        jdbc.execute("ANALYZE cp_row");
    }

    @AfterEach
    void close() {
        connection.destroy();
    }

    @Test
    void aStatementFirstRunOnATinyTableKeepsScanningItAllAfterItGrew() {
        Consumer<JdbcTemplate> plain = t -> t.query(BY_KEYS, rs -> {}, KEYS);
        runOnTinyTableThenGrow(plain);

        assertThat(scansOf(plain))
                .as("the generic plan made for 20 rows (this is the behaviour CustomPlans avoids)")
                .containsEntry("seq_scan", 1L)
                .containsEntry("idx_scan", 0L);
    }

    @Test
    void aCustomPlanStatementUsesTheIndexOnceTheTableGrew() {
        Consumer<JdbcTemplate> custom = t -> t.query(CustomPlans.statement(BY_KEYS, KEYS), rs -> {});
        runOnTinyTableThenGrow(custom);

        assertThat(scansOf(custom)).containsEntry("seq_scan", 0L).containsEntry("idx_scan", 1L);
    }

    @Test
    void aCustomPlanStatementBindsItsArgumentsAsJdbcTemplateDoes() {
        List<Integer> values = jdbc.query(
                CustomPlans.statement("SELECT v FROM cp_row WHERE id = ANY (?) AND v > ? ORDER BY v", KEYS, 1),
                (rs, i) -> rs.getInt(1));

        assertThat(values).containsExactly(2, 3);
    }

    private void runOnTinyTableThenGrow(Consumer<JdbcTemplate> statement) {
        for (int i = 0; i < 12; i++) { // past the driver's threshold (5) and PostgreSQL's custom plans (5)
            statement.accept(jdbc);
        }
        jdbc.execute("INSERT INTO cp_row SELECT 'n' || i, i FROM generate_series(1, 200000) i");
    }

    private Map<String, Long> scansOf(Consumer<JdbcTemplate> statement) {
        return transaction.execute(status -> {
            long[] before = scans();
            statement.accept(jdbc);
            long[] after = scans();
            return Map.of("seq_scan", after[0] - before[0], "idx_scan", after[1] - before[1]);
        });
    }

    /** The table's scans counted by this session and not yet sent to the statistics (so: differences only). */
    private long[] scans() {
        return jdbc.queryForObject(
                "SELECT seq_scan, idx_scan FROM pg_stat_xact_user_tables WHERE relname = 'cp_row'",
                (rs, i) -> new long[] {rs.getLong(1), rs.getLong(2)});
    }
}
