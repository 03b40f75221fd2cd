package vn.poverty.query.admin;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.axonframework.common.DateTimeUtils;
import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.deadletter.jdbc.JdbcDeadLetter;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.SequencedDeadLetterProcessor;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.springboot.EventProcessorProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The dead letters of the projections (processing groups with {@code dlq.enabled}, see the query side's {@code
 * DeadLetterConfiguration}): events a projection handler failed on, each with the later events of the same aggregate
 * (its sequence) queued behind it. Listing reads the Flyway table {@code dead_letter_entry}; retries go through Axon's
 * dead-lettering invoker of the group, which runs the group's handlers on the letters in order, evicting each one
 * that succeeds and stopping at the first that fails again (it stays, with the new cause and one more retry counted).
 * Eviction deletes a sequence's letters: those events are then not projected until a rebuild of the projection
 * replays them. Works with any number of query-side nodes: the queue is in the database, and a retry claims its
 * sequence ({@code poverty.dead-letters.claim-duration}) so that two nodes do not retry it at once.
 */
@Component
public class DeadLetters implements MeterBinder {

    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

    private final Configuration axon;
    private final JdbcTemplate jdbc;
    private final Serializer eventSerializer;
    private final Set<String> groups;

    DeadLetters(
            Configuration axon,
            JdbcTemplate jdbc,
            @Qualifier("eventSerializer") Serializer eventSerializer,
            EventProcessorProperties processors) {
        this.axon = axon;
        this.jdbc = jdbc;
        this.eventSerializer = eventSerializer;
        Set<String> enabled = new TreeSet<>();
        processors.getProcessors().forEach((name, settings) -> {
            if (settings.getDlq() != null && settings.getDlq().isEnabled()) {
                enabled.add(name);
            }
        });
        this.groups = Set.copyOf(enabled);
    }

    /** Why a letter is in the queue: the exception's class and its (truncated) message. */
    public record Cause(String type, String message) {}

    /**
     * One dead letter. {@code sequenceId} is the aggregate's id (the queue keeps an aggregate's events in order);
     * {@code cause} is null for an event queued only because an earlier event of its aggregate is in the queue;
     * {@code retries} counts failed retries of the letter; {@code globalIndex} is the event's position in the store.
     */
    public record Letter(
            String processingGroup,
            String sequenceId,
            String letterId,
            long sequenceIndex,
            String eventId,
            String eventType,
            String payloadType,
            String aggregateType,
            String aggregateIdentifier,
            Long sequenceNumber,
            Long globalIndex,
            Instant recordedAt,
            Instant enqueuedAt,
            Instant lastTouched,
            Cause cause,
            long retries) {}

    /** One page of letters and how many there are in all. */
    public record Listing(List<Letter> deadLetters, int page, int size, long total) {}

    /** The outcome of retrying every sequence of a group. */
    public record GroupRetry(String processingGroup, int sequences, int processed, int stillFailing, long remaining) {}

    /** The outcome of retrying one sequence: whether all its letters were handled, and how many are left. */
    public record SequenceRetry(String processingGroup, String sequenceId, boolean processed, long remaining) {}

    /** The processing groups that have a dead-letter queue. */
    public Set<String> groups() {
        return new TreeSet<>(groups);
    }

    public boolean exists(String processingGroup) {
        return groups.contains(processingGroup);
    }

    /** Page {@code page} of {@code size} letters of the group (every group when null), oldest first per group. */
    public Listing list(String processingGroup, int page, int size) {
        String where = processingGroup == null ? "" : "WHERE d.processing_group = ? ";
        Object[] filter = processingGroup == null ? new Object[0] : new Object[] {processingGroup};
        long total = jdbc.queryForObject("SELECT count(*) FROM dead_letter_entry d " + where, Long.class, filter);
        Object[] args = processingGroup == null
                ? new Object[] {size, (long) page * size}
                : new Object[] {processingGroup, size, (long) page * size};
        List<Letter> letters = jdbc.query(
                """
                SELECT d.processing_group, d.sequence_identifier, d.dead_letter_id, d.sequence_index,
                    d.event_identifier, d.payload_type, d.type, d.aggregate_identifier, d.sequence_number,
                    e.global_index, d.time_stamp, d.enqueued_at, d.last_touched, d.cause_type, d.cause_message,
                    d.diagnostics
                FROM dead_letter_entry d LEFT JOIN domain_event_entry e ON e.event_identifier = d.event_identifier
                """
                        + where
                        + "ORDER BY d.processing_group, d.enqueued_at, d.sequence_identifier, d.sequence_index, "
                        + "d.dead_letter_id LIMIT ? OFFSET ?",
                (rs, i) -> letter(rs),
                args);
        return new Listing(letters, page, size, total);
    }

    /** How many letters the group's queue holds. */
    public long count(String processingGroup) {
        return jdbc.queryForObject(
                "SELECT count(*) FROM dead_letter_entry WHERE processing_group = ?", Long.class, processingGroup);
    }

