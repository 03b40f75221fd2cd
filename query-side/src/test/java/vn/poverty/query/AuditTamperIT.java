package vn.poverty.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import vn.poverty.api.commune.AreaType;
import vn.poverty.testsupport.TestDatabase;
import vn.poverty.testsupport.TestUsers;

/** GET /api/audit/verification finds a deleted row and two swapped rows (a store of its own). */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AuditTamperIT {

    private static final TestDatabase.Database DB = TestDatabase.create();
    private static final ObjectMapper JSON = new ObjectMapper();

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", DB::url);
        registry.add("spring.datasource.username", DB::username);
        registry.add("spring.datasource.password", DB::password);
        registry.add("poverty.security.users-file", () -> TestUsers.file().toString());
        registry.add("poverty.security.jwt.hmac-secret", () -> TestUsers.HMAC_SECRET);
        registry.add("poverty.audit.checkpoint-key", () -> "audit-test-key");
        registry.add("poverty.audit.checkpoint-interval-ms", () -> "500");
    }

    @Autowired
    private EventStore eventStore;

    @Autowired
    private TestRestTemplate rest;

    @Autowired
    private JdbcTemplate jdbc;

    @Test
    void aDeletedRowAndTwoSwappedRowsAreFoundThroughTheEndpoint() throws Exception {
        EventHistory history = new EventHistory();
        history.commune("C11", "Mỹ Hiệp", AreaType.RURAL, 900, 950);
        history.commune("C12", "Mỹ Xương", AreaType.RURAL, 800, 850);
        history.publishTo(eventStore);
        awaitChained(6);
        long first = jdbc.queryForObject(
                "SELECT min(global_index) FROM event_hash_chain c "
                        + "WHERE EXISTS (SELECT 1 FROM domain_event_entry e WHERE e.global_index = c.global_index "
                        + "AND convert_from(e.payload, 'UTF8') LIKE '%C11%')",
                Long.class);
        long position =
                jdbc.queryForObject("SELECT chain_seq FROM event_hash_chain WHERE global_index = ?", Long.class, first);

        // swap the first C11 event with the next chained event
        long next = jdbc.queryForObject(
                "SELECT global_index FROM event_hash_chain WHERE chain_seq = ?", Long.class, position + 1);
        jdbc.update("UPDATE domain_event_entry SET global_index = -1 WHERE global_index = ?", first);
        jdbc.update("UPDATE domain_event_entry SET global_index = ? WHERE global_index = ?", first, next);
        jdbc.update("UPDATE domain_event_entry SET global_index = ? WHERE global_index = -1", next);
        JsonNode swapped = verification("auditor");
        assertThat(swapped.get("verified").asBoolean()).isFalse();
        assertThat(swapped.get("firstBrokenSequence").asLong()).isEqualTo(position);

        // put the two rows back, then delete the second one
        jdbc.update("UPDATE domain_event_entry SET global_index = -1 WHERE global_index = ?", first);
        jdbc.update("UPDATE domain_event_entry SET global_index = ? WHERE global_index = ?", first, next);
        jdbc.update("UPDATE domain_event_entry SET global_index = ? WHERE global_index = -1", next);
        assertThat(verification("auditor").get("verified").asBoolean()).isTrue();
        jdbc.update("DELETE FROM domain_event_entry WHERE global_index = ?", next);
        JsonNode deleted = verification("admin");
        assertThat(deleted.get("verified").asBoolean()).isFalse();
        assertThat(deleted.get("problem").asText()).contains("deleted");
    }

    private JsonNode awaitChained(long events) throws Exception {
        long deadline = System.nanoTime() + 20_000_000_000L;
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            last = verification("auditor");
            if (last.get("events").asLong() >= events
                    && last.get("unchainedEvents").asLong() == 0
                    && last.get("checkpoints").asLong() > 0) {
                return last;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the chain did not cover " + events + " events in 20 s: " + last);
    }

    private JsonNode verification(String user) throws Exception {
        ResponseEntity<String> response =
                rest.withBasicAuth(user, TestUsers.PASSWORD).getForEntity("/api/audit/verification", String.class);
        assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(200);
        return JSON.readTree(response.getBody());
    }
}
