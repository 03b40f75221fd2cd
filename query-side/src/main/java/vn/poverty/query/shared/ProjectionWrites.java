package vn.poverty.query.shared;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The projections' writes. Outside a deferring batch each write runs at once; in a batch its processor runs
 * optimistically (without a savepoint per event, see the query side's {@code HandlerSavepoints}), the writes are
 * collected and sent at the batch's prepare-commit, each statement's rows as one JDBC batch (one round trip for
 * hundreds of rows instead of one each), in the transaction that stores the batch's token.
 *
 * <p>Order: the rows of one statement keep the order of their events; the statements run in the order they first
 * appeared in the batch, every {@link #update} before every {@link #updateAfter} (for statements that read rows other
 * statements write, such as a correction copying its recognition's timeline position). The projections' tables have
 * no foreign keys and their inserts are idempotent per event, so no other order between statements matters.
 *
 * <p>A failing flush fails the batch: the processor rolls it back and hands it out again, and the failure handler the
 * batch was opened with (marking the segment to run with a savepoint per event) decides what is thrown.
 */
@Component
public class ProjectionWrites {

    private static final String BUFFER = ProjectionWrites.class.getName() + ".buffer";

    private final JdbcTemplate jdbc;

    public ProjectionWrites(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Runs {@code sql} with {@code args}, at once or with the batch's writes. */
    public void update(String sql, Object... args) {
        write(false, sql, args);
    }

    /** As {@link #update}, after every {@link #update} of the batch. */
    public void updateAfter(String sql, Object... args) {
        write(true, sql, args);
    }

    private void write(boolean last, String sql, Object[] args) {
        Buffer buffer = buffer();
        if (buffer == null) {
            jdbc.update(sql, args);
        } else {
            buffer.add(last ? buffer.second : buffer.first, sql, args);
        }
    }

    /** Runs {@code sql} once per row, as one JDBC batch, at once or with the batch's writes. */
    public void batchUpdate(String sql, List<Object[]> rows) {
        Buffer buffer = buffer();
        if (buffer == null) {
            if (!rows.isEmpty()) {
                jdbc.batchUpdate(sql, rows);
            }
        } else {
            for (Object[] row : rows) {
                buffer.add(buffer.first, sql, row);
            }
        }
    }

    /**
     * From now until the current batch commits, writes are collected and sent at its prepare-commit; a failure to
     * send them goes through {@code onFailure}, whose result is thrown. Called by the processors' handler wrapper
     * before a handler of an optimistic batch; does nothing outside a unit of work.
     */
    public void deferInCurrentBatch(Function<RuntimeException, RuntimeException> onFailure) {
        if (!CurrentUnitOfWork.isStarted()) {
            return;
        }
        UnitOfWork<?> root = CurrentUnitOfWork.get().root();
        root.getOrComputeResource(BUFFER, key -> {
            Buffer buffer = new Buffer(jdbc, onFailure);
            root.onPrepareCommit(uow -> buffer.flush());
            return buffer;
        });
    }

    /** Sends the current batch's collected writes now (before reading what they write); none: nothing. */
    public static void flushCurrentBatch() {
        if (CurrentUnitOfWork.isStarted()
                && CurrentUnitOfWork.get().root().resources().get(BUFFER) instanceof Buffer buffer) {
            buffer.flush();
        }
    }

    private static Buffer buffer() {
        if (!CurrentUnitOfWork.isStarted()) {
            return null;
        }
        return CurrentUnitOfWork.get().root().resources().get(BUFFER) instanceof Buffer buffer ? buffer : null;
    }

    private static final class Buffer {
        private final JdbcTemplate jdbc;
        private final Function<RuntimeException, RuntimeException> onFailure;
        private final Map<String, List<Object[]>> first = new LinkedHashMap<>();
        private final Map<String, List<Object[]>> second = new LinkedHashMap<>();

        Buffer(JdbcTemplate jdbc, Function<RuntimeException, RuntimeException> onFailure) {
            this.jdbc = jdbc;
            this.onFailure = onFailure;
        }

        void add(Map<String, List<Object[]>> phase, String sql, Object[] args) {
            phase.computeIfAbsent(sql, k -> new ArrayList<>()).add(args);
        }

        void flush() {
            try {
                send(first);
                send(second);
            } catch (RuntimeException e) {
                throw onFailure.apply(e);
            }
        }

        private void send(Map<String, List<Object[]>> phase) {
            for (Map.Entry<String, List<Object[]>> statement : phase.entrySet()) {
                List<Object[]> rows = statement.getValue();
                if (rows.size() == 1) {
                    jdbc.update(statement.getKey(), rows.get(0));
                } else {
                    jdbc.batchUpdate(statement.getKey(), rows);
                }
            }
            phase.clear();
        }
    }
}
