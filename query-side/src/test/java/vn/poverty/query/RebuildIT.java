package vn.poverty.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import vn.poverty.api.commune.AreaType;
import vn.poverty.api.household.AssessmentId;
import vn.poverty.api.household.AssessmentKind;
import vn.poverty.api.household.HouseholdStatus;
import vn.poverty.testsupport.TestDatabase;
import vn.poverty.testsupport.TestUsers;

/**
 * Projection operations over HTTP (API.md "Audit and operations"): the progress of every projection and a rebuild of
 * each from the start of the event store, after which every report reads exactly as before. The history:
 *
 * <pre>
 * commune C01 Mỹ Thọ (URBAN) 20/25 households as of 2022/2023-12-31; C02 Mỹ Hội (RURAL) 40/50
 *   A (C01) POOR 2022-12-15, NEAR_POOR 2023-12-10; HIF 2023-01-01..2025-12-31 ended 2023-12-10; ELEC 2023
 *           loan 30,000,000 applied 2023-02-01, approved 02-10, disbursed 03-01, repaid 2,500,000 on 04-01,
 *           overdue 2023-06-01
 *   B (C01) NEAR_POOR 2022-12-15; HIP 2023-01-01..2023-12-31 revoked from 2023-07-01
 *   C (C02) POOR 2022-12-20 (merit); loan 20,000,000 applied 2023-03-01, rejected 03-05
 *   D (C02) never recognised
 * </pre>
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RebuildIT {

    private static final TestDatabase.Database DB = TestDatabase.create();
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false);
    private static final List<String> PROJECTIONS =
            List.of("commune-projection", "household-projection", "loan-projection");

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", DB::url);
        registry.add("spring.datasource.username", DB::username);
        registry.add("spring.datasource.password", DB::password);
        registry.add("poverty.security.users-file", () -> TestUsers.file().toString());
        registry.add("poverty.security.jwt.hmac-secret", () -> TestUsers.HMAC_SECRET);
        registry.add("poverty.projections.rebuild-poll-ms", () -> "200");
    }

    @Autowired
    private EventStore eventStore;

    @Autowired
    private TestRestTemplate rest;

    @Autowired
    private JdbcTemplate jdbc;

    private final EventHistory history = new EventHistory();
    private final List<String> households = new ArrayList<>();
    private final List<String> loans = new ArrayList<>();

    @BeforeAll
    void recordTheHistoryAndAwaitItsProjection() {
        history.commune("C01", "Mỹ Thọ", AreaType.URBAN, 20, 25);
        history.commune("C02", "Mỹ Hội", AreaType.RURAL, 40, 50);

        String a = household("C01", AreaType.URBAN, "Khóm 1", "Nguyễn Văn An", "087100000001", false);
        AssessmentId first =
                history.assess(a, 2023, AssessmentKind.ANNUAL, "2022-11-20", 1_400_000, 3, HouseholdStatus.POOR);
        history.recognize(a, first, "101/QĐ-UBND", "2022-12-15", HouseholdStatus.POOR, HouseholdStatus.UNCLASSIFIED);
        String hif = history.grant(a, "HEALTH_INSURANCE_FULL", "2023-01-01", "2025-12-31", "2022-12-28T03:00:00Z");
        history.grant(a, "ELECTRICITY_SUPPORT", "2023-01-01", "2023-12-31", "2022-12-28T03:00:00Z");
        String loanA = history.applyForLoan(
                a, "C01", "POOR_HOUSEHOLD", "6.60", 30_000_000, 12, "2023-02-01", HouseholdStatus.POOR);
        loans.add(loanA);
        history.approveLoan(loanA, "2023-02-10");
        history.disburseLoan(loanA, "2023-03-01");
        history.repayLoan(loanA, 2_500_000, "2023-04-01");
        history.loanFellOverdue(loanA, "2023-06-01", "2023-05-01", 2_500_000);
        AssessmentId second =
                history.assess(a, 2024, AssessmentKind.ANNUAL, "2023-11-20", 2_400_000, 1, HouseholdStatus.NEAR_POOR);
        history.recognize(a, second, "301/QĐ-UBND", "2023-12-10", HouseholdStatus.NEAR_POOR, HouseholdStatus.POOR);
        history.end(a, hif, "HEALTH_INSURANCE_FULL", "2023-12-10", HouseholdStatus.NEAR_POOR, "2023-12-11T02:00:00Z");

        String b = household("C01", AreaType.URBAN, "Khóm 2", "Trần Thị Bình", "087100000002", false);
        AssessmentId bAssessment =
                history.assess(b, 2023, AssessmentKind.ANNUAL, "2022-11-20", 1_900_000, 1, HouseholdStatus.NEAR_POOR);
        history.recognize(
                b, bAssessment, "102/QĐ-UBND", "2022-12-15", HouseholdStatus.NEAR_POOR, HouseholdStatus.UNCLASSIFIED);
        String hip = history.grant(b, "HEALTH_INSURANCE_PARTIAL", "2023-01-01", "2023-12-31", "2022-12-28T03:00:00Z");
        history.revoke(b, hip, "2023-07-01", "2023-07-02T02:00:00Z");

        String c = household("C02", AreaType.RURAL, "Ấp 1", "Võ Văn Em", "079100000003", true);
        AssessmentId cAssessment =
                history.assess(c, 2023, AssessmentKind.ANNUAL, "2022-11-25", 1_200_000, 4, HouseholdStatus.POOR);
        history.recognize(
                c, cAssessment, "103/QĐ-UBND", "2022-12-20", HouseholdStatus.POOR, HouseholdStatus.UNCLASSIFIED);
        String loanC = history.applyForLoan(
                c, "C02", "POOR_HOUSEHOLD", "6.60", 20_000_000, 24, "2023-03-01", HouseholdStatus.POOR);
        loans.add(loanC);
        history.rejectLoan(loanC, "2023-03-05");

        household("C02", AreaType.RURAL, "Ấp 2", "Đặng Thị Giang", "079100000004", false);

        history.publishTo(eventStore);
        awaitCaughtUp();
    }

    @Test
    @Order(1)
    void projectionsShowPositionHeadReplayingAndProgress() {
        JsonNode projections = ok("admin", "/api/admin/projections").get("projections");

        assertThat(names(projections)).containsExactlyElementsOf(PROJECTIONS);
        for (JsonNode projection : projections) {
            assertThat(projection.get("head").asLong()).as("head").isEqualTo(history.size());
            assertThat(projection.get("position").asLong()).as("position").isEqualTo(history.size());
            assertThat(projection.get("replaying").asBoolean()).as("replaying").isFalse();
            assertThat(projection.get("progress").decimalValue()).as("progress").isEqualByComparingTo(BigDecimal.ONE);
        }
    }

    @Test
    @Order(2)
    void afterRebuildingEveryProjectionEveryReportReadsAsBefore() {
        Map<String, JsonNode> before = reports();
        // rows that no event explains: the reset handlers must clear them
        jdbc.update("INSERT INTO q_commune (code, name, area_type, recorded_at) VALUES ('ZZ', 'Junk', 'URBAN', now())");
        jdbc.update("""
                INSERT INTO q_household (household_id, commune_code, hamlet, area_type, head_full_name,
                    head_national_id, head_birth_year, member_count, merit_household, ethnic_minority, registered_on,
                    recorded_at)
                VALUES ('junk', 'C01', 'X', 'URBAN', 'Junk', '000000000000', 1970, 1, false, false, '2021-01-01',
                    now())""");
        jdbc.update("""
                INSERT INTO q_loan (loan_id, household_id, commune_code, program_code, principal, term_months,
                    annual_rate_percent, purpose, applied_on, household_status, recorded_at)
                VALUES ('junk', 'junk', 'C01', 'POOR_HOUSEHOLD', 1, 1, 6.60, 'x', '2021-01-01', 'POOR', now())""");
        assertThat(reports()).as("the junk shows").isNotEqualTo(before);

        for (String name : PROJECTIONS) {
            ResponseEntity<String> response = post("admin", "/api/admin/projections/" + name + "/rebuild");
            assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(202);
            assertThat(parse(response.getBody()).get("name").asText()).isEqualTo(name);
        }
        awaitCaughtUp();

        assertThat(jdbc.queryForList("SELECT name || ' ' || status FROM projection_rebuild ORDER BY id", String.class))
                .containsExactly("commune-projection DONE", "household-projection DONE", "loan-projection DONE");
        assertThat(count("q_commune")).isEqualTo(2);
        assertThat(count("q_household")).isEqualTo(4);
        assertThat(count("q_loan")).isEqualTo(2);
        Map<String, JsonNode> after = reports();
        assertThat(after.keySet()).containsExactlyElementsOf(before.keySet());
        before.forEach((path, report) -> assertThat(after.get(path)).as(path).isEqualTo(report));
    }

    @ParameterizedTest
    @ValueSource(strings = {"district", "officer-c01", "bank", "auditor", "nobody"})
    void onlyAdminsSeeOrRebuildProjections(String user) {
        ResponseEntity<String> list = get(user, "/api/admin/projections");
        assertThat(list.getStatusCode().value()).isEqualTo(403);
        assertThat(parse(list.getBody()).get("type").asText()).isEqualTo("/problems/forbidden");

        ResponseEntity<String> rebuild = post(user, "/api/admin/projections/household-projection/rebuild");
        assertThat(rebuild.getStatusCode().value()).isEqualTo(403);
        assertThat(count("projection_rebuild WHERE status = 'REQUESTED'")).isZero();
    }

    @Test
    void anUnknownProjectionIsNotFound() {
        ResponseEntity<String> response = post("admin", "/api/admin/projections/no-such-projection/rebuild");

        assertThat(response.getStatusCode().value()).isEqualTo(404);
        assertThat(parse(response.getBody()).get("type").asText()).isEqualTo("/problems/not-found");
    }

    // ---- helpers

    private String household(
            String commune, AreaType areaType, String hamlet, String name, String nationalId, boolean merit) {
        String id = history.household(commune, areaType, hamlet, name, nationalId, merit);
        households.add(id);
        return id;
    }

    /** Every report and view, as JSON, by path. */
    private Map<String, JsonNode> reports() {
        List<String> paths = new ArrayList<>();
        for (String asOf : List.of("2022-12-31", "2023-06-30", "2023-12-31")) {
            paths.add("/api/reports/poverty?asOf=" + asOf);
            paths.add("/api/reports/coverage?asOf=" + asOf);
            paths.add("/api/reports/coverage?communeCode=C01&asOf=" + asOf);
            paths.add("/api/reports/coverage/gaps?asOf=" + asOf);
            paths.add("/api/reports/loans?asOf=" + asOf);
            paths.add("/api/households?size=200&asOf=" + asOf);
            paths.add("/api/households?communeCode=C01&status=POOR&asOf=" + asOf);
            for (String household : households) {
                paths.add("/api/households/" + household + "?asOf=" + asOf);
            }
        }
        for (String loan : loans) { // applied for in 2023
            paths.add("/api/loans/" + loan + "?asOf=2023-06-30");
            paths.add("/api/loans/" + loan + "?asOf=2023-12-31");
        }
        paths.add("/api/reports/poverty?asOf=2023-12-31&knownAt=2023-06-01T00:00:00Z");
        paths.add("/api/households?size=200&asOf=2023-12-31&knownAt=2023-06-01T00:00:00Z");
        paths.add("/api/reports/targets?fromYear=2022&toYear=2024");
        paths.add("/api/communes");
        paths.add("/api/communes/C01");
        for (String household : households) {
            paths.add("/api/households/" + household + "/history");
        }
        Map<String, JsonNode> reports = new LinkedHashMap<>();
        paths.forEach(path -> reports.put(path, ok("admin", path)));
        return reports;
    }

    /** Every projection at the head of the store and not replaying, and no rebuild open; bounded to 30 s. */
    private void awaitCaughtUp() {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        JsonNode projections = null;
        while (System.nanoTime() < deadline) {
            projections = ok("admin", "/api/admin/projections").get("projections");
            boolean done = projections.size() == PROJECTIONS.size()
                    && StreamSupport.stream(projections.spliterator(), false)
                            .allMatch(p -> p.get("head").asLong() == history.size()
                                    && !p.get("replaying").asBoolean()
                                    && p.get("progress").decimalValue().compareTo(BigDecimal.ONE) == 0)
                    && count("projection_rebuild WHERE status <> 'DONE'") == 0;
            if (done) {
                return;
            }
            sleep(100);
        }
        throw new AssertionError("The projections did not catch up within 30 s: " + projections);
    }

    private int count(String tableAndCondition) {
        return jdbc.queryForObject("SELECT count(*) FROM " + tableAndCondition, Integer.class);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static List<String> names(JsonNode projections) {
        return StreamSupport.stream(projections.spliterator(), false)
                .map(p -> p.get("name").asText())
                .toList();
    }

    private ResponseEntity<String> get(String user, String path) {
        return exchange(HttpMethod.GET, user, path);
    }

    private ResponseEntity<String> post(String user, String path) {
        return exchange(HttpMethod.POST, user, path);
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

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (java.io.IOException e) {
            throw new AssertionError("Not JSON: " + body, e);
        }
    }
}
