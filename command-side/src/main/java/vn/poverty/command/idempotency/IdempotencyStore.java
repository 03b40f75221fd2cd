package vn.poverty.command.idempotency;

import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The {@code idempotency_key} table: one row per user and key (stored as {@code <length of user>:<user>:<key>}), IN_PROGRESS until
 * the first response is known. {@code owner} names the request that holds the claim.
 */
@Component
class IdempotencyStore {

    static final String IN_PROGRESS = "IN_PROGRESS";
    static final String DONE = "DONE";

    /** A stored key and, once DONE, the response to replay. */
    record Entry(String requestHash, String state, Integer status, String contentType, String body, String location) {}

    private final JdbcTemplate jdbc;

    IdempotencyStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Claims the key for this request: a new key, or one whose earlier claim by the same request expired without an
     * answer (its node died). False while another request holds it or once it is answered.
     */
    boolean claim(String key, String requestHash, String owner, long leaseMillis) {
        if (jdbc.update("""
                INSERT INTO idempotency_key (idempotency_key, request_hash, state, owner) VALUES (?, ?, ?, ?)
                ON CONFLICT (idempotency_key) DO NOTHING""", key, requestHash, IN_PROGRESS, owner) == 1) {
            return true;
        }
        return jdbc.update("""
                UPDATE idempotency_key SET owner = ?, claimed_at = now()
                WHERE idempotency_key = ? AND request_hash = ? AND state = ?
                  AND claimed_at < now() - make_interval(secs => ? / 1000.0)""", owner, key, requestHash, IN_PROGRESS, leaseMillis) == 1;
    }

    Optional<Entry> find(String key) {
        List<Entry> rows = jdbc.query(
                """
                SELECT request_hash, state, response_status, response_type, response_body, location
                FROM idempotency_key WHERE idempotency_key = ?""",
                (rs, i) -> new Entry(
                        rs.getString(1),
                        rs.getString(2),
                        (Integer) rs.getObject(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getString(6)),
                key);
        return rows.stream().findFirst();
    }

    /**
     * Records the response of the claim's owner; called inside the command's transaction and again, with headers,
     * after it. False when the claim was lost (taken over after its lease expired).
     */
    boolean complete(String owner, int status, String contentType, String body, String location) {
        return jdbc.update("""
                UPDATE idempotency_key SET state = ?, response_status = ?, response_type = ?, response_body = ?,
                       location = COALESCE(?, location), completed_at = now()
                WHERE owner = ?""", DONE, status, contentType, body, location, owner) == 1;
    }

    void release(String key, String owner) {
        jdbc.update(
                "DELETE FROM idempotency_key WHERE idempotency_key = ? AND owner = ? AND state = ?",
                key,
                owner,
                IN_PROGRESS);
    }
}
