package vn.poverty.query.admin;

import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.WrappedToken;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import vn.poverty.query.shared.Timestamps;

/**
 * Rebuilds of projections (processing groups) from the start of the event store, coordinated between any number of
 * query-side nodes through the table {@code projection_rebuild}, and the progress of every processing group.
 *
 * <h2>The rebuild sequence</h2>
 * <ol>
 *   <li>{@code POST /api/admin/projections/{name}/rebuild} inserts a {@code REQUESTED} row (at most one open request
 *       per group: a second request while one is open joins it).</li>
 *   <li>Every node polls the table ({@link #poll()}, every {@code poverty.projections.rebuild-poll-ms}, 1 s by
 *       default; the node that took the request also polls at once). For an open request a node first
 *       {@code shutDown()}s its processor of that group: this releases its segment claims.</li>
 *   <li>Then, in one database transaction, the node sets the row to {@code RESET} (only if it is still
 *       {@code REQUESTED}; the row lock makes a second node wait and then find it done) and calls Axon's
 *       {@code resetTokens()}: it claims every segment's token (failing with {@code UnableToClaimTokenException}
 *       while another node still holds a claim), runs the group's {@code @ResetHandler}s (which delete the
 *       projection's tables), clears the group's dead-letter queue (its dead-lettering invoker allows resets, see
 *       {@code DeadLetterConfiguration}: the replay meets those events again) and stores replay tokens from the tail
 *       of the store. Any failure rolls back all of it, the row included, and the node tries again at its next
 *       poll. A node that died holding claims blocks the
 *       reset only until its claims time out ({@code axon.eventhandling.tokenstore.claim-timeout}, 10 s): the
 *       retries go on as long as the request is open, with a warning once they have lasted three claim timeouts.</li>
 *   <li>The node that reset starts its processor at once; every other node that had shut down for the request
 *       starts its processor when a poll finds the request no longer {@code REQUESTED}. The nodes then share the
 *       segments through the token table as usual, replaying from the start (the handlers are idempotent, so a
 *       stolen claim re-handling a batch changes nothing).</li>
 *   <li>A poll marks a {@code RESET} request {@code DONE} once no segment of the group is behind its reset point.</li>
 * </ol>
 * A node that crashes while shut down for a request starts its processors normally on restart and joins the
 * sequence at its first poll.
 *
 * <h2>Progress</h2>
 * {@code position} is the lowest position over the group's segments: for a segment claimed by this node the
 * processor's in-memory tracker status (it advances with every event, handled or not), otherwise the token stored in
 * {@code token_entry} (a node stores a segment's token with every handled batch and at least at each claim extension,
 * so another node's figure may lag by a few seconds). {@code replaying} is true while a request is open or a
 * segment's replay token is still behind its reset point. (Axon's own {@code isReplaying()} stays true after the
 * replay has reached the reset point until a newer event arrives, so it is not used.)
 */