    /** The number of letters of every group with a queue (0 for an empty one), by group. */
    public Map<String, Long> counts() {
        Map<String, Long> counts = new TreeMap<>();
        groups.forEach(group -> counts.put(group, 0L));
        jdbc.query("SELECT processing_group, count(*) FROM dead_letter_entry GROUP BY processing_group", rs -> {
            counts.computeIfPresent(rs.getString(1), (group, zero) -> {
                try {
                    return rs.getLong(2);
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
        });
        return counts;
    }

    /** How many letters the sequence has in the group's queue (0: it is not there). */
    public long sequenceSize(String processingGroup, String sequenceId) {
        return jdbc.queryForObject(
                "SELECT count(*) FROM dead_letter_entry WHERE processing_group = ? AND sequence_identifier = ?",
                Long.class,
                processingGroup,
                sequenceId);
    }

    /** Retries every sequence of the group once, oldest first; see the class comment. */
    public GroupRetry retryAll(String processingGroup) {
        List<String> sequences = jdbc.queryForList("""
                SELECT sequence_identifier FROM dead_letter_entry WHERE processing_group = ?
                GROUP BY sequence_identifier ORDER BY min(enqueued_at), sequence_identifier""", String.class, processingGroup);
        int processed = 0;
        for (String sequence : sequences) {
            if (process(processingGroup, sequence)) {
                processed++;
            }
        }
        return new GroupRetry(
                processingGroup, sequences.size(), processed, sequences.size() - processed, count(processingGroup));
    }

    /** Retries one sequence; empty when the group's queue has no such sequence. */
    public Optional<SequenceRetry> retry(String processingGroup, String sequenceId) {
        if (sequenceSize(processingGroup, sequenceId) == 0) {
            return Optional.empty();
        }
        boolean processed = process(processingGroup, sequenceId);
        long remaining = sequenceSize(processingGroup, sequenceId);
        return Optional.of(new SequenceRetry(processingGroup, sequenceId, processed && remaining == 0, remaining));
    }

    /**
     * Deletes the sequence's letters without handling them; how many there were (0: no such sequence). The
     * projection then lacks those events until it is rebuilt.
     */
    public int evict(String processingGroup, String sequenceId) {
        int evicted = jdbc.update(
                "DELETE FROM dead_letter_entry WHERE processing_group = ? AND sequence_identifier = ?",
                processingGroup,
                sequenceId);
        if (evicted > 0) {
            log.warn(
                    "Evicted {} dead letter(s) of sequence {} from {}: not projected until a rebuild",
                    evicted,
                    sequenceId,
                    processingGroup);
        }
        return evicted;
    }

    /** Runs the group's handlers on the sequence's letters; true when every letter was handled and evicted. */
    private boolean process(String processingGroup, String sequenceId) {
        SequencedDeadLetterProcessor<EventMessage<?>> processor = axon.eventProcessingConfiguration()
                .sequencedDeadLetterProcessor(processingGroup)
                .orElseThrow(() -> new IllegalStateException("No dead-letter processor for " + processingGroup));
        try {
            return processor.process(letter -> sequenceId.equals(sequenceOf(letter)));
        } catch (RuntimeException e) {
            log.warn("Retrying the dead letters of {} in {} failed", sequenceId, processingGroup, e);
            return false;
        }
    }

    private static String sequenceOf(DeadLetter<? extends EventMessage<?>> letter) {
        if (letter instanceof JdbcDeadLetter<?> jdbcLetter) {
            return jdbcLetter.getSequenceIdentifier();
        }
        return letter.message() instanceof DomainEventMessage<?> domain ? domain.getAggregateIdentifier() : null;
    }

    private Letter letter(ResultSet rs) throws SQLException {
        String causeType = rs.getString("cause_type");
        long sequenceNumber = rs.getLong("sequence_number");
        Long sequence = rs.wasNull() ? null : sequenceNumber;
        long globalIndex = rs.getLong("global_index");
        Long global = rs.wasNull() ? null : globalIndex;
        return new Letter(
                rs.getString("processing_group"),
                rs.getString("sequence_identifier"),
                rs.getString("dead_letter_id"),
                rs.getLong("sequence_index"),
                rs.getString("event_identifier"),
                eventType(rs.getString("payload_type")),
                rs.getString("payload_type"),
                rs.getString("type"),
                rs.getString("aggregate_identifier"),
                sequence,
                global,
                instant(rs.getString("time_stamp")),
                instant(rs.getString("enqueued_at")),
                instant(rs.getString("last_touched")),
                causeType == null ? null : new Cause(causeType, rs.getString("cause_message")),
                retries(rs.getBytes("diagnostics")));
    }

    /** The simple name of the payload class without "Event", as the household history shows it. */
    static String eventType(String payloadType) {
        if (payloadType == null) {
            return null;
        }
        String name = payloadType.substring(payloadType.lastIndexOf('.') + 1);
        name = name.substring(name.lastIndexOf('$') + 1);
        return name.endsWith("Event") ? name.substring(0, name.length() - "Event".length()) : name;
    }

    private static Instant instant(String value) {
        return value == null ? null : DateTimeUtils.parseInstant(value);
    }

    /** The failed retries counted in the letter's diagnostics (written by the enqueue policy); 0 when none. */
    private long retries(byte[] diagnostics) {
        if (diagnostics == null) {
            return 0;
        }
        try {
            MetaData metaData = eventSerializer.deserialize(
                    new SimpleSerializedObject<>(diagnostics, byte[].class, MetaData.class.getName(), null));
            return metaData.get("retries") instanceof Number number ? number.longValue() : 0;
        } catch (RuntimeException e) {
            log.debug("Cannot read the diagnostics of a dead letter", e);
            return 0;
        }
    }

    /** A gauge {@code poverty.dead.letters} per group (tag {@code processing.group}): letters in its queue. */
    @Override
    public void bindTo(MeterRegistry registry) {
        for (String group : groups) {
            Gauge.builder("poverty.dead.letters", this, letters -> letters.countOrNaN(group))
                    .tag("processing.group", group)
                    .description("Events of the projection waiting in its dead-letter queue")
                    .register(registry);
        }
    }

    private double countOrNaN(String group) {
        try {
            return count(group);
        } catch (RuntimeException e) {
            log.debug("Cannot count the dead letters of {}", group, e);
            return Double.NaN;
        }
    }
}
