package vn.poverty.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.stream.StreamSupport;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import vn.poverty.api.commune.AreaType;
import vn.poverty.api.household.AssessmentKind;
import vn.poverty.api.household.HouseholdStatus;
import vn.poverty.testsupport.TestDatabase;
import vn.poverty.testsupport.TestUsers;

/**
 * Dead letters of the projections over HTTP (issue "Reliability": a projection handler that fails on one event puts
 * that event in its group's dead-letter queue while the rest goes on; ADMIN endpoints list, retry and evict). The
 * real household projection is made to fail by a CHECK constraint the test adds to {@code q_household}: it rejects
 * the hamlet 'POISON', so the registration of such a household throws in the handler like any data error would.
 *
 * <pre>
 * commune C01
 *   OK1  Khóm 1   registered, assessed
 *   P    POISON   registered (fails), assessed (queued behind it)   -> retried after the constraint is dropped
 *   OK2  Khóm 2   registered
 *   E    POISON   registered (fails), assessed (queued behind it)   -> evicted: not projected
 * later: OK3 (the processor still runs); a third POISON household while the queue is full (at most 2 sequences
 * here): the group stops until the cause is fixed; two 'LATE' households retried together; a rebuild
 * </pre>
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DeadLetterIT {

    private static final TestDatabase.Database DB = TestDatabase.create();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HOUSEHOLDS = "household-projection";
    private static final String LETTERS = "/api/admin/dead-letters";

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", DB::url);
        registry.add("spring.datasource.username", DB::username);
        registry.add("spring.datasource.password", DB::password);
        registry.add("poverty.security.users-file", () -> TestUsers.file().toString());
        registry.add("poverty.security.jwt.hmac-secret", () -> TestUsers.HMAC_SECRET);
        registry.add("poverty.projections.rebuild-poll-ms", () -> "200");
        registry.add("poverty.dead-letters.max-sequences", () -> "2");
    }

    @Autowired
    private EventStore eventStore;

    @Autowired
    private TestRestTemplate rest;

    @Autowired
    private JdbcTemplate jdbc;

    @Autowired
    private MeterRegistry meters;

    private long published;
    private String ok1;
    private String poisoned;
    private String ok2;
    private String evicted;

    @BeforeAll
    void recordTheHistoryWithTwoPoisonedHouseholds() {
        // nextval is not transactional: the sequence counts the attempts to write a POISON row, rolled back or not
        jdbc.execute("CREATE SEQUENCE dead_letter_it_attempts");
        jdbc.execute("""
                ALTER TABLE q_household ADD CONSTRAINT dead_letter_it_poison
                    CHECK (hamlet <> 'POISON' OR nextval('dead_letter_it_attempts') < 0)""");

        EventHistory history = new EventHistory();
        history.commune("C01", "Mỹ Thọ", AreaType.URBAN, 20, 25);
        ok1 = history.household("C01", AreaType.URBAN, "Khóm 1", "Nguyễn Văn An", "087100000001", false);
        assess(history, ok1);
        poisoned = history.household("C01", AreaType.URBAN, "POISON", "Trần Thị Bình", "087100000002", false);
        assess(history, poisoned);
        ok2 = history.household("C01", AreaType.URBAN, "Khóm 2", "Lê Văn Cường", "087100000003", false);
        evicted = history.household("C01", AreaType.URBAN, "POISON", "Phạm Thị Dung", "087100000004", false);
        assess(history, evicted);
        publish(history);

        await(
                "the healthy households projected and both poisoned ones dead-lettered",
                () -> caughtUp()
                        && households(ok1, ok2) == 2
                        && count("q_assessment WHERE household_id = '" + ok1 + "'") == 1
                        && letters(HOUSEHOLDS).get("total").asLong() == 4);
    }

    @Test
    @Order(1)
    void theFailedEventAndTheLaterEventOfItsAggregateAreDeadLetteredWhileTheRestIsProjected() {
        assertThat(households(poisoned, evicted))
                .as("poisoned households projected")
                .isZero();
        assertThat(count("q_assessment WHERE household_id IN ('" + poisoned + "', '" + evicted + "')"))
                .as("their later events are not applied either")
                .isZero();

        JsonNode listing = letters(HOUSEHOLDS);
        assertThat(listing.get("total").asLong()).isEqualTo(4);
        List<JsonNode> ofP = lettersOf(listing, poisoned);
        assertThat(ofP).hasSize(2);

        JsonNode registration = ofP.get(0);
        assertThat(registration.get("processingGroup").asText()).isEqualTo(HOUSEHOLDS);
        assertThat(registration.get("sequenceId").asText()).isEqualTo(poisoned);
        assertThat(registration.get("letterId").asText()).isNotBlank();
        assertThat(registration.get("eventType").asText()).isEqualTo("HouseholdRegistered");
        assertThat(registration.get("aggregateType").asText()).isEqualTo("Household");
        assertThat(registration.get("aggregateIdentifier").asText()).isEqualTo(poisoned);
        assertThat(registration.get("sequenceNumber").asLong()).isZero();
        assertThat(registration.get("globalIndex").asLong()).isEqualTo(globalIndex(poisoned, 0));
        assertThat(registration.get("enqueuedAt").asText()).isNotBlank();
        assertThat(registration.get("lastTouched").asText()).isNotBlank();
        assertThat(registration.get("cause").get("type").asText()).endsWith("DataIntegrityViolationException");
        assertThat(registration.get("cause").get("message").asText())
                .contains("dead_letter_it_poison")
                .hasSizeLessThanOrEqualTo(1023);
        assertThat(registration.get("retries").asLong()).isZero();

        JsonNode assessment = ofP.get(1);
        assertThat(assessment.get("eventType").asText()).isEqualTo("AssessmentRecorded");
        assertThat(assessment.get("sequenceNumber").asLong()).isEqualTo(1);
        assertThat(assessment.get("globalIndex").asLong()).isEqualTo(globalIndex(poisoned, 1));
        assertThat(assessment.get("cause").isNull())
                .as("queued behind the failed event")
                .isTrue();

        assertThat(lettersOf(letters(null), evicted))
                .as("every group when none is given")
                .hasSize(2);
        assertThat(letters("commune-projection").get("total").asLong()).isZero();
        JsonNode firstPage = ok("admin", LETTERS + "?processingGroup=" + HOUSEHOLDS + "&page=0&size=3");
        assertThat(firstPage.get("deadLetters")).hasSize(3);
        assertThat(firstPage.get("total").asLong()).isEqualTo(4);
        assertThat(ok("admin", LETTERS + "?processingGroup=" + HOUSEHOLDS + "&page=1&size=3")
                        .get("deadLetters"))
                .hasSize(1);
    }

    @Test
    @Order(2)
    void theProcessorGoesOnAndProjectionsAndTheGaugeCountTheDeadLetters() {
        EventHistory later = new EventHistory();
        String ok3 = later.household("C01", AreaType.URBAN, "Khóm 3", "Võ Văn Em", "087100000005", false);
        publish(later);
        await("a household recorded after the failures projected", () -> caughtUp() && households(ok3) == 1);

        for (JsonNode projection : ok("admin", "/api/admin/projections").get("projections")) {
            long expected = projection.get("name").asText().equals(HOUSEHOLDS) ? 4 : 0;
            assertThat(projection.get("deadLetters").asLong())
                    .as(projection.get("name").asText())
                    .isEqualTo(expected);
        }
        assertThat(meters.get("poverty.dead.letters")
                        .tag("processing.group", HOUSEHOLDS)
                        .gauge()
                        .value())
                .isEqualTo(4.0);
        assertThat(meters.get("poverty.dead.letters")
                        .tag("processing.group", "loan-projection")
                        .gauge()
                        .value())
                .isZero();
    }

    @Test
    @Order(3)
    void aRetryThatFailsAgainKeepsTheSequenceAndCountsTheRetry() {
        ResponseEntity<String> response = post("admin", LETTERS + "/" + HOUSEHOLDS + "/" + poisoned + "/retry");

        assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(200);
        JsonNode outcome = parse(response.getBody());
        assertThat(outcome.get("processed").asBoolean()).isFalse();
        assertThat(outcome.get("remaining").asLong()).isEqualTo(2);
        List<JsonNode> ofP = lettersOf(letters(HOUSEHOLDS), poisoned);
        assertThat(ofP).hasSize(2);
        assertThat(ofP.get(0).get("retries").asLong()).isEqualTo(1);
        assertThat(ofP.get(0).get("cause").get("message").asText()).contains("dead_letter_it_poison");
        assertThat(households(poisoned)).isZero();
    }

    @Test
    @Order(4)
    void aFullQueueStopsTheGroupInsteadOfDroppingTheEventUntilTheCauseIsFixed() {
        long attemptsBefore = poisonAttempts();
        EventHistory later = new EventHistory();
        String third = later.household("C01", AreaType.URBAN, "POISON", "Hồ Văn Khoa", "087100000009", false);
        publish(later);

        await(
                "the group failing its batch twice: the queue holds its maximum of 2 sequences",
                () -> poisonAttempts() >= attemptsBefore + 2);
        assertThat(lettersOf(letters(HOUSEHOLDS), third)).isEmpty();
        assertThat(letters(HOUSEHOLDS).get("total").asLong()).isEqualTo(4);
        assertThat(households(third)).isZero();
        assertThat(projection(HOUSEHOLDS).get("position").asLong())
                .as("not past the event")
                .isLessThan(published);

        jdbc.execute("ALTER TABLE q_household DROP CONSTRAINT dead_letter_it_poison");

        await("the batch retried by the processor once the cause is gone", () -> caughtUp() && households(third) == 1);
        assertThat(lettersOf(letters(HOUSEHOLDS), third))
                .as("projected, never dead-lettered")
                .isEmpty();
    }

    @Test
    @Order(5)
    void onceTheCauseIsFixedARetryProjectsTheSequenceInOrderAndEmptiesIt() {
        ResponseEntity<String> response = post("admin", LETTERS + "/" + HOUSEHOLDS + "/" + poisoned + "/retry");

        assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(200);
        JsonNode outcome = parse(response.getBody());
        assertThat(outcome.get("processed").asBoolean()).isTrue();
        assertThat(outcome.get("remaining").asLong()).isZero();
        assertThat(lettersOf(letters(HOUSEHOLDS), poisoned)).isEmpty();
        assertThat(households(poisoned)).isEqualTo(1);
        assertThat(count("q_assessment WHERE household_id = '" + poisoned + "'"))
                .isEqualTo(1);
        JsonNode household = ok("admin", "/api/households/" + poisoned);
        assertThat(household.get("hamlet").asText()).isEqualTo("POISON");
        assertThat(lettersOf(letters(HOUSEHOLDS), evicted))
                .as("the other sequence is untouched")
                .hasSize(2);
    }

    @Test
    @Order(6)
    void anEvictedSequenceLeavesTheQueueAndIsNotProjected() {
        ResponseEntity<String> response = delete("admin", LETTERS + "/" + HOUSEHOLDS + "/" + evicted);

        assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(204);
        assertThat(letters(HOUSEHOLDS).get("total").asLong()).isZero();
        assertThat(households(evicted)).isZero();
        assertThat(get("admin", "/api/households/" + evicted).getStatusCode().value())
                .isEqualTo(404);
        assertProblem(delete("admin", LETTERS + "/" + HOUSEHOLDS + "/" + evicted), 404, "/problems/not-found");
    }

    @Test
    @Order(7)
    void retryingEveryGroupSequenceReportsWhatWasProcessedAndWhatStillFails() {
        jdbc.execute("ALTER TABLE q_household ADD CONSTRAINT dead_letter_it_late CHECK (hamlet <> 'LATE') NOT VALID");
        EventHistory later = new EventHistory();
        String late = later.household("C01", AreaType.URBAN, "LATE", "Đặng Thị Giang", "087100000006", false);
        String late2 = later.household("C01", AreaType.URBAN, "LATE", "Bùi Văn Hải", "087100000007", false);
        publish(later);
        await(
                "two late households dead-lettered",
                () -> caughtUp() && letters(HOUSEHOLDS).get("total").asLong() == 2);

        JsonNode stillFailing =
                parse(post("admin", LETTERS + "/" + HOUSEHOLDS + "/retry").getBody());
        assertThat(stillFailing.get("sequences").asInt()).isEqualTo(2);
        assertThat(stillFailing.get("processed").asInt()).isZero();
        assertThat(stillFailing.get("stillFailing").asInt()).isEqualTo(2);
        assertThat(stillFailing.get("remaining").asLong()).isEqualTo(2);

        jdbc.execute("ALTER TABLE q_household DROP CONSTRAINT dead_letter_it_late");
        ResponseEntity<String> response = post("admin", LETTERS + "/" + HOUSEHOLDS + "/retry");
        assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(200);
        JsonNode retried = parse(response.getBody());
        assertThat(retried.get("processingGroup").asText()).isEqualTo(HOUSEHOLDS);
        assertThat(retried.get("sequences").asInt()).isEqualTo(2);
        assertThat(retried.get("processed").asInt()).isEqualTo(2);
        assertThat(retried.get("stillFailing").asInt()).isZero();
        assertThat(retried.get("remaining").asLong()).isZero();
        assertThat(households(late, late2)).isEqualTo(2);
    }

    @Test
    @Order(8)
    void aRebuildClearsTheGroupsDeadLettersAndBringsEvictedEventsBack() {
        jdbc.execute("ALTER TABLE q_household ADD CONSTRAINT dead_letter_it_late CHECK (hamlet <> 'LATER') NOT VALID");
        EventHistory later = new EventHistory();
        String latest = later.household("C01", AreaType.URBAN, "LATER", "Hồ Thị Lan", "087100000008", false);
        publish(later);
        await(
                "one more household dead-lettered",
                () -> caughtUp() && lettersOf(letters(HOUSEHOLDS), latest).size() == 1);
        jdbc.execute("ALTER TABLE q_household DROP CONSTRAINT dead_letter_it_late");

        ResponseEntity<String> rebuild = post("admin", "/api/admin/projections/" + HOUSEHOLDS + "/rebuild");
        assertThat(rebuild.getStatusCode().value()).as(rebuild.getBody()).isEqualTo(202);
        await(
                "the rebuild done",
                () -> count("projection_rebuild WHERE status <> 'DONE'") == 0
                        && count("projection_rebuild") == 1
                        && caughtUp());

        assertThat(letters(HOUSEHOLDS).get("total").asLong())
                .as("cleared by the reset")
                .isZero();
        assertThat(households(latest, evicted, poisoned, ok1, ok2)).isEqualTo(5);
        assertThat(count("q_assessment WHERE household_id = '" + evicted + "'"))
                .as("the evicted events are replayed")
                .isEqualTo(1);
    }

    @Test
    @Order(9)
    void unknownGroupsAndSequencesAreNotFound() {
        assertProblem(get("admin", LETTERS + "?processingGroup=no-such-projection"), 404, "/problems/not-found");
        assertProblem(post("admin", LETTERS + "/no-such-projection/retry"), 404, "/problems/not-found");
        assertProblem(post("admin", LETTERS + "/no-such-projection/" + ok1 + "/retry"), 404, "/problems/not-found");
        assertProblem(delete("admin", LETTERS + "/no-such-projection/" + ok1), 404, "/problems/not-found");
        assertProblem(
                post("admin", LETTERS + "/" + HOUSEHOLDS + "/no-such-sequence/retry"), 404, "/problems/not-found");
        assertProblem(delete("admin", LETTERS + "/" + HOUSEHOLDS + "/no-such-sequence"), 404, "/problems/not-found");
        assertProblem(get("admin", LETTERS + "?page=-1"), 400, "/problems/validation");
    }

    @ParameterizedTest
    @Order(10)
    @ValueSource(strings = {"district", "officer-c01", "bank", "auditor", "nobody"})
    void onlyAdminsSeeRetryOrEvictDeadLetters(String user) {
        assertProblem(get(user, LETTERS), 403, "/problems/forbidden");
        assertProblem(post(user, LETTERS + "/" + HOUSEHOLDS + "/retry"), 403, "/problems/forbidden");
        assertProblem(post(user, LETTERS + "/" + HOUSEHOLDS + "/" + ok1 + "/retry"), 403, "/problems/forbidden");
        assertProblem(delete(user, LETTERS + "/" + HOUSEHOLDS + "/" + ok1), 403, "/problems/forbidden");
    }

    // ---- helpers

    private static void assess(EventHistory history, String household) {
        history.assess(household, 2023, AssessmentKind.ANNUAL, "2022-11-20", 1_400_000, 3, HouseholdStatus.POOR);
    }

    private void publish(EventHistory history) {
        history.publishTo(eventStore);
        published += history.size();
    }

    /** Every projection has passed every event published so far and none is replaying. */
    private boolean caughtUp() {
        JsonNode projections = ok("admin", "/api/admin/projections").get("projections");
        return projections.size() == 3
                && StreamSupport.stream(projections.spliterator(), false)
                        .allMatch(p -> p.get("head").asLong() == published
                                && p.get("position").asLong() == published
                                && !p.get("replaying").asBoolean());
    }

    /** How many times a handler tried to write a POISON household (each attempt rolled back). */
    private long poisonAttempts() {
        return jdbc.queryForObject(
                "SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM dead_letter_it_attempts", Long.class);
    }

    private JsonNode projection(String name) {
        return StreamSupport.stream(
                        ok("admin", "/api/admin/projections").get("projections").spliterator(), false)
                .filter(p -> p.get("name").asText().equals(name))
                .findFirst()
                .orElseThrow();
    }

    /** Polls until the condition holds; fails after 60 s (a processor retries a failed batch after a back-off). */
    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Not within 60 s: " + what);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }

    private JsonNode letters(String processingGroup) {
        return ok(
                "admin",
                LETTERS + "?size=200" + (processingGroup == null ? "" : "&processingGroup=" + processingGroup));
    }

    private static List<JsonNode> lettersOf(JsonNode listing, String sequenceId) {
        return StreamSupport.stream(listing.get("deadLetters").spliterator(), false)
                .filter(l -> l.get("sequenceId").asText().equals(sequenceId))
                .toList();
    }

    private int households(String... ids) {
        return jdbc.queryForObject(
                "SELECT count(*) FROM q_household WHERE household_id = ANY (?)", Integer.class, (Object) ids);
    }

    private long globalIndex(String aggregate, long sequenceNumber) {
        return jdbc.queryForObject(
                "SELECT global_index FROM domain_event_entry WHERE aggregate_identifier = ? AND sequence_number = ?",
                Long.class,
                aggregate,
                sequenceNumber);
    }

    private int count(String tableAndCondition) {
        return jdbc.queryForObject("SELECT count(*) FROM " + tableAndCondition, Integer.class);
    }

    private ResponseEntity<String> get(String user, String path) {
        return exchange(HttpMethod.GET, user, path);
    }

    private ResponseEntity<String> post(String user, String path) {
        return exchange(HttpMethod.POST, user, path);
    }

    private ResponseEntity<String> delete(String user, String path) {
        return exchange(HttpMethod.DELETE, user, path);
    }

    private ResponseEntity<String> exchange(HttpMethod method, String user, String path) {
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.AUTHORIZATION, TestUsers.basic(user));
        return rest.exchange(path, method, new HttpEntity<>(headers), String.class);
    }

    private JsonNode ok(String user, String path) {
        ResponseEntity<String> response = get(user, path);
        assertThat(response.getStatusCode().value())
                .as("GET %s as %s: %s", path, user, response.getBody())
                .isEqualTo(200);
        return parse(response.getBody());
    }

    private static void assertProblem(ResponseEntity<String> response, int status, String type) {
        assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(status);
        assertThat(response.getHeaders().getContentType())
                .isNotNull()
                .satisfies(t -> assertThat(t.isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                        .isTrue());
        assertThat(parse(response.getBody()).get("type").asText()).isEqualTo(type);
    }

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (java.io.IOException e) {
            throw new AssertionError("Not JSON: " + body, e);
        }
    }
}
