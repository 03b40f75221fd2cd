package vn.poverty.command.idempotency;

import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** The {@code idempotency_key} table: one row per key, IN_PROGRESS until the first response is known. */
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

    /** Claims the key for this request; false when it was already claimed. */
    boolean claim(String key, String requestHash) {
        return jdbc.update("""
                INSERT INTO idempotency_key (idempotency_key, request_hash, state) VALUES (?, ?, ?)
                ON CONFLICT (idempotency_key) DO NOTHING""", key, requestHash, IN_PROGRESS) == 1;
    }

    Optional<Entry> find(String key) {
        List<Entry> rows = jdbc.query("""
                SELECT request_hash, state, response_status, response_type, response_body, location
                FROM idempotency_key WHERE idempotency_key = ?""",
                (rs, i) -> new Entry(rs.getString(1), rs.getString(2), (Integer) rs.getObject(3), rs.getString(4),
                        rs.getString(5), rs.getString(6)),
                key);
        return rows.stream().findFirst();
    }

    /** Records the response; called inside the command's transaction and again, with headers, after it. */
    void complete(String key, int status, String contentType, String body, String location) {
        jdbc.update("""
                UPDATE idempotency_key SET state = ?, response_status = ?, response_type = ?, response_body = ?,
                       location = COALESCE(?, location), completed_at = now()
                WHERE idempotency_key = ?""", DONE, status, contentType, body, location, key);
    }

    void release(String key) {
        jdbc.update("DELETE FROM idempotency_key WHERE idempotency_key = ? AND state = ?", key, IN_PROGRESS);
    }
}
