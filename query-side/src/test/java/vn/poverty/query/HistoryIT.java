package vn.poverty.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.StreamSupport;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import vn.poverty.api.commune.AreaType;
import vn.poverty.api.household.AssessmentCorrectedEvent;
import vn.poverty.api.household.AssessmentId;
import vn.poverty.api.household.AssessmentKind;
import vn.poverty.api.household.HouseholdId;
import vn.poverty.api.household.HouseholdStatus;
import vn.poverty.testsupport.TestDatabase;
import vn.poverty.testsupport.TestUsers;

/**
 * GET /api/households/{id}/history over HTTP against the app as deployed. The history of H (commune C01), in the order
 * recorded, with the other household K of C02 recorded in between:
 *
 * <pre>
 *  #  type                  recorded               effective   actor        decisionRef
 *  0  HouseholdRegistered   2022-11-01T02:00Z      2021-03-01  officer-c01
 *  1  AssessmentRecorded    2022-11-21T02:00Z      2022-11-20  officer-c01
 *  2  AssessmentRecognized  2022-12-16T02:00Z      2022-12-15  officer-c01  101/QĐ-UBND
 *  3  PolicyGranted         2022-12-20T02:00Z      2023-01-01  officer-c01  G-HEALTH_INSURANCE_FULL
 *  4  LoanApplied           2023-02-01T03:00Z      2023-02-01  bank
 *  5  LoanApproved          2023-02-10T03:00Z      2023-02-10  bank
 *  6  LoanDisbursed         2023-03-01T03:00Z      2023-03-01  bank
 *  7  AssessmentCorrected   2023-03-10T02:00Z      2022-12-15  district     205/QĐ-UBND
 *  8  GrantEnded            2023-03-10T02:00Z      2023-03-10  district     QĐ-2023-03-10
 *  9  RepaymentRecorded     2023-04-01T03:00Z      2023-04-01  bank
 * 10  LoanFellOverdue       2023-06-01T03:00Z      2023-06-01  bank
 * </pre>
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HistoryIT {

    private static final TestDatabase.Database DB = TestDatabase.create();
    private static final ObjectMapper JSON = new ObjectMapper();

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", DB::url);
        registry.add("spring.datasource.username", DB::username);
        registry.add("spring.datasource.password", DB::password);
        registry.add("poverty.security.users-file", () -> TestUsers.file().toString());
        registry.add("poverty.security.jwt.hmac-secret", () -> TestUsers.HMAC_SECRET);
    }

    @Autowired
    private EventStore eventStore;

    @Autowired
    private TestRestTemplate rest;

    @Autowired
    private JdbcTemplate jdbc;

    private final EventHistory history = new EventHistory();

    private String h;
    private String k;
    private String loan;

    @BeforeAll
    void recordTheHistoryAndAwaitItsProjection() {
        history.commune("C01", "Mỹ Thọ", AreaType.URBAN, 200, 250);
        history.commune("C02", "Mỹ Hội", AreaType.RURAL, 1200, 1350);

        history.actor("officer-c01");
        h = history.household("C01", AreaType.URBAN, "Khóm 1", "Nguyễn Văn An", "087123456789", false);
        history.actor("officer-c02");
        k = history.household("C02", AreaType.RURAL, "Ấp 1", "Võ Văn Em", "079987654321", false);
        history.actor("officer-c01");
        AssessmentId assessment =
                history.assess(h, 2023, AssessmentKind.ANNUAL, "2022-11-20", 1_400_000, 3, HouseholdStatus.POOR);
        history.recognize(
                h, assessment, "101/QĐ-UBND", "2022-12-15", HouseholdStatus.POOR, HouseholdStatus.UNCLASSIFIED);
        String grant = history.grant(h, "HEALTH_INSURANCE_FULL", "2023-01-01", "2023-12-31", "2022-12-20T02:00:00Z");
        history.actor("officer-c02");
        AssessmentId other =
                history.assess(k, 2023, AssessmentKind.ANNUAL, "2022-11-25", 1_400_000, 4, HouseholdStatus.POOR);
        history.recognize(k, other, "102/QĐ-UBND", "2022-12-20", HouseholdStatus.POOR, HouseholdStatus.UNCLASSIFIED);
        history.actor("bank");
        loan = history.applyForLoan(
                h, "C01", "POOR_HOUSEHOLD", "6.60", 30_000_000, 12, "2023-02-01", HouseholdStatus.POOR);
        history.approveLoan(loan, "2023-02-10");
        history.disburseLoan(loan, "2023-03-01");
        history.actor("district");
        history.record(
                "Household",
                h,
                "2023-03-10T02:00:00Z",
                new AssessmentCorrectedEvent(
                        HouseholdId.of(h),
                        assessment,
                        2_100_000,
                        List.of("HEALTH_INSURANCE"),
                        1,
                        HouseholdStatus.NEAR_POOR,
                        HouseholdStatus.POOR,
                        LocalDate.parse("2022-12-15"),
                        "Thu nhập khai thiếu",
                        "205/QĐ-UBND"));
        history.end(h, grant, "HEALTH_INSURANCE_FULL", "2023-03-10", HouseholdStatus.NEAR_POOR, "2023-03-10T02:00:00Z");
        history.actor("bank");
        history.repayLoan(loan, 2_500_000, "2023-04-01");
        history.loanFellOverdue(loan, "2023-06-01", "2023-05-01", 2_500_000);

        history.publishTo(eventStore);
        awaitProjected();
    }

    @Test
    void everyEventOfTheHouseholdAndItsLoansInTheOrderRecorded() {
        JsonNode page = ok("admin", "/api/households/" + h + "/history");

        assertThat(page.get("householdId").asText()).isEqualTo(h);
        assertThat(page.get("page").asInt()).isZero();
        assertThat(page.get("size").asInt()).isEqualTo(100);
        assertThat(page.get("total").asLong()).isEqualTo(11);
        JsonNode events = page.get("events");
        assertThat(texts(events, "type"))
                .containsExactly(
                        "HouseholdRegistered",
                        "AssessmentRecorded",
                        "AssessmentRecognized",
                        "PolicyGranted",
                        "LoanApplied",
                        "LoanApproved",
                        "LoanDisbursed",
                        "AssessmentCorrected",
                        "GrantEnded",
                        "RepaymentRecorded",
                        "LoanFellOverdue");
        assertThat(longs(events, "sequence")).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
        assertThat(longs(events, "globalIndex")).isSorted().doesNotHaveDuplicates();
        assertThat(texts(events, "recordedAt"))
                .extracting(java.time.Instant::parse)
                .containsExactlyElementsOf(instants(
                        "2022-11-01T02:00:00Z",
                        "2022-11-21T02:00:00Z",
                        "2022-12-16T02:00:00Z",
                        "2022-12-20T02:00:00Z",
                        "2023-02-01T03:00:00Z",
                        "2023-02-10T03:00:00Z",
                        "2023-03-01T03:00:00Z",
                        "2023-03-10T02:00:00Z",
                        "2023-03-10T02:00:00Z",
                        "2023-04-01T03:00:00Z",
                        "2023-06-01T03:00:00Z"));
        assertThat(texts(events, "effectiveDate"))
                .containsExactly(
                        "2021-03-01",
                        "2022-11-20",
                        "2022-12-15",
                        "2023-01-01",
                        "2023-02-01",
                        "2023-02-10",
                        "2023-03-01",
                        "2022-12-15",
                        "2023-03-10",
                        "2023-04-01",
                        "2023-06-01");
        assertThat(texts(events, "actor"))
                .containsExactly(
                        "officer-c01",
                        "officer-c01",
                        "officer-c01",
                        "officer-c01",
                        "bank",
                        "bank",
                        "bank",
                        "district",
                        "district",
                        "bank",
                        "bank");
        assertThat(texts(events, "decisionRef"))
                .containsExactly(
                        null,
                        null,
                        "101/QĐ-UBND",
                        "G-HEALTH_INSURANCE_FULL",
                        null,
                        null,
                        null,
                        "205/QĐ-UBND",
                        "QĐ-2023-03-10",
                        null,
                        null);
    }

    @Test
    void theDataIsTheEventsJson() {
        JsonNode events = ok("admin", "/api/households/" + h + "/history").get("events");

        JsonNode registered = events.get(0).get("data");
        assertThat(registered.get("householdId").asText()).isEqualTo(h);
        assertThat(registered.get("communeCode").asText()).isEqualTo("C01");
        assertThat(registered.get("head").get("fullName").asText()).isEqualTo("Nguyễn Văn An");
        assertThat(registered.get("memberCount").asInt()).isEqualTo(4);
        JsonNode corrected = events.get(7).get("data");
        assertThat(corrected.get("status").asText()).isEqualTo("NEAR_POOR");
        assertThat(corrected.get("incomePerCapita").asLong()).isEqualTo(2_100_000);
        assertThat(corrected.get("reason").asText()).isEqualTo("Thu nhập khai thiếu");
        JsonNode applied = events.get(4).get("data");
        assertThat(applied.get("loanId").asText()).isEqualTo(loan);
        assertThat(applied.get("principal").asLong()).isEqualTo(30_000_000);
        assertThat(events.get(9).get("data").get("amount").asLong()).isEqualTo(2_500_000);
        // nothing of household K
        for (JsonNode event : events) {
            JsonNode data = event.get("data");
            assertThat(data.has("householdId") ? data.get("householdId").asText() : h)
                    .isEqualTo(h);
        }
    }

    @Test
    void knownAtLeavesOutWhatWasRecordedLater() {
        JsonNode page = ok("district", "/api/households/" + h + "/history?knownAt=2023-02-15T00:00:00Z");

        assertThat(page.get("total").asLong()).isEqualTo(6);
        assertThat(texts(page.get("events"), "type"))
                .containsExactly(
                        "HouseholdRegistered",
                        "AssessmentRecorded",
                        "AssessmentRecognized",
                        "PolicyGranted",
                        "LoanApplied",
                        "LoanApproved");
        // an instant exactly at a recording includes it
        assertThat(ok("admin", "/api/households/" + h + "/history?knownAt=2022-12-16T02:00:00Z")
                        .get("total")
                        .asLong())
                .isEqualTo(3);
    }

    @Test
    void aHouseholdNotYetRegisteredAtKnownAtIsNotFound() {
        assertThat(get("admin", "/api/households/" + h + "/history?knownAt=2022-10-31T00:00:00Z")
                        .getStatusCode()
                        .value())
                .isEqualTo(404);
    }

    @Test
    void pagesOfTheHistory() {
        JsonNode second = ok("auditor", "/api/households/" + h + "/history?page=1&size=4");

        assertThat(second.get("page").asInt()).isEqualTo(1);
        assertThat(second.get("size").asInt()).isEqualTo(4);
        assertThat(second.get("total").asLong()).isEqualTo(11);
        assertThat(longs(second.get("events"), "sequence")).containsExactly(4L, 5L, 6L, 7L);
        assertThat(texts(second.get("events"), "type"))
                .containsExactly("LoanApplied", "LoanApproved", "LoanDisbursed", "AssessmentCorrected");

        JsonNode last = ok("admin", "/api/households/" + h + "/history?page=2&size=4");
        assertThat(longs(last.get("events"), "sequence")).containsExactly(8L, 9L, 10L);
        JsonNode beyond = ok("admin", "/api/households/" + h + "/history?page=3&size=4");
        assertThat(beyond.get("events")).isEmpty();
        assertThat(beyond.get("total").asLong()).isEqualTo(11);

        assertThat(ok("admin", "/api/households/" + h + "/history?size=500")
                        .get("size")
                        .asInt())
                .isEqualTo(200);
        assertThat(get("admin", "/api/households/" + h + "/history?size=0")
                        .getStatusCode()
                        .value())
                .isEqualTo(400);
        assertThat(get("admin", "/api/households/" + h + "/history?page=-1")
                        .getStatusCode()
                        .value())
                .isEqualTo(400);
    }

    @Test
    void aCommuneOfficerReadsOnlyTheHistoriesOfItsCommunes() {
        assertThat(ok("officer-c01", "/api/households/" + h + "/history")
                        .get("total")
                        .asLong())
                .isEqualTo(11);
        assertThat(ok("officer-c02", "/api/households/" + k + "/history")
                        .get("total")
                        .asLong())
                .isEqualTo(3);

        ResponseEntity<String> other = get("officer-c01", "/api/households/" + k + "/history");
        assertThat(other.getStatusCode().value()).isEqualTo(404);
        assertThat(parse(other.getBody()).get("type").asText()).isEqualTo("/problems/not-found");
    }

    @Test
    void anUnknownHouseholdIsNotFound() {
        ResponseEntity<String> response = get("admin", "/api/households/" + java.util.UUID.randomUUID() + "/history");

        assertThat(response.getStatusCode().value()).isEqualTo(404);
        assertThat(parse(response.getBody()).get("type").asText()).isEqualTo("/problems/not-found");
    }

    @ParameterizedTest
    @ValueSource(strings = {"bank", "nobody"})
    void bankOfficersAndUsersWithoutRoleAreForbidden(String user) {
        ResponseEntity<String> response = get(user, "/api/households/" + h + "/history");

        assertThat(response.getStatusCode().value()).isEqualTo(403);
        assertThat(parse(response.getBody()).get("type").asText()).isEqualTo("/problems/forbidden");
    }

    // ---- helpers

    private void awaitProjected() {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (count("q_household") < 2 || count("q_loan") < 1 || count("q_loan_event") < 4) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("The projections did not catch up within 60 s");
            }
            sleep(100);
        }
    }

    private int count(String table) {
        return jdbc.queryForObject("SELECT count(*) FROM " + table, Integer.class);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static List<java.time.Instant> instants(String... values) {
        return java.util.Arrays.stream(values).map(java.time.Instant::parse).toList();
    }

    private static List<String> texts(JsonNode events, String field) {
        return StreamSupport.stream(events.spliterator(), false)
                .map(e -> e.get(field).isNull() ? null : e.get(field).asText())
                .toList();
    }

    private static List<Long> longs(JsonNode events, String field) {
        return StreamSupport.stream(events.spliterator(), false)
                .map(e -> e.get(field).asLong())
                .toList();
    }

    private ResponseEntity<String> get(String user, String path) {
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.AUTHORIZATION, TestUsers.basic(user));
        return rest.exchange(path, HttpMethod.GET, new HttpEntity<>(headers), String.class);
    }

    private JsonNode ok(String user, String path) {
        ResponseEntity<String> response = get(user, path);
        assertThat(response.getStatusCode().value())
                .as("GET %s as %s: %s", path, user, response.getBody())
                .isEqualTo(200);
        return parse(response.getBody());
    }

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (java.io.IOException e) {
            throw new AssertionError("Not JSON: " + body, e);
        }
    }
}
