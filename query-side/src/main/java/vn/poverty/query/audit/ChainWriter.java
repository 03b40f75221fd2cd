package vn.poverty.query.audit;

import java.sql.Connection;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import vn.poverty.audit.AuditChain;

/**
 * Keeps the event hash chain up to date: every second it chains the events stored since (one query node at a time,
 * by an advisory lock; late-committed events every tenth time), and every
 * {@code poverty.audit.checkpoint-interval-ms} it records a checkpoint of the chain head, signed with
 * {@code POVERTY_AUDIT_CHECKPOINT_KEY} and written to the log.
 */
@Component
class ChainWriter {

    private static final Logger log = LoggerFactory.getLogger(ChainWriter.class);

    private final DataSource dataSource;
    private final String key;
    private final int lateEventRounds;
    private long round;

    ChainWriter(
            DataSource dataSource,
            @Value("${poverty.audit.checkpoint-key:}") String key,
            @Value("${poverty.audit.late-event-rounds:10}") int lateEventRounds) {
        this.dataSource = dataSource;
        this.key = key;
        this.lateEventRounds = Math.max(1, lateEventRounds);
    }

    /**
     * Chains the new events every second; every {@code poverty.audit.late-event-rounds}-th time (10) it also looks for
     * events committed after higher ones were chained: that look scans the last 10,000 events, about 40 ms of the
     * database's time, which every second was a twentieth of a core on a 2-core machine.
     */
    @Scheduled(fixedDelayString = "${poverty.audit.chain-interval-ms:1000}", initialDelay = 2_000)
    void extend() {
        boolean lateEvents = round++ % lateEventRounds == 0;
        try (Connection connection = dataSource.getConnection()) {
            int chained;
            do {
                chained = AuditChain.extend(connection, 5_000, lateEvents);
            } while (chained == 5_000);
        } catch (Exception e) {
            log.warn("Could not extend the event hash chain: {}", e.getMessage());
        }
    }

    @Scheduled(fixedDelayString = "${poverty.audit.checkpoint-interval-ms:60000}", initialDelay = 10_000)
    void checkpoint() {
        try (Connection connection = dataSource.getConnection()) {
            AuditChain.checkpoint(connection, key);
        } catch (Exception e) {
            log.warn("Could not checkpoint the event hash chain: {}", e.getMessage());
        }
    }
}
