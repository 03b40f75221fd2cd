package vn.poverty.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import vn.poverty.testsupport.TestDatabase;

/** The hash chain on a real PostgreSQL: a clean store verifies; every kind of tampering is found. */
class AuditChainIT {

    private static final String KEY = "checkpoint-key-kept-by-the-auditors";

    private TestDatabase.Database db;

    @BeforeEach
    void freshStoreWithTenEvents() throws Exception {
        db = TestDatabase.create();
        try (Connection c = db.connect();
                Statement s = c.createStatement()) {
            for (String file : new String[] {"V1__axon_event_store.sql", "V2__event_hash_chain.sql"}) {
                s.execute(Files.readString(
                        Path.of("..", "platform", "src", "main", "resources", "db", "eventstore", file),
                        StandardCharsets.UTF_8));
            }
            for (int i = 0; i < 10; i++) {
                append(c, "household-" + (i % 3), i / 3, "{\"n\":" + i + "}");
            }
        }
    }

    @Test
    void aCleanStoreVerifies() throws Exception {
        try (Connection c = db.connect()) {
            assertThat(AuditChain.extend(c, 1_000)).isEqualTo(10);
            AuditChain.checkpoint(c, KEY);

            Verification result = AuditChain.verify(c, KEY);

            assertThat(result.verified()).isTrue();
            assertThat(result.events()).isEqualTo(10);
            assertThat(result.firstBrokenSequence()).isNull();
            assertThat(result.signedCheckpoints()).isEqualTo(1);
        }
    }

    @Test
    void eventsRecordedLaterAreChainedLaterAndStillVerify() throws Exception {
        try (Connection c = db.connect()) {
            AuditChain.extend(c, 4);
            AuditChain.extend(c, 1_000);
            append(c, "household-late", 0, "{\"late\":true}");
            assertThat(AuditChain.verify(c, null).unchainedEvents()).isEqualTo(1);
            AuditChain.extend(c, 1_000);

            Verification result = AuditChain.verify(c, null);

            assertThat(result.verified()).isTrue();
            assertThat(result.events()).isEqualTo(11);
            assertThat(result.unchainedEvents()).isZero();
        }
    }

    /** A commit that lands after higher global indexes were chained is found only by a look for late events. */
    @Test
    void aLateCommittedEventIsChainedByTheLookForLateEvents() throws Exception {
        try (Connection c = db.connect()) {
            execute(c, "DELETE FROM domain_event_entry WHERE global_index = 5"); // index 5 not committed yet
            assertThat(AuditChain.extend(c, 1_000, false)).isEqualTo(9);
            appendAt(c, 5, "household-late", 0, "{\"late\":true}"); // committed now, below the chained head
            append(c, "household-new", 0, "{\"new\":true}");

            assertThat(AuditChain.extend(c, 1_000, false)).as("new events only").isEqualTo(1);
            assertThat(AuditChain.verify(c, null).unchainedEvents()).isEqualTo(1);
            assertThat(AuditChain.extend(c, 1_000, true)).as("late events too").isEqualTo(1);

            Verification result = AuditChain.verify(c, null);
            assertThat(result.verified()).isTrue();
            assertThat(result.events()).isEqualTo(11);
            assertThat(result.unchainedEvents()).isZero();
        }
    }

    @Test
    void anAlteredPayloadIsFoundAtItsPosition() throws Exception {
        try (Connection c = db.connect()) {
            AuditChain.extend(c, 1_000);
            execute(
                    c,
                    "UPDATE domain_event_entry SET payload = convert_to('{\"n\":999}', 'UTF8') WHERE global_index = 5");

            Verification result = AuditChain.verify(c, null);

            assertThat(result.verified()).isFalse();
            assertThat(result.firstBrokenSequence()).isEqualTo(5);
            assertThat(result.firstBrokenGlobalIndex()).isEqualTo(5);
            assertThat(result.events()).isEqualTo(4);
        }
    }

    @Test
    void alteredMetadataIsFound() throws Exception {
        try (Connection c = db.connect()) {
            AuditChain.extend(c, 1_000);
            execute(
                    c,
                    "UPDATE domain_event_entry SET meta_data = convert_to('{\"actor\":\"someone-else\"}', 'UTF8') "
                            + "WHERE global_index = 2");

            assertThat(AuditChain.verify(c, null).firstBrokenSequence()).isEqualTo(2);
        }
    }

    @Test
    void aDeletedRowIsFound() throws Exception {
        try (Connection c = db.connect()) {
            AuditChain.extend(c, 1_000);
            execute(c, "DELETE FROM domain_event_entry WHERE global_index = 7");

            Verification result = AuditChain.verify(c, null);

            assertThat(result.verified()).isFalse();
            assertThat(result.firstBrokenSequence()).isEqualTo(7);
            assertThat(result.problem()).contains("deleted");
        }
    }

