package vn.poverty.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import vn.poverty.testsupport.TestDatabase;
import vn.poverty.testsupport.TestUsers;

/**
 * Event evolution: a revision-1 HouseholdCountRecordedEvent, stored as it was written before revision 2 added
 * {@code source}, still loads through the upcaster and is projected.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class UpcastingIT {

    private static final TestDatabase.Database DB = TestDatabase.create();
    private static final ObjectMapper JSON = new ObjectMapper();

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", DB::url);
        registry.add("spring.datasource.username", DB::username);
        registry.add("spring.datasource.password", DB::password);
        registry.add("poverty.security.users-file", () -> TestUsers.file().toString());
    }

    @Autowired
    private JdbcTemplate jdbc;

    @Autowired
    private TestRestTemplate rest;

    @Autowired
    private org.axonframework.config.Configuration axon;

    @Autowired
    private EventStorageEngine storageEngine;

    @Test
    void eventsAreReadWithThePlatformsSerializerAndTheQuerySidesStorageEngine() {
        assertThat(axon.eventSerializer().getClass().getSimpleName()).isEqualTo("CachingJacksonSerializer");
        assertThat(storageEngine.getClass().getSimpleName()).isEqualTo("QueryEventStorageEngine");
    }

    @Test
    void aStoredRevisionOneHouseholdCountIsStillProjected() throws Exception {
        store(
                0,
                "vn.poverty.api.commune.CommuneCreatedEvent",
                "1",
                "{\"code\":\"OLD\",\"name\":\"Mỹ Long\",\"areaType\":\"RURAL\"}");
        store(
                1,
                "vn.poverty.api.commune.HouseholdCountRecordedEvent",
                "1",
                "{\"code\":\"OLD\",\"asOf\":\"2020-12-31\",\"totalHouseholds\":2345}");

        long deadline = System.nanoTime() + 15_000_000_000L;
        JsonNode commune = null;
        while (System.nanoTime() < deadline) {
            ResponseEntity<String> response = rest.withBasicAuth("auditor", TestUsers.PASSWORD)
                    .getForEntity("/api/communes/OLD?asOf=2021-06-30", String.class);
            if (response.getStatusCode().value() == 200) {
                commune = JSON.readTree(response.getBody());
                if (commune.get("totalHouseholds").asInt() == 2345) {
                    break;
                }
            }
            Thread.sleep(200);
        }
        assertThat(commune)
                .as("the commune and its revision-1 total were projected")
                .isNotNull();
        assertThat(commune.get("totalHouseholds").asInt()).isEqualTo(2345);
    }

    private void store(long sequence, String type, String revision, String payload) {
        jdbc.update(
                """
                INSERT INTO domain_event_entry (event_identifier, aggregate_identifier, sequence_number, type,
                    time_stamp, payload_type, payload_revision, payload, meta_data)
                VALUES (gen_random_uuid()::text, 'OLD', ?, 'Commune', '2021-01-05T02:00:00Z', ?, ?, ?, ?)""",
                sequence,
                type,
                revision,
                payload.getBytes(StandardCharsets.UTF_8),
                "{\"actor\":\"importer\"}".getBytes(StandardCharsets.UTF_8));
    }
}
