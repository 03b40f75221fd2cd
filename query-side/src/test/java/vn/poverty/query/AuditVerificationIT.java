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

/** GET /api/audit/verification: the query side keeps the hash chain and finds a payload altered in the store. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AuditVerificationIT {

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
    void theStoreVerifiesUntilAPayloadIsAlteredAndThenTheBrokenPositionIsNamed() throws Exception {
        EventHistory history = new EventHistory();
        history.commune("C01", "Mỹ Thọ", AreaType.URBAN, 200, 250);
        history.commune("C02", "Ba Sao", AreaType.RURAL, 1200, 1350);
        history.publishTo(eventStore);

        JsonNode clean = awaitChained(6);
        assertThat(clean.get("verified").asBoolean()).isTrue();
        assertThat(clean.get("firstBrokenSequence").isNull()).isTrue();
        assertThat(clean.get("checkpoints").asLong()).isPositive();

        long victim = jdbc.queryForObject("SELECT global_index FROM event_hash_chain WHERE chain_seq = 4", Long.class);
        jdbc.update(
                "UPDATE domain_event_entry SET payload = convert_to('{\"code\":\"C99\"}', 'UTF8') "
                        + "WHERE global_index = ?",
                victim);

        JsonNode broken = verification("auditor");
        assertThat(broken.get("verified").asBoolean()).isFalse();
        assertThat(broken.get("firstBrokenSequence").asLong()).isEqualTo(4);
        assertThat(broken.get("events").asLong()).isEqualTo(3);
    }

    @Test
    void onlyAuditorsAndAdminsMayVerify() {
        assertThat(rest.withBasicAuth("bank", TestUsers.PASSWORD)
                        .getForEntity("/api/audit/verification", String.class)
                        .getStatusCode()
                        .value())
                .isEqualTo(403);
        assertThat(rest.withBasicAuth("district", TestUsers.PASSWORD)
                        .getForEntity("/api/audit/verification", String.class)
                        .getStatusCode()
                        .value())
                .isEqualTo(403);
        assertThat(rest.withBasicAuth("admin", TestUsers.PASSWORD)
                        .getForEntity("/api/audit/verification", String.class)
                        .getStatusCode()
                        .value())
                .isEqualTo(200);
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