@Component
public class ProjectionRebuilds implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ProjectionRebuilds.class);
    static final String REQUESTED = "REQUESTED";
    static final String RESET = "RESET";
    static final String DONE = "DONE";

    private final Configuration axon;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final Serializer tokenSerializer;
    private final long claimTimeoutMillis;
    private final String node = ManagementFactory.getRuntimeMXBean().getName();
    /** Per processing group: the open request this node shut its processor down for. */
    private final Map<String, Long> shutDownFor = new HashMap<>();

    private final ExecutorService immediate = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "projection-rebuilds");
        thread.setDaemon(true);
        return thread;
    });

    ProjectionRebuilds(
            Configuration axon,
            JdbcTemplate jdbc,
            TransactionTemplate transactions,
            Serializer tokenSerializer,
            @Value("${axon.eventhandling.tokenstore.claim-timeout:10s}") java.time.Duration claimTimeout) {
        this.axon = axon;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.tokenSerializer = tokenSerializer;
        this.claimTimeoutMillis = claimTimeout.toMillis();
    }

    /** One processing group: its lowest position, the head of the store, whether it replays, position / head. */
    public record Projection(String name, long position, long head, boolean replaying, BigDecimal progress) {}

    /** The streaming processors by name (each processing group has its own). */
    Map<String, StreamingEventProcessor> processors() {
        Map<String, StreamingEventProcessor> processors = new TreeMap<>();
        axon.eventProcessingConfiguration().eventProcessors().forEach((name, processor) -> {
            if (processor instanceof StreamingEventProcessor streaming) {
                processors.put(name, streaming);
            }
        });
        return processors;
    }

    public boolean exists(String name) {
        return processors().containsKey(name);
    }

    /** Every processing group, by name. */
    public List<Projection> projections() {
        long head = jdbc.queryForObject("SELECT coalesce(max(global_index), 0) FROM domain_event_entry", Long.class);
        Set<String> open = Set.copyOf(
                jdbc.queryForList("SELECT name FROM projection_rebuild WHERE status = ?", String.class, REQUESTED));
        List<Projection> projections = new ArrayList<>();
        processors().forEach((name, processor) -> {
            Map<Integer, TrackingToken> tokens = storedTokens(name);
            if (processor.isRunning()) {
                processor.processingStatus().forEach((segment, status) -> tokens.put(segment, trackerToken(status)));
            }
            long position = tokens.isEmpty() ? 0 : Long.MAX_VALUE;
            boolean behind = false;
            for (TrackingToken token : tokens.values()) {
                position = Math.min(position, positionOf(token));
                behind |= behindResetPoint(token);
            }
            BigDecimal progress = head == 0
                    ? BigDecimal.ONE.setScale(4)
                    : BigDecimal.valueOf(Math.min(position, head))
                            .divide(BigDecimal.valueOf(head), 4, RoundingMode.DOWN);
            projections.add(new Projection(name, position, head, open.contains(name) || behind, progress));
        });
        return projections;
    }

    /**
     * Records a rebuild request of the group (joining an open one) and starts working on it on this node; the other
     * nodes pick it up at their next poll.
     */
    public void request(String name, String requestedBy) {
        jdbc.update("""
                INSERT INTO projection_rebuild (name, requested_at, requested_by, status) VALUES (?, ?, ?, ?)
                ON CONFLICT (name) WHERE status = 'REQUESTED' DO NOTHING""", name, Timestamps.of(Instant.now()), requestedBy, REQUESTED);
        immediate.execute(this::pollQuietly);
    }

    @Scheduled(
            fixedDelayString = "${poverty.projections.rebuild-poll-ms:1000}",
            initialDelayString = "${poverty.projections.rebuild-poll-ms:1000}")
    void scheduledPoll() {
        pollQuietly();
    }

    private void pollQuietly() {
        try {
            poll();
        } catch (RuntimeException e) {
            log.warn("Polling the projection rebuild requests failed; trying again at the next poll", e);
        }
    }

    /** One round of the sequence in the class comment, on this node. */
    synchronized void poll() {
        Map<String, StreamingEventProcessor> processors = processors();
        List<Request> open = jdbc.query(
                "SELECT id, name, requested_at FROM projection_rebuild WHERE status = ? ORDER BY id",
                (rs, i) -> new Request(
                        rs.getLong(1),
                        rs.getString(2),
                        rs.getObject(3, java.time.OffsetDateTime.class).toInstant()),
                REQUESTED);
        for (Request request : open) {
            StreamingEventProcessor processor = processors.get(request.name());
            if (processor == null) {
                continue; // not a group of this node's version
            }
            if (!Objects.equals(shutDownFor.get(request.name()), request.id())) {
                log.info(
                        "Rebuild #{} of {}: shutting the processor down on node {}",
                        request.id(),
                        request.name(),
                        node);
                processor.shutDown();
                shutDownFor.put(request.name(), request.id());
            }
            if (tryReset(request, processor)) {
                log.info(
                        "Rebuild #{} of {}: tokens reset by node {}; starting the processor",
                        request.id(),
                        request.name(),
                        node);
                shutDownFor.remove(request.name());
                processor.start();
            }
        }
        // requests another node has reset (or that were reset here but the start failed): start again
        Set<Long> stillOpen = Set.copyOf(
                jdbc.queryForList("SELECT id FROM projection_rebuild WHERE status = ?", Long.class, REQUESTED));
        for (var entry : List.copyOf(shutDownFor.entrySet())) {
            if (!stillOpen.contains(entry.getValue())) {
                StreamingEventProcessor processor = processors.get(entry.getKey());
                log.info(
                        "Rebuild #{} of {}: reset elsewhere; starting the processor on node {}",
                        entry.getValue(),
                        entry.getKey(),
                        node);
                shutDownFor.remove(entry.getKey());
                if (processor != null && !processor.isRunning()) {
                    processor.start();
                }
            }
        }
        markDone();
    }

    /** Sets the request RESET and resets the tokens, in one transaction; false when not (yet) possible. */
    private boolean tryReset(Request request, StreamingEventProcessor processor) {
        try {
            Boolean reset = transactions.execute(tx -> {
                int updated = jdbc.update("""
                        UPDATE projection_rebuild SET status = ?, reset_at = ?, reset_by = ?
                        WHERE id = ? AND status = ?""", RESET, Timestamps.of(Instant.now()), node, request.id(), REQUESTED);
                if (updated == 0) {
                    return false; // another node reset the tokens
                }
                processor.resetTokens();
                return true;
            });
            return Boolean.TRUE.equals(reset);
        } catch (RuntimeException e) {
            long waited = Instant.now().toEpochMilli() - request.requestedAt().toEpochMilli();
            if (waited > 3 * claimTimeoutMillis) {
                log.warn(
                        "Rebuild #{} of {}: cannot reset the tokens yet after {} ms (a node still holds a claim?)",
                        request.id(),
                        request.name(),
                        waited,
                        e);
            } else {
                log.info(
                        "Rebuild #{} of {}: cannot reset the tokens yet ({}); retrying at the next poll",
                        request.id(),
                        request.name(),
                        e.toString());
            }
            return false;
        }
    }

    private void markDone() {
        List<String> reset =
                jdbc.queryForList("SELECT DISTINCT name FROM projection_rebuild WHERE status = ?", String.class, RESET);
        for (String name : reset) {
            boolean behind = storedTokens(name).values().stream().anyMatch(ProjectionRebuilds::behindResetPoint);
            StreamingEventProcessor processor = processors().get(name);
            if (processor != null && processor.isRunning()) {
                behind |=
                        processor.processingStatus().values().stream().anyMatch(s -> behindResetPoint(trackerToken(s)));
            }
            if (!behind) {
                jdbc.update(
                        "UPDATE projection_rebuild SET status = ? WHERE name = ? AND status = ?", DONE, name, RESET);
            }
        }
    }

    /** The tokens of the group's segments as stored in {@code token_entry} (null: no event seen yet). */
    private Map<Integer, TrackingToken> storedTokens(String processorName) {
        Map<Integer, TrackingToken> tokens = new TreeMap<>();
        jdbc.query(
                "SELECT segment, token, token_type FROM token_entry WHERE processor_name = ?",
                rs -> {
                    tokens.put(rs.getInt(1), deserialize(rs.getBytes(2), rs.getString(3)));
                },
                processorName);
        return tokens;
    }

    private TrackingToken deserialize(byte[] bytes, String type) {
        if (bytes == null || type == null) {
            return null;
        }
        try {
            return tokenSerializer.deserialize(new SimpleSerializedObject<>(bytes, byte[].class, type, null));
        } catch (RuntimeException e) {
            log.debug("Cannot read a token of type {}", type, e);
            return null;
        }
    }

    private static TrackingToken trackerToken(EventTrackerStatus status) {
        return status.getTrackingToken();
    }

    /** The global index up to which the token has seen events; 0 before any (also for a fresh replay token). */
    static long positionOf(TrackingToken token) {
        if (token == null) {
            return 0;
        }
        OptionalLong position = token.position();
        return position.orElse(0);
    }

    /** A replay token whose current position is still before the position the group had when it was reset. */
    static boolean behindResetPoint(TrackingToken token) {
        Optional<ReplayToken> replay = token == null ? Optional.empty() : WrappedToken.unwrap(token, ReplayToken.class);
        if (replay.isEmpty()) {
            return false;
        }
        long resetPoint = positionOf(replay.get().getTokenAtReset());
        return positionOf(replay.get()) < resetPoint;
    }

    @Override
    public void destroy() {
        immediate.shutdownNow();
    }

    private record Request(long id, String name, Instant requestedAt) {}
}
