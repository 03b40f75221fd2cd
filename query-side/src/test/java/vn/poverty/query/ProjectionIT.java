package vn.poverty.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.MediaType;
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
 * The query side as deployed: real events appended to the event store on a real PostgreSQL, projected by the pooled
 * streaming processors, read through the HTTP API. The history is small and worked by hand:
 *
 * <pre>
 * commune C01 Mỹ Thọ (URBAN): 200 households as of 2022-12-31, 250 as of 2023-12-31 (recorded 2023-01-05, 2024-01-05)
 *   H1 Nguyễn Văn An  Khóm 1         POOR 2022-12-15, NOT_POOR 2023-12-20 (escaped)
 *   H2 Trần Thị Bình  Khóm 1 (merit) POOR 2022-12-15, corrected to NEAR_POOR on 2024-02-20 (from 2022-12-15)
 *   H3 Lê Văn Cường   Khóm 2         NEAR_POOR 2023-01-10
 *   H4 Phạm Thị Dung  Khóm 2         never recognised
 * commune C02 Mỹ Hội (RURAL): 1200 households as of 2022-12-31, 1350 as of 2023-12-31
 *   H5 Võ Văn Em      Ấp 1           POOR 2022-12-20, POOR again 2023-12-15
 *   H6 Đặng Thị Giang Ấp 2 (merit)   NEAR_POOR 2022-12-20, POOR 2023-06-01
 *   H7 Huỳnh Văn Hải  Ấp 3           NOT_POOR 2022-12-20
 * </pre>
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProjectionIT {

    private static final TestDatabase.Database DB = TestDatabase.create();
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false);

    /** Known at this instant, the correction of H2 (recorded 2024-02-20) had not been made yet. */
    private static final String BEFORE_CORRECTION = "2024-01-10T00:00:00Z";

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

    private String h1;
    private String h2;
    private String h3;
    private String h4;
    private String h5;
    private String h6;
    private String h7;

    @BeforeAll
    void recordTheHistoryAndAwaitItsProjection() {
        // every request of this test as the administrator: roles and commune scoping are SecurityIT's concern
        rest = rest.withBasicAuth("admin", TestUsers.PASSWORD);

        commune("C01", "Mỹ Thọ", AreaType.URBAN, 200, 250);
        commune("C02", "Mỹ Hội", AreaType.RURAL, 1200, 1350);

        h1 = household("C01", AreaType.URBAN, "Khóm 1", "Nguyễn Văn An", "087000000001", false);
        var a1 = assess(h1, 2023, AssessmentKind.ANNUAL, "2022-11-20", 1_400_000, 3, HouseholdStatus.POOR);
        recognize(h1, a1, "101/QĐ-UBND", "2022-12-15", HouseholdStatus.POOR, HouseholdStatus.UNCLASSIFIED);
        var a2 = assess(h1, 2024, AssessmentKind.ANNUAL, "2023-11-15", 2_500_000, 0, HouseholdStatus.NOT_POOR);
        recognize(h1, a2, "230/QĐ-UBND", "2023-12-20", HouseholdStatus.NOT_POOR, HouseholdStatus.POOR);

        h2 = household("C01", AreaType.URBAN, "Khóm 1", "Trần Thị Bình", "087000000002", true);
        var a3 = assess(h2, 2023, AssessmentKind.ANNUAL, "2022-11-20", 1_400_000, 3, HouseholdStatus.POOR);
        recognize(h2, a3, "101/QĐ-UBND", "2022-12-15", HouseholdStatus.POOR, HouseholdStatus.UNCLASSIFIED);
        record(
                "Household",
                h2,
                "2024-02-20T03:00:00Z",
                new AssessmentCorrectedEvent(
                        HouseholdId.of(h2),
                        a3,
                        1_600_000,
                        List.of("HOUSING_AREA", "SANITATION"),
                        2,
                        HouseholdStatus.NEAR_POOR,
                        HouseholdStatus.POOR,
                        LocalDate.parse("2022-12-15"),
                        "Thu nhập khai thiếu",
                        "15/QĐ-UBND"));

        h3 = household("C01", AreaType.URBAN, "Khóm 2", "Lê Văn Cường", "087000000003", false);
        var a4 = assess(h3, 2023, AssessmentKind.ADHOC, "2022-12-28", 1_800_000, 1, HouseholdStatus.NEAR_POOR);
        recognize(h3, a4, "5/QĐ-UBND", "2023-01-10", HouseholdStatus.NEAR_POOR, HouseholdStatus.UNCLASSIFIED);

        h4 = household("C01", AreaType.URBAN, "Khóm 2", "Phạm Thị Dung", "087000000004", false);

        h5 = household("C02", AreaType.RURAL, "Ấp 1", "Võ Văn Em", "087000000005", false);
        var a5 = assess(h5, 2023, AssessmentKind.ANNUAL, "2022-11-22", 1_000_000, 4, HouseholdStatus.POOR);
        recognize(h5, a5, "88/QĐ-UBND", "2022-12-20", HouseholdStatus.POOR, HouseholdStatus.UNCLASSIFIED);
        var a5b = assess(h5, 2024, AssessmentKind.ANNUAL, "2023-11-20", 1_100_000, 3, HouseholdStatus.POOR);
        recognize(h5, a5b, "201/QĐ-UBND", "2023-12-15", HouseholdStatus.POOR, HouseholdStatus.POOR);

        h6 = household("C02", AreaType.RURAL, "Ấp 2", "Đặng Thị Giang", "087000000006", true);
        var a6 = assess(h6, 2023, AssessmentKind.ANNUAL, "2022-11-22", 1_200_000, 1, HouseholdStatus.NEAR_POOR);
        recognize(h6, a6, "88/QĐ-UBND", "2022-12-20", HouseholdStatus.NEAR_POOR, HouseholdStatus.UNCLASSIFIED);
        var a7 = assess(h6, 2023, AssessmentKind.ADHOC, "2023-05-20", 900_000, 3, HouseholdStatus.POOR);
        recognize(h6, a7, "61/QĐ-UBND", "2023-06-01", HouseholdStatus.POOR, HouseholdStatus.NEAR_POOR);

        h7 = household("C02", AreaType.RURAL, "Ấp 3", "Huỳnh Văn Hải", "087000000007", false);
        var a8 = assess(h7, 2023, AssessmentKind.ANNUAL, "2022-11-22", 3_000_000, 0, HouseholdStatus.NOT_POOR);
        recognize(h7, a8, "88/QĐ-UBND", "2022-12-20", HouseholdStatus.NOT_POOR, HouseholdStatus.UNCLASSIFIED);

        history.publishTo(eventStore);
        awaitProjected();
    }

    // ---- GET /api/households/{id}

    @Test
    void householdShowsItsRegisterDataAndNoGrantsOrLoansYet() {
        JsonNode household = get("/api/households/" + h2 + "?asOf=2023-06-30");

        assertThat(household.get("householdId").asText()).isEqualTo(h2);
        assertThat(household.get("communeCode").asText()).isEqualTo("C01");
        assertThat(household.get("hamlet").asText()).isEqualTo("Khóm 1");
        assertThat(household.get("areaType").asText()).isEqualTo("URBAN");
        assertThat(household.get("head").get("fullName").asText()).isEqualTo("Trần Thị Bình");
        assertThat(household.get("head").get("nationalId").asText()).isEqualTo("087000000002");
        assertThat(household.get("head").get("birthYear").asInt()).isEqualTo(1970);
        assertThat(household.get("memberCount").asInt()).isEqualTo(4);
        assertThat(household.get("meritHousehold").asBoolean()).isTrue();
        assertThat(household.get("ethnicMinority").asBoolean()).isFalse();
        assertThat(household.get("grants")).isEmpty();
        assertThat(household.get("loans")).isEmpty();
    }

    @ParameterizedTest(name = "H1 on {0}: {1} since {2}, newly escaped {3}")
    @CsvSource({
        "2022-12-14, UNCLASSIFIED, 2021-03-01, false", // before any decision: since registration
        "2022-12-15, POOR,         2022-12-15, false", // from the decision date inclusive
        "2023-12-19, POOR,         2022-12-15, false",
        "2023-12-20, NOT_POOR,     2023-12-20, true",
        "2026-12-19, NOT_POOR,     2023-12-20, true", //  last day of the 36 months
        "2026-12-20, NOT_POOR,     2023-12-20, false", // the escape is now exactly 36 months old
    })
    void escapedHouseholdIsNewlyEscapedFor36MonthsFromTheDecision(
            String asOf, String status, String since, boolean newlyEscaped) {
        assertStatus(get("/api/households/" + h1 + "?asOf=" + asOf), status, since, newlyEscaped);
    }

    @Test
    void recognitionConfirmingTheSameStatusDoesNotRestartStatusSince() {
        assertStatus(get("/api/households/" + h5 + "?asOf=2024-01-01"), "POOR", "2022-12-20", false);
    }

    @Test
    void laterDecisionChangesTheStatusFromItsOwnDate() {
        assertStatus(get("/api/households/" + h6 + "?asOf=2023-05-31"), "NEAR_POOR", "2022-12-20", false);
        assertStatus(get("/api/households/" + h6 + "?asOf=2023-06-01"), "POOR", "2023-06-01", false);
    }

    @Test
    void householdNotPoorFromItsFirstDecisionIsNotNewlyEscaped() {
        assertStatus(get("/api/households/" + h7 + "?asOf=2024-01-01"), "NOT_POOR", "2022-12-20", false);
    }

    @Test
    void correctionShowsOnlyWhenKnownAtIsAfterItWasRecordedAndAppliesFromTheOriginalDecisionDate() {
        String path = "/api/households/" + h2 + "?asOf=";

        assertStatus(get(path + "2023-06-30&knownAt=" + BEFORE_CORRECTION), "POOR", "2022-12-15", false);
        assertStatus(get(path + "2023-06-30"), "NEAR_POOR", "2022-12-15", false);
        assertStatus(get(path + "2022-12-15"), "NEAR_POOR", "2022-12-15", false);
        assertStatus(get(path + "2022-12-14"), "UNCLASSIFIED", "2021-03-01", false);
    }

    @Test
    void householdIsNotFoundAsKnownBeforeItsRegistrationWasRecorded() {
        ResponseEntity<String> response =
                rest.getForEntity("/api/households/" + h2 + "?knownAt=2022-10-15T00:00:00Z", String.class);

        assertProblem(response, 404, "/problems/not-found");
    }

    @Test
    void unknownHouseholdIsANotFoundProblem() {
        ResponseEntity<String> response = rest.getForEntity("/api/households/" + UUID.randomUUID(), String.class);

        assertProblem(response, 404, "/problems/not-found");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "/api/households/{h1}?asOf=2023-13-45,              asOf",
        "/api/households/{h1}?knownAt=yesterday,            knownAt",
        "/api/households?asOf=2023-02-30,                   asOf",
        "/api/households?status=RICH,                       status",
        "/api/households?page=first,                        page",
        "/api/reports/poverty?asOf=31/12/2023,              asOf",
        "/api/reports/poverty?knownAt=2024-01-10,           knownAt",
        "/api/communes?asOf=2023-12,                        asOf",
    })
    void malformedParameterIsAValidationProblemNamingIt(String path, String field) {
        ResponseEntity<String> response = rest.getForEntity(path.replace("{h1}", h1), String.class);

        JsonNode problem = assertProblem(response, 400, "/problems/validation");
        assertThat(problem.get("errors"))
                .extracting(e -> e.get("field").asText())
                .containsExactly(field);
    }

    // ---- GET /api/households

    @Test
    void householdsOfACommuneArePagedInHamletAndNameOrderWithTheTotal() {
        String path = "/api/households?communeCode=C01&asOf=2023-12-31&size=3&page=";

        JsonNode first = get(path + "0");
        JsonNode second = get(path + "1");
        JsonNode beyond = get(path + "2");

        assertThat(ids(first)).containsExactly(h1, h2, h3);
        assertThat(first.get("page").asInt()).isZero();
        assertThat(first.get("size").asInt()).isEqualTo(3);
        assertThat(first.get("total").asLong()).isEqualTo(4);
        assertThat(ids(second)).containsExactly(h4);
        assertThat(second.get("page").asInt()).isEqualTo(1);
        assertThat(second.get("total").asLong()).isEqualTo(4);
        assertThat(ids(beyond)).isEmpty();
        assertThat(beyond.get("total").asLong()).isEqualTo(4);
    }

    @Test
    void householdsAreFilteredByTheStatusInForceOnAsOfAsKnownAtKnownAt() {
        JsonNode now = get("/api/households?status=NEAR_POOR&asOf=2023-12-31");
        JsonNode beforeCorrection =
                get("/api/households?status=NEAR_POOR&asOf=2023-12-31&knownAt=" + BEFORE_CORRECTION);
        JsonNode midYear = get("/api/households?status=NEAR_POOR&asOf=2023-01-10&knownAt=" + BEFORE_CORRECTION);

        assertThat(ids(now)).containsExactly(h2, h3);
        assertThat(now.get("total").asLong()).isEqualTo(2);
        assertThat(now.get("items")).extracting(i -> i.get("status").asText()).containsOnly("NEAR_POOR");
        assertThat(ids(beforeCorrection)).containsExactly(h3);
        assertThat(beforeCorrection.get("total").asLong()).isEqualTo(1);
        assertThat(ids(midYear)).containsExactly(h3, h6);
    }

    @Test
    void householdsAreFilteredByCommuneAndStatusTogether() {
        JsonNode poorInC02 = get("/api/households?communeCode=C02&status=POOR&asOf=2023-12-31");
        JsonNode unclassified = get("/api/households?status=UNCLASSIFIED&asOf=2023-12-31");
        JsonNode notPoor = get("/api/households?status=NOT_POOR&asOf=2023-12-31");

        assertThat(ids(poorInC02)).containsExactly(h5, h6);
        assertThat(poorInC02.get("total").asLong()).isEqualTo(2);
        assertThat(ids(unclassified)).containsExactly(h4);
        assertThat(ids(notPoor)).containsExactly(h1, h7);
        assertThat(notPoor.get("items"))
                .extracting(i -> i.get("newlyEscaped").asBoolean())
                .containsExactly(true, false);
    }

    @Test
    void pageSizeIsCappedAt200() {
        JsonNode page = get("/api/households?size=500");

        assertThat(page.get("size").asInt()).isEqualTo(200);
        assertThat(page.get("total").asLong()).isEqualTo(7);
        assertThat(page.get("items")).hasSize(7);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "page=-1, page",
        "size=0,  size",
        "size=-5, size",
    })
    void pageBelowZeroOrSizeBelowOneIsAValidationProblem(String query, String field) {
        ResponseEntity<String> response = rest.getForEntity("/api/households?" + query, String.class);

        JsonNode problem = assertProblem(response, 400, "/problems/validation");
        assertThat(problem.get("errors"))
                .extracting(e -> e.get("field").asText())
                .containsExactly(field);
    }

    // ---- GET /api/reports/poverty

    @Test
    void yearEndReportUsesTheYearEndTotalsAndRoundsRatesHalfUp() {
        JsonNode report = get("/api/reports/poverty?asOf=2023-12-31");

        assertThat(report.get("asOf").asText()).isEqualTo("2023-12-31");
        // C01: H1 escaped on 12-20, H2 near-poor (corrected), H3 near-poor, H4 unclassified; 2/250 = 0.80 %
        assertFigures(commune(report, "C01"), 250, 0, 2, "0.00", "0.80", 0);
        assertThat(commune(report, "C01").get("name").asText()).isEqualTo("Mỹ Thọ");
        // C02: H5 poor, H6 poor (merit), H7 not poor; 2/1350 = 0.148 %
        assertFigures(commune(report, "C02"), 1350, 2, 0, "0.15", "0.00", 1);
        // district: 2/1600 = 0.125 % rounds up to 0.13 (half-even would give 0.12)
        assertFigures(report.get("district"), 1600, 2, 2, "0.13", "0.13", 1);
    }

    @Test
    void midYearReportUsesTheLatestTotalsRecordedBeforeIt() {
        JsonNode report = get("/api/reports/poverty?asOf=2023-06-30");

        // C01: H1 poor, H2 near-poor (corrected from the original decision date), H3 near-poor
        assertFigures(commune(report, "C01"), 200, 1, 2, "0.50", "1.00", 0);
        // C02: H5 poor, H6 poor since 06-01 (merit); 2/1200 = 0.1667 %
        assertFigures(commune(report, "C02"), 1200, 2, 0, "0.17", "0.00", 1);
        // 3/1400 = 0.214 %, 2/1400 = 0.143 %
        assertFigures(report.get("district"), 1400, 3, 2, "0.21", "0.14", 1);
    }

    @Test
    void reportAsKnownBeforeTheCorrectionCountsTheMeritHouseholdAsPoor() {
        JsonNode report = get("/api/reports/poverty?asOf=2023-06-30&knownAt=" + BEFORE_CORRECTION);

        assertFigures(commune(report, "C01"), 200, 2, 1, "1.00", "0.50", 1);
        assertFigures(commune(report, "C02"), 1200, 2, 0, "0.17", "0.00", 1);
        // 4/1400 = 0.286 %, 1/1400 = 0.071 %
        assertFigures(report.get("district"), 1400, 4, 1, "0.29", "0.07", 2);
    }

    @Test
    void reportBeforeAnyTotalIsRecordedCountsHouseholdsWithZeroRates() {
        JsonNode report = get("/api/reports/poverty?asOf=2022-12-20");

        assertFigures(commune(report, "C01"), 0, 1, 1, "0.00", "0.00", 0);
        assertFigures(commune(report, "C02"), 0, 1, 1, "0.00", "0.00", 0);
        assertFigures(report.get("district"), 0, 2, 2, "0.00", "0.00", 0);
    }

    @Test
    void reportNarrowedToOneCommuneHasThatCommuneAsTheDistrictFigures() {
        JsonNode report = get("/api/reports/poverty?asOf=2023-12-31&communeCode=C02");

        assertThat(report.get("communes"))
                .extracting(c -> c.get("communeCode").asText())
                .containsExactly("C02");
        assertFigures(report.get("district"), 1350, 2, 0, "0.15", "0.00", 1);
    }

    // ---- GET /api/communes

    @Test
    void communesShowTheirAreaTypeAndTheTotalInForceOnAsOf() {
        JsonNode communes = get("/api/communes?asOf=2023-06-30").get("communes");

        assertThat(communes).hasSize(2);
        assertCommune(communes.get(0), "C01", "Mỹ Thọ", "URBAN", 200);
        assertCommune(communes.get(1), "C02", "Mỹ Hội", "RURAL", 1200);
        assertThat(get("/api/communes?asOf=2022-12-30").get("communes"))
                .allSatisfy(c -> assertThat(c.get("totalHouseholds").isNull()).isTrue());
    }

    @Test
    void communeTotalIsTheOneKnownAtKnownAt() {
        // the 2023-12-31 counts were recorded on 2024-01-05
        JsonNode known = get("/api/communes?asOf=2024-01-01").get("communes");
        JsonNode notYetKnown = get("/api/communes?asOf=2024-01-01&knownAt=2024-01-01T00:00:00Z")
                .get("communes");

        assertThat(known).extracting(c -> c.get("totalHouseholds").asInt()).containsExactly(250, 1350);
        assertThat(notYetKnown)
                .extracting(c -> c.get("totalHouseholds").asInt())
                .containsExactly(200, 1200);
    }

    @Test
    void oneCommuneIsFoundByCodeAndAnUnknownCodeIsANotFoundProblem() {
        assertCommune(get("/api/communes/C02?asOf=2024-01-01"), "C02", "Mỹ Hội", "RURAL", 1350);
        assertProblem(rest.getForEntity("/api/communes/C99", String.class), 404, "/problems/not-found");
    }

    // ---- the history

    private void commune(String code, String name, AreaType areaType, int total2022, int total2023) {
        history.commune(code, name, areaType, total2022, total2023);
    }

    private String household(
            String commune, AreaType areaType, String hamlet, String headName, String nationalId, boolean merit) {
        return history.household(commune, areaType, hamlet, headName, nationalId, merit);
    }

    private AssessmentId assess(
            String household,
            int period,
            AssessmentKind kind,
            String assessedOn,
            long income,
            int deprivationCount,
            HouseholdStatus proposed) {
        return history.assess(household, period, kind, assessedOn, income, deprivationCount, proposed);
    }

    private void recognize(
            String household,
            AssessmentId assessment,
            String decisionRef,
            String decidedOn,
            HouseholdStatus status,
            HouseholdStatus previous) {
        history.recognize(household, assessment, decisionRef, decidedOn, status, previous);
    }

    private void record(String type, String aggregateId, String recordedAt, Object payload) {
        history.record(type, aggregateId, recordedAt, payload);
    }

    /** Every event reached its projection (the pooled processors work in parallel segments), bounded to 10 s. */
    private void awaitProjected() {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            boolean done = count("q_commune") == 2
                    && count("q_commune_household_count") == 4
                    && count("q_household") == 7
                    && count("q_assessment") == 9
                    && count("q_status_fact") == 10
                    && get("/api/households?size=200").get("total").asLong() == 7;
            if (done) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(
                        "The projections did not catch up with " + history.size() + " events within 60 s");
            }
            sleep(100);
        }
    }

    private int count(String table) {
        return jdbc.queryForObject("SELECT count(*) FROM " + table, Integer.class);
    }

    // ---- HTTP and JSON

    private JsonNode get(String path) {
        ResponseEntity<String> response = rest.getForEntity(path, String.class);
        assertThat(response.getStatusCode().value())
                .as("GET %s: %s", path, response.getBody())
                .isEqualTo(200);
        return parse(response.getBody());
    }

    private static JsonNode assertProblem(ResponseEntity<String> response, int status, String type) {
        assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(status);
        assertThat(response.getHeaders().getContentType())
                .isNotNull()
                .satisfies(t -> assertThat(t.isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                        .isTrue());
        JsonNode problem = parse(response.getBody());
        assertThat(problem.get("type").asText()).isEqualTo(type);
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("title").asText()).isNotBlank();
        assertThat(problem.get("detail").asText()).isNotBlank();
        return problem;
    }

    private static void assertStatus(JsonNode household, String status, String since, boolean newlyEscaped) {
        assertThat(household.get("status").asText()).as("status").isEqualTo(status);
        assertThat(household.get("statusSince").asText()).as("statusSince").isEqualTo(since);
        assertThat(household.get("newlyEscaped").asBoolean()).as("newlyEscaped").isEqualTo(newlyEscaped);
    }

    private static void assertFigures(
            JsonNode figures,
            long total,
            long poor,
            long nearPoor,
            String poorRate,
            String nearPoorRate,
            long meritPoor) {
        assertThat(figures.get("totalHouseholds").asLong())
                .as("totalHouseholds")
                .isEqualTo(total);
        assertThat(figures.get("poor").asLong()).as("poor").isEqualTo(poor);
        assertThat(figures.get("nearPoor").asLong()).as("nearPoor").isEqualTo(nearPoor);
        // compared with their scale: 0.80 and 0.8 differ
        assertThat(figures.get("poorRate").decimalValue()).as("poorRate").isEqualTo(new BigDecimal(poorRate));
        assertThat(figures.get("nearPoorRate").decimalValue())
                .as("nearPoorRate")
                .isEqualTo(new BigDecimal(nearPoorRate));
        assertThat(figures.get("meritPoor").asLong()).as("meritPoor").isEqualTo(meritPoor);
    }

    private static void assertCommune(JsonNode commune, String code, String name, String areaType, int total) {
        assertThat(commune.get("code").asText()).isEqualTo(code);
        assertThat(commune.get("name").asText()).isEqualTo(name);
        assertThat(commune.get("areaType").asText()).isEqualTo(areaType);
        assertThat(commune.get("totalHouseholds").asInt()).isEqualTo(total);
    }

    private static JsonNode commune(JsonNode report, String code) {
        return StreamSupport.stream(report.get("communes").spliterator(), false)
                .filter(c -> c.get("communeCode").asText().equals(code))
                .findFirst()
                .orElseThrow(() -> new AssertionError("No commune " + code + " in " + report));
    }

    private static List<String> ids(JsonNode page) {
        return StreamSupport.stream(page.get("items").spliterator(), false)
                .map(i -> i.get("householdId").asText())
                .toList();
    }

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (java.io.IOException e) {
            throw new AssertionError("Not JSON: " + body, e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
