package vn.poverty.query.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.axonframework.common.jdbc.DataSourceConnectionProvider;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import vn.poverty.platform.eventstore.EventStoreSchemaConfiguration;
import vn.poverty.query.QueryDatabase;

/**
 * The query side's storage engine reads the same events with the same tokens and timestamps as Axon's own, over
 * gaps between global indexes, events older and newer than the gap timeout and batch boundaries, from any token.
 */
class QueryEventStorageEngineIT {

    private static final int GAP_TIMEOUT_MS = 60_000;
    private static final int MAX_GAP_OFFSET = 5;
    private static JdbcTemplate jdbc;

    @BeforeAll
    static void events() {
        jdbc = QueryDatabase.migrated();
        Instant now = Instant.now();
        Instant old = now.minus(2, ChronoUnit.DAYS);
        // indexes with holes; the first ones older than the gap timeout, the later ones newer
        long[] indexes = {2, 3, 5, 6, 9, 10, 11, 19, 20, 22, 23, 30, 31};
        for (int i = 0; i < indexes.length; i++) {
            Instant at = i < 5 ? old.plusMillis(i * 1_001L) : now.minusMillis(1_000 - i * 7L);
            String stamp = i % 3 == 0
                    ? at.toString()
                    : at.truncatedTo(ChronoUnit.MILLIS).toString();
            jdbc.update(
                    """
                    INSERT INTO domain_event_entry (global_index, event_identifier, aggregate_identifier, sequence_number,
                        type, time_stamp, payload_type, payload_revision, payload, meta_data)
                    VALUES (?, ?, ?, ?, 'Test', ?, 'vn.poverty.NoSuchEvent', '1', ?, ?)""",
                    indexes[i],
                    "event-" + i,
                    "aggregate-" + (i % 4),
                    (long) i,
                    stamp,
                    "{}".getBytes(StandardCharsets.UTF_8),
                    "{}".getBytes(StandardCharsets.UTF_8));
        }
    }

    private static JdbcEventStorageEngine.Builder builder(int batchSize) {
        DataSource dataSource = jdbc.getDataSource();
        JacksonSerializer serializer = JacksonSerializer.defaultSerializer();
        return JdbcEventStorageEngine.builder()
                .snapshotSerializer(serializer)
                .eventSerializer(serializer)
                .persistenceExceptionResolver(EventStoreSchemaConfiguration.persistenceExceptionResolver())
                .connectionProvider(new DataSourceConnectionProvider(dataSource))
                .transactionManager(NoTransactionManager.INSTANCE)
                .schema(new EventStoreSchemaConfiguration().eventSchema())
                .batchSize(batchSize);
    }

    /**
     * One event as read: its token's index and gaps (compared as such: the tokens' own {@code equals} ignores the
     * gaps below their truncation point), timestamp and identifier.
     */
    private record Read(long index, List<Long> gaps, Instant timestamp, String identifier) {}

    private static List<Read> read(JdbcEventStorageEngine engine, TrackingToken from) {
        return messages(engine, from).stream()
                .map(e -> {
                    GapAwareTrackingToken token = (GapAwareTrackingToken) e.trackingToken();
                    return new Read(
                            token.getIndex(), List.copyOf(token.getGaps()), e.getTimestamp(), e.getIdentifier());
                })
                .toList();
    }

    private static List<TrackedEventMessage<?>> messages(JdbcEventStorageEngine engine, TrackingToken from) {
        try (Stream<? extends TrackedEventMessage<?>> events = engine.readEvents(from, false)) {
            return events.collect(Collectors.toList());
        }
    }

    @Test
    void sameEventsTokensAndTimestampsAsAxonsEngineFromEveryToken() {
        for (int batchSize : new int[] {1, 2, 3, 100}) {
            JdbcEventStorageEngine axon = builder(batchSize)
                    .lowestGlobalSequence(1)
                    .maxGapOffset(MAX_GAP_OFFSET)
                    .gapTimeout(GAP_TIMEOUT_MS)
                    .build();
            JdbcEventStorageEngine ours =
                    new QueryEventStorageEngine(builder(batchSize), 1, MAX_GAP_OFFSET, GAP_TIMEOUT_MS);

            List<Read> expected = read(axon, null);
            assertThat(expected).hasSize(13);
            assertThat(read(ours, null))
                    .as("batch size %d from the start", batchSize)
                    .isEqualTo(expected);
            assertThat(expected).extracting(Read::gaps).anyMatch(gaps -> !gaps.isEmpty());
            for (TrackedEventMessage<?> from : messages(axon, null)) {
                assertThat(read(ours, from.trackingToken()))
                        .as("batch size %d from %s", batchSize, from.trackingToken())
                        .isEqualTo(read(axon, from.trackingToken()));
            }
        }
    }
}
