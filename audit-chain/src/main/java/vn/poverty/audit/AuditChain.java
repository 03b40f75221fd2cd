package vn.poverty.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tamper evidence over {@code domain_event_entry} with plain JDBC (tables {@code event_hash_chain} and
 * {@code event_chain_checkpoint}, created by the event-store migrations).
 * <ul>
 *   <li>{@link #extend} appends a link for every stored event not chained yet, in the order it finds them, under a
 *       PostgreSQL advisory lock so that one node at a time writes the chain. Because the chain has its own order,
 *       an event whose transaction committed late is simply chained later.</li>
 *   <li>{@link #checkpoint} records the chain head, signed with an HMAC key kept outside the database, and logs it
 *       (a "published" copy).</li>
 *   <li>{@link #verify} recomputes every link from the stored events: an altered row, a deleted row or two rows
 *       swapped break the chain at their position; a rewritten chain no longer matches the signed checkpoints.</li>
 * </ul>
 */
public final class AuditChain {

    private static final Logger log = LoggerFactory.getLogger(AuditChain.class);
    private static final long WRITER_LOCK = 7_302_040_119L;
    /** How far below the highest chained global index the writer looks for late-committed events. */
    private static final long LATE_EVENT_WINDOW = 10_000;

    private AuditChain() {}

    /**
     * Chains up to {@code maxEvents} unchained events, late-committed ones included; returns how many (0 when another
     * node holds the lock).
     */
    public static int extend(Connection connection, int maxEvents) throws SQLException {
        return extend(connection, maxEvents, true);
    }

    /**
     * Chains up to {@code maxEvents} unchained events; returns how many (0 when another node holds the lock). With
     * {@code lateEvents} it also looks below the highest chained global index (down to {@value #LATE_EVENT_WINDOW}
     * below it) for events committed after higher ones were chained: an anti-join over that window, tens of
     * milliseconds of the database's time. Without, it reads only the events above the highest chained index (an
     * index range scan), so a writer that runs every second can look for late events less often.
     */
    public static int extend(Connection connection, int maxEvents, boolean lateEvents) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try {
            if (!lock(connection)) {
                connection.rollback();
                return 0;
            }
            long position = 0;
            String previous = HashChain.GENESIS;
            long highest = 0;
            try (PreparedStatement head = connection.prepareStatement("""
                    SELECT chain_seq, link, (SELECT COALESCE(max(global_index), 0) FROM event_hash_chain)
                    FROM event_hash_chain ORDER BY chain_seq DESC LIMIT 1""");
                    ResultSet rs = head.executeQuery()) {
                if (rs.next()) {
                    position = rs.getLong(1);
                    previous = rs.getString(2);
                    highest = rs.getLong(3);
                }
            }
            List<EventRow> events = new ArrayList<>();
            // above the highest chained index nothing is chained yet: a plain range of the primary key (with the
            // anti-join, PostgreSQL's generic plan for the prepared statement joined the whole chain every time)
            String unchained = lateEvents
                    ? " AND NOT EXISTS (SELECT 1 FROM event_hash_chain c WHERE c.global_index = e.global_index)"
                    : "";
            try (PreparedStatement select = connection.prepareStatement("""
                    SELECT e.global_index, e.event_identifier, e.aggregate_identifier, e.sequence_number, e.type,
                           e.time_stamp, e.payload_type, e.payload_revision, e.payload, e.meta_data
                    FROM domain_event_entry e
                    WHERE e.global_index > ?%s
                    ORDER BY e.global_index LIMIT ?""".formatted(unchained))) {
                select.setLong(1, lateEvents ? Math.max(0, highest - LATE_EVENT_WINDOW) : highest);
                select.setInt(2, maxEvents);
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        events.add(row(rs, 1));
                    }
                }
            }
            try (PreparedStatement insert = connection.prepareStatement("""
                    INSERT INTO event_hash_chain (chain_seq, global_index, previous_link, link) VALUES (?, ?, ?, ?)""")) {
                for (EventRow event : events) {
                    String link = HashChain.link(previous, event);
                    insert.setLong(1, ++position);
                    insert.setLong(2, event.globalIndex());
                    insert.setString(3, previous);
                    insert.setString(4, link);
                    insert.addBatch();
                    previous = link;
                }
                insert.executeBatch();
            }
            connection.commit();
            return events.size();
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    /**
     * Records the chain head as a checkpoint, signed with {@code key} when one is given, unless the head is already
     * checkpointed. Returns the checkpointed position, or -1 when there was nothing new.
     */
    public static long checkpoint(Connection connection, String key) throws SQLException {
        try (PreparedStatement head = connection.prepareStatement("""
                SELECT c.chain_seq, c.link FROM event_hash_chain c ORDER BY c.chain_seq DESC LIMIT 1""");
                ResultSet rs = head.executeQuery()) {
            if (!rs.next()) {
                return -1;
            }
            long position = rs.getLong(1);
            String link = rs.getString(2);
            String signature = key == null || key.isBlank() ? null : HashChain.sign(key, position, link);
            try (PreparedStatement insert = connection.prepareStatement("""
                    INSERT INTO event_chain_checkpoint (chain_seq, head_link, signature) VALUES (?, ?, ?)
                    ON CONFLICT (chain_seq) DO NOTHING""")) {
                insert.setLong(1, position);
                insert.setString(2, link);
                insert.setString(3, signature);
                if (insert.executeUpdate() == 0) {
                    return -1;
                }
            }
            log.info(
                    "Event chain checkpoint: position {} head {} signature {}",
                    position,
                    link,
                    signature == null ? "(unsigned: no key configured)" : signature);
            return position;
        }
    }

    /** Recomputes the chain from the stored events; {@code key} verifies checkpoint signatures when given. */
    public static Verification verify(Connection connection, String key) throws SQLException {
        Map<Long, Checkpoint> checkpoints = checkpoints(connection);
        long signed = 0;
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try (PreparedStatement select = connection.prepareStatement("""
                SELECT c.chain_seq, c.global_index, c.previous_link, c.link, e.global_index, e.event_identifier,
                       e.aggregate_identifier, e.sequence_number, e.type, e.time_stamp, e.payload_type,
                       e.payload_revision, e.payload, e.meta_data
                FROM event_hash_chain c LEFT JOIN domain_event_entry e ON e.global_index = c.global_index
                ORDER BY c.chain_seq""")) {
            select.setFetchSize(1_000);
            String previous = HashChain.GENESIS;
            long checked = 0;
            long expectedPosition = 0;
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    long position = rs.getLong(1);
                    long globalIndex = rs.getLong(2);
                    String problem = null;
                    if (position != ++expectedPosition) {
                        problem = "chain position " + expectedPosition + " is missing";
                        position = expectedPosition;
                    } else if (rs.getObject(5) == null) {
                        problem = "the event with global index " + globalIndex + " was deleted";
                    } else if (!previous.equals(rs.getString(3))) {
                        problem = "the chain table was altered (previous link does not match)";
                    } else {
                        String link = HashChain.link(previous, row(rs, 5));
                        if (!link.equals(rs.getString(4))) {
                            problem = "the event with global index " + globalIndex
                                    + " was altered or moved (its hash does not match)";
                        } else {
                            Checkpoint checkpoint = checkpoints.get(position);
                            if (checkpoint != null && !checkpoint.headLink().equals(link)) {
                                problem = "the chain was rewritten: it does not match checkpoint " + position;
                            } else if (checkpoint != null && key != null && !key.isBlank()) {
                                if (checkpoint.signature() == null
                                        || !checkpoint.signature().equals(HashChain.sign(key, position, link))) {
                                    problem = "checkpoint " + position + " has no valid signature";
                                } else {
                                    signed++;
                                }
                            }
                            previous = link;
                        }
                    }
                    if (problem != null) {
                        return new Verification(
                                false,
                                checked,
                                position,
                                globalIndex,
                                problem,
                                unchained(connection),
                                checkpoints.size(),
                                signed);
                    }
                    checked++;
                }
            }
            long last = expectedPosition;
            for (Long position : checkpoints.keySet()) {
                if (position > last) {
                    return new Verification(
                            false,
                            checked,
                            position,
                            null,
                            "checkpoint " + position + " is beyond the end of the chain (events were removed)",
                            unchained(connection),
                            checkpoints.size(),
                            signed);
                }
            }
            return new Verification(true, checked, null, null, null, unchained(connection), checkpoints.size(), signed);
        } finally {
            connection.rollback();
            connection.setAutoCommit(autoCommit);
        }
    }

    private record Checkpoint(String headLink, String signature) {}

    private static Map<Long, Checkpoint> checkpoints(Connection connection) throws SQLException {
        Map<Long, Checkpoint> checkpoints = new HashMap<>();
        try (PreparedStatement select = connection.prepareStatement(
                        "SELECT chain_seq, head_link, signature FROM event_chain_checkpoint");
                ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
                checkpoints.put(rs.getLong(1), new Checkpoint(rs.getString(2), rs.getString(3)));
            }
        }
        return checkpoints;
    }

    private static long unchained(Connection connection) throws SQLException {
        try (PreparedStatement count = connection.prepareStatement("""
                SELECT count(*) FROM domain_event_entry e
                WHERE NOT EXISTS (SELECT 1 FROM event_hash_chain c WHERE c.global_index = e.global_index)""");
                ResultSet rs = count.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static boolean lock(Connection connection) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement("SELECT pg_try_advisory_xact_lock(?)")) {
            lock.setLong(1, WRITER_LOCK);
            try (ResultSet rs = lock.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    private static EventRow row(ResultSet rs, int first) throws SQLException {
        return new EventRow(
                rs.getLong(first),
                rs.getString(first + 1),
                rs.getString(first + 2),
                rs.getLong(first + 3),
                rs.getString(first + 4),
                rs.getString(first + 5),
                rs.getString(first + 6),
                rs.getString(first + 7),
                rs.getBytes(first + 8),
                rs.getBytes(first + 9));
    }
}
