package vn.poverty.benchmark;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

/**
 * What PostgreSQL wrote in a phase, from its cumulative statistics: the WAL it generated (records, full-page images,
 * bytes), the checkpoints it ran (on time, or requested because the WAL since the last one reached
 * {@code max_wal_size}) and the buffers they wrote. A write-heavy phase that runs checkpoints every few seconds pays for
 * a full-page image of every page it touches after each one; these figures show it. Works on any PostgreSQL 17 server
 * (the views need no extension); on an older server, or without the rights to read them, it prints nothing.
 */
final class PgActivity {

    private final PgLimits pg;

    PgActivity(PgLimits pg) {
        this.pg = pg;
    }

    /** The server's counters at one moment; {@code null} where they cannot be read. */
    record Snapshot(
            long walRecords,
            long walFullPageImages,
            long walBytes,
            long checkpointsTimed,
            long checkpointsRequested,
            long checkpointBuffers) {}

    Snapshot snapshot() {
        try (Connection connection = pg.connect();
                Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("""
                        SELECT w.wal_records, w.wal_fpi, w.wal_bytes,
                               c.num_timed, c.num_requested, c.buffers_written
                        FROM pg_stat_wal w, pg_stat_checkpointer c""")) {
            row.next();
            return new Snapshot(
                    row.getLong(1), row.getLong(2), row.getLong(3), row.getLong(4), row.getLong(5), row.getLong(6));
        } catch (SQLException e) {
            return null;
        }
    }

    /** One line about what was written between the snapshots; empty where either is missing. */
    static String describe(Snapshot from, Snapshot to) {
        if (from == null || to == null) {
            return "";
        }
        long records = to.walRecords() - from.walRecords();
        long images = to.walFullPageImages() - from.walFullPageImages();
        long requested = to.checkpointsRequested() - from.checkpointsRequested();
        long checkpoints = to.checkpointsTimed() - from.checkpointsTimed() + requested;
        return String.format(
                Locale.ROOT,
                "PostgreSQL wrote %,d MB of WAL (%,d records, %,d full-page images), %d checkpoints (%d requested"
                        + " by WAL volume) writing %,d buffers",
                (to.walBytes() - from.walBytes()) / 1_000_000,
                records,
                images,
                checkpoints,
                requested,
                to.checkpointBuffers() - from.checkpointBuffers());
    }
}
