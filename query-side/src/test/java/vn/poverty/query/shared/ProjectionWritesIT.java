package vn.poverty.query.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import vn.poverty.testsupport.TestDatabase;

/** The projections' write buffer against PostgreSQL: when rows are sent, in which order, and what a failure does. */
class ProjectionWritesIT {

    private static final TestDatabase.Database DB = TestDatabase.create();
    private static final String ROW = "INSERT INTO pw_row (id, label) VALUES (?, ?)";
    private static final String COUNT = "INSERT INTO pw_count (rows_seen) SELECT count(*) FROM pw_row";

    private final JdbcTemplate jdbc =
            new JdbcTemplate(new DriverManagerDataSource(DB.url(), DB.username(), DB.password()));
    private final ProjectionWrites writes = new ProjectionWrites(jdbc);
    private final List<RuntimeException> failures = new ArrayList<>();

    @BeforeEach
    void tables() {
        jdbc.execute("DROP TABLE IF EXISTS pw_row, pw_count");
        jdbc.execute("CREATE TABLE pw_row (id int PRIMARY KEY, label text NOT NULL)");
        jdbc.execute("CREATE TABLE pw_count (rows_seen bigint)");
    }

    @Test
    void outsideADeferringBatchEveryWriteRunsAtOnce() {
        writes.update(ROW, 1, "a");
        writes.batchUpdate(ROW, List.of(new Object[] {2, "b"}, new Object[] {3, "c"}));
        writes.updateAfter(COUNT);

        assertThat(jdbc.queryForList("SELECT rows_seen FROM pw_count", Long.class))
                .containsExactly(3L);

        UnitOfWork<?> notDeferring = DefaultUnitOfWork.startAndGet(null);
        writes.update(ROW, 4, "d");
        assertThat(rows()).as("a unit of work alone does not defer").isEqualTo(4);
        notDeferring.commit();
    }

    @Test
    void inADeferringBatchRowsAreSentAtCommitAndReadingStatementsAfterTheOthers() {
        UnitOfWork<?> batch = DefaultUnitOfWork.startAndGet(null);
        writes.deferInCurrentBatch(this::failed);
        writes.update(ROW, 1, "a");
        writes.updateAfter(COUNT); // issued first, runs after every update of the batch
        writes.batchUpdate(ROW, List.of(new Object[] {2, "b"}, new Object[] {3, "c"}));
        writes.update(ROW, 4, "d");

        assertThat(rows()).as("nothing sent before the commit").isZero();
        batch.commit();

        assertThat(jdbc.queryForList("SELECT id FROM pw_row ORDER BY id", Integer.class))
                .containsExactly(1, 2, 3, 4);
        assertThat(jdbc.queryForList("SELECT rows_seen FROM pw_count", Long.class))
                .containsExactly(4L);
        assertThat(failures).isEmpty();
    }

    @Test
    void aReaderCanSendTheBatchsRowsBeforeReadingThem() {
        UnitOfWork<?> batch = DefaultUnitOfWork.startAndGet(null);
        writes.deferInCurrentBatch(this::failed);
        writes.update(ROW, 1, "a");

        ProjectionWrites.flushCurrentBatch();

        assertThat(rows()).isEqualTo(1);
        writes.update(ROW, 2, "b");
        batch.commit();
        assertThat(rows()).isEqualTo(2);
    }

    @Test
    void aFailureToSendGoesThroughTheBatchsFailureHandlerAndFailsTheCommit() {
        UnitOfWork<?> batch = DefaultUnitOfWork.startAndGet(null);
        writes.deferInCurrentBatch(this::failed);
        writes.update(ROW, 1, "a");
        writes.update(ROW, 2, null); // NOT NULL

        assertThatThrownBy(batch::commit)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("handled");
        assertThat(failures).hasSize(1);
        assertThat(failures.get(0)).hasMessageContaining("label");
    }

    private RuntimeException failed(RuntimeException e) {
        failures.add(e);
        return new IllegalStateException("handled", e);
    }

    private int rows() {
        return jdbc.queryForObject("SELECT count(*) FROM pw_row", Integer.class);
    }
}