    @Test
    void twoSwappedRowsAreFound() throws Exception {
        try (Connection c = db.connect()) {
            AuditChain.extend(c, 1_000);
            // swap the contents of rows 3 and 4 (the order of two events of different households)
            execute(c, "UPDATE domain_event_entry SET global_index = -3 WHERE global_index = 3");
            execute(c, "UPDATE domain_event_entry SET global_index = 3 WHERE global_index = 4");
            execute(c, "UPDATE domain_event_entry SET global_index = 4 WHERE global_index = -3");

            Verification result = AuditChain.verify(c, null);

            assertThat(result.verified()).isFalse();
            assertThat(result.firstBrokenSequence()).isEqualTo(3);
        }
    }

    @Test
    void aChainRewrittenToMatchAnAlteredEventIsCaughtByTheSignedCheckpoint() throws Exception {
        try (Connection c = db.connect()) {
            AuditChain.extend(c, 1_000);
            AuditChain.checkpoint(c, KEY);
            execute(
                    c,
                    "UPDATE domain_event_entry SET payload = convert_to('{\"n\":999}', 'UTF8') WHERE global_index = 5");
            // the forger rebuilds the whole chain table from the altered events
            execute(c, "DELETE FROM event_hash_chain");
            AuditChain.extend(c, 1_000);

            Verification result = AuditChain.verify(c, KEY);

            assertThat(result.verified()).isFalse();
            assertThat(result.problem()).contains("checkpoint");
        }
    }

    @Test
    void removingTheNewestEventsAndTheirLinksIsCaughtByTheCheckpoint() throws Exception {
        try (Connection c = db.connect()) {
            AuditChain.extend(c, 1_000);
            AuditChain.checkpoint(c, KEY);
            execute(c, "DELETE FROM domain_event_entry WHERE global_index > 8");
            execute(c, "DELETE FROM event_hash_chain WHERE chain_seq > 8");

            Verification result = AuditChain.verify(c, KEY);

            assertThat(result.verified()).isFalse();
            assertThat(result.firstBrokenSequence()).isEqualTo(10);
        }
    }

    @Test
    void theCommandLineVerifierFindsAnAlteredPayload() throws Exception {
        try (Connection c = db.connect()) {
            AuditChain.extend(c, 1_000);
            assertThat(runVerifier()).isZero();
            execute(c, "UPDATE domain_event_entry SET payload = convert_to('{}', 'UTF8') WHERE global_index = 1");
            assertThat(runVerifier()).isEqualTo(1);
        }
    }

    @Test
    void theCommandLineVerifierFindsADeletedRow() throws Exception {
        try (Connection c = db.connect()) {
            AuditChain.extend(c, 1_000);
            execute(c, "DELETE FROM domain_event_entry WHERE global_index = 6");
            assertThat(runVerifier()).isEqualTo(1);
        }
    }

    @Test
    void theCommandLineVerifierFindsTwoSwappedRows() throws Exception {
        try (Connection c = db.connect()) {
            AuditChain.extend(c, 1_000);
            execute(c, "UPDATE domain_event_entry SET global_index = -8 WHERE global_index = 8");
            execute(c, "UPDATE domain_event_entry SET global_index = 8 WHERE global_index = 9");
            execute(c, "UPDATE domain_event_entry SET global_index = 9 WHERE global_index = -8");
            assertThat(runVerifier()).isEqualTo(1);
        }
    }

    private int runVerifier() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(
                        java,
                        "-cp",
                        System.getProperty("java.class.path"),
                        VerifyCommand.class.getName(),
                        "--url",
                        db.url(),
                        "--user",
                        db.username(),
                        "--password",
                        db.password())
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(output).containsAnyOf("VERIFIED", "BROKEN");
        return process.exitValue();
    }

    private static void append(Connection c, String aggregate, long sequence, String payload) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("""
                INSERT INTO domain_event_entry (event_identifier, aggregate_identifier, sequence_number, type,
                    time_stamp, payload_type, payload_revision, payload, meta_data)
                VALUES (gen_random_uuid()::text, ?, ?, 'Household', now()::text, 'test.Event', '1', ?, ?)""")) {
            insert.setString(1, aggregate);
            insert.setLong(2, sequence);
            insert.setBytes(3, payload.getBytes(StandardCharsets.UTF_8));
            insert.setBytes(4, "{\"actor\":\"tester\"}".getBytes(StandardCharsets.UTF_8));
            insert.executeUpdate();
        }
    }

    private static void appendAt(Connection c, long globalIndex, String aggregate, long sequence, String payload)
            throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("""
                INSERT INTO domain_event_entry (global_index, event_identifier, aggregate_identifier, sequence_number,
                    type, time_stamp, payload_type, payload_revision, payload, meta_data)
                VALUES (?, gen_random_uuid()::text, ?, ?, 'Household', now()::text, 'test.Event', '1', ?, ?)""")) {
            insert.setLong(1, globalIndex);
            insert.setString(2, aggregate);
            insert.setLong(3, sequence);
            insert.setBytes(4, payload.getBytes(StandardCharsets.UTF_8));
            insert.setBytes(5, "{\"actor\":\"tester\"}".getBytes(StandardCharsets.UTF_8));
            insert.executeUpdate();
        }
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
