package vn.poverty.query.nodes;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Shares the segments of every projection (processing group) fairly between the query-side nodes alive now.
 *
 * <p>Axon's pooled streaming processor claims every unclaimed segment it finds, so without help the first node to
 * start holds all of them and a second node only takes over when the first dies (its claims time out). Every
 * {@code poverty.nodes.balance-interval-ms} (5 s) each node
 * <ol>
 *   <li>writes its heartbeat to {@code query_node} (and forgets nodes silent for ten intervals);</li>
 *   <li>counts the nodes whose heartbeat is younger than three intervals;</li>
 *   <li>for each running processor, computes its fair share {@code ceil(segments / nodes)} and releases the segments
 *       it holds beyond that share for {@code poverty.nodes.release-ms} (15 s, longer than the processors' token
 *       claim interval), so that the other nodes' coordinators claim them.</li>
 * </ol>
 * Nothing depends on the balancing for correctness: claims, hand-overs and at-most-one-owner per segment remain
 * Axon's token claims in {@code token_entry}; a handed-over segment continues from its stored token. A node that dies
 * stops heartbeating; its claims time out and the others claim its segments, then share them out again.
 */
@Component
class SegmentBalancer implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(SegmentBalancer.class);

    private final Configuration axon;
    private final JdbcTemplate jdbc;
    private final long intervalMillis;
    private final long releaseMillis;
    /** The name Axon's token store writes as owner of this node's claims. */
    private final String node = ManagementFactory.getRuntimeMXBean().getName();

    SegmentBalancer(
            Configuration axon,
            JdbcTemplate jdbc,
            @Value("${poverty.nodes.balance-interval-ms:5000}") long intervalMillis,
            @Value("${poverty.nodes.release-ms:15000}") long releaseMillis) {
        this.axon = axon;
        this.jdbc = jdbc;
        this.intervalMillis = intervalMillis;
        this.releaseMillis = releaseMillis;
    }

    @Scheduled(
            fixedDelayString = "${poverty.nodes.balance-interval-ms:5000}",
            initialDelayString = "${poverty.nodes.balance-interval-ms:5000}")
    void balance() {
        try {
            int nodes = heartbeat();
            axon.eventProcessingConfiguration().eventProcessors().forEach((name, processor) -> {
                if (processor instanceof StreamingEventProcessor streaming && streaming.isRunning()) {
                    balance(name, streaming, nodes);
                }
            });
        } catch (RuntimeException e) {
            log.warn("Balancing the projection segments failed; trying again in {} ms", intervalMillis, e);
        }
    }

    /** Records this node's heartbeat; returns the number of live nodes (this one included). */
    int heartbeat() {
        jdbc.update("""
                INSERT INTO query_node (node_id, started, last_seen) VALUES (?, now(), now())
                ON CONFLICT (node_id) DO UPDATE SET last_seen = now()""", node);
        jdbc.update(
                "DELETE FROM query_node WHERE last_seen < now() - make_interval(secs => ?)",
                10 * intervalMillis / 1000.0);
        Integer live = jdbc.queryForObject(
                "SELECT count(*) FROM query_node WHERE last_seen >= now() - make_interval(secs => ?)",
                Integer.class,
                3 * intervalMillis / 1000.0);
        return Math.max(1, live == null ? 1 : live);
    }

    private void balance(String name, StreamingEventProcessor processor, int nodes) {
        Integer segments =
                jdbc.queryForObject("SELECT count(*) FROM token_entry WHERE processor_name = ?", Integer.class, name);
        List<Integer> mine = new ArrayList<>(processor.processingStatus().keySet());
        int share = fairShare(segments == null ? 0 : segments, nodes);
        if (mine.size() <= share) {
            return;
        }
        mine.sort(null);
        List<Integer> released = mine.subList(share, mine.size());
        log.info(
                "{}: node {} holds {} of {} segments, {} nodes alive; releasing segments {} for {} ms",
                name,
                node,
                mine.size(),
                segments,
                nodes,
                released,
                releaseMillis);
        for (int segment : released) {
            processor.releaseSegment(segment, releaseMillis, TimeUnit.MILLISECONDS);
        }
    }

    /** The most segments one of {@code nodes} nodes should hold: ceil(segments / nodes). */
    static int fairShare(int segments, int nodes) {
        return nodes <= 0 ? segments : (segments + nodes - 1) / nodes;
    }

    /** On a graceful stop the node leaves at once, so the others take its share without waiting for it to age. */
    @Override
    public void destroy() {
        try {
            jdbc.update("DELETE FROM query_node WHERE node_id = ?", node);
        } catch (RuntimeException e) {
            log.debug("Could not remove node {} from query_node", node, e);
        }
    }
}
