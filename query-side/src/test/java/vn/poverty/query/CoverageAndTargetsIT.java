package vn.poverty.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
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
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
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
 * Policy grants on the household view, coverage of the universal policies, its gaps and the plan's targets, over HTTP
 * against the app as deployed (real events in the event store on a real PostgreSQL, pooled processors). The universal
 * policies of the built-in catalogue, in its order: HEALTH_INSURANCE_FULL (HIF, POOR), HEALTH_INSURANCE_PARTIAL
 * (HIP, NEAR_POOR), ELECTRICITY_SUPPORT (ELEC, POOR). The history, worked by hand:
 *
 * <pre>
 * commune C01 Mỹ Thọ (URBAN): totals as of 31 Dec 2022 20, 2023 20, 2024 16, 2025 16
 *   H1 Nguyễn Văn An   Khóm 1         POOR 2022-12-15, NOT_POOR 2024-12-10 (newly escaped)
 *      G1 HIF  2023-01-01..2025-12-31, ended from 2024-12-10 (recorded 2024-12-11)
 *      G2 ELEC 2023-01-01..2023-12-31
 *   H2 Trần Thị Bình   Khóm 1 (merit) POOR 2022-12-15
 *      G3 HIF  2023-01-01..2025-12-31, revoked from 2024-07-01 (recorded 2024-07-02)
 *      G4 ELEC 2024-01-01..2025-12-31 (recorded 2023-12-20)
 *   H3 Lê Văn Cường    Khóm 2         NEAR_POOR 2023-01-10, POOR 2025-06-01
 *      G5 HIP  2023-02-01..2024-12-31
 *   H4 Phạm Thị Dung   Khóm 2         never recognised
 * commune C02 Mỹ Hội (RURAL): totals as of 31 Dec 2022 40, 2023 50, 2024 40, 2025 40
 *   H5 Võ Văn Em       Ấp 1           POOR 2022-12-20, NEAR_POOR 2024-12-20 (recorded 2024-12-21)
 *      G6 HIF  2023-01-01..2025-12-31, ended from 2024-12-20 (recorded 2024-12-21)
 *      G7 ELEC 2023-01-01..2025-12-31, ended from 2024-12-20 (recorded 2024-12-21)
 *      G8 HIP  2025-01-01..2025-12-31 (recorded 2024-12-28)
 *   H6 Đặng Thị Giang  Ấp 2 (merit)   NEAR_POOR 2022-12-20, POOR 2023-06-01
 *      G9 HIP  2023-01-01..2023-12-31, ended from 2023-06-01
 *      G10 HIF 2023-07-01..2025-12-31 (recorded 2023-06-20)
 *   H7 Huỳnh Văn Hải   Ấp 3           NOT_POOR 2022-12-20
 *
 * year-end   C01 poor          C02 poor        district poor      merit poor
 * 2022       H1 H2  2/20 10.00  H5     1/40 2.50  3/60 5.00         H2       1
 * 2023       H1 H2  2/20 10.00  H5 H6  2/50 4.00  4/70 5.71 (5.714) H2 H6    2
 * 2024       H2     1/16  6.25  H6     1/40 2.50  2/56 3.57 (3.571) H2 H6    2
 * 2025       H2 H3  2/16 12.50  H6     1/40 2.50  3/56 5.36 (5.357) H2 H6    2
 * </pre>
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CoverageAndTargetsIT {

    private static final TestDatabase.Database DB = TestDatabase.create();
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false);

    private static final String HIF = "HEALTH_INSURANCE_FULL";
    private static final String HIP = "HEALTH_INSURANCE_PARTIAL";
    private static final String ELEC = "ELECTRICITY_SUPPORT";

    /** Before G10 (H6's health insurance, recorded 2023-06-20) was recorded; after H6 became poor (06-02). */
    private static final String BEFORE_G10 = "2023-06-15T00:00:00Z";
    /** After H1's escape was recorded (2024-12-11), before H5's recognition and ends (2024-12-21) were. */
    private static final String BEFORE_H5_NEAR_POOR = "2024-12-20T12:00:00Z";

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
    private String g1;
    private String g2;
    private String g3;
    private String g4;
    private String g6;
    private String g7;
    private String g8;
    private String g9;
    private String g10;

    @BeforeAll
    void recordTheHistoryAndAwaitItsProjection() {
        history.commune("C01", "Mỹ Thọ", AreaType.URBAN, 20, 20);
        history.householdCount("C01", "2024-12-31", 16, "2025-01-05T02:00:00Z");
        history.householdCount("C01", "2025-12-31", 16, "2026-01-05T02:00:00Z");
        history.commune("C02", "Mỹ Hội", AreaType.RURAL, 40, 50);
        history.householdCount("C02", "2024-12-31", 40, "2025-01-05T02:00:00Z");
        history.householdCount("C02", "2025-12-31", 40, "2026-01-05T02:00:00Z");

        h1 = household("C01", AreaType.URBAN, "Khóm 1", "Nguyễn Văn An", "087100000001", false);
        decision(
                h1,
                AssessmentKind.ANNUAL,
                2023,
                "2022-11-20",
                "2022-12-15",
                HouseholdStatus.POOR,
                HouseholdStatus.UNCLASSIFIED);
        g1 = history.grant(h1, HIF, "2023-01-01", "2025-12-31", "2022-12-28T03:00:00Z");
        g2 = history.grant(h1, ELEC, "2023-01-01", "2023-12-31", "2022-12-28T03:00:00Z");
        decision(
                h1,
                AssessmentKind.ANNUAL,
                2025,
                "2024-11-20",
                "2024-12-10",
                HouseholdStatus.NOT_POOR,
                HouseholdStatus.POOR);
        history.end(h1, g1, HIF, "2024-12-10", HouseholdStatus.NOT_POOR, "2024-12-11T03:00:00Z");

        h2 = household("C01", AreaType.URBAN, "Khóm 1", "Trần Thị Bình", "087100000002", true);
        decision(
                h2,
                AssessmentKind.ANNUAL,
                2023,
                "2022-11-20",
                "2022-12-15",
                HouseholdStatus.POOR,
                HouseholdStatus.UNCLASSIFIED);
        g3 = history.grant(h2, HIF, "2023-01-01", "2025-12-31", "2022-12-28T03:00:00Z");
        g4 = history.grant(h2, ELEC, "2024-01-01", "2025-12-31", "2023-12-20T03:00:00Z");
        history.revoke(h2, g3, "2024-07-01", "2024-07-02T03:00:00Z");

        h3 = household("C01", AreaType.URBAN, "Khóm 2", "Lê Văn Cường", "087100000003", false);
        decision(
                h3,
                AssessmentKind.ADHOC,
                2023,
                "2022-12-28",
                "2023-01-10",
                HouseholdStatus.NEAR_POOR,
                HouseholdStatus.UNCLASSIFIED);
        history.grant(h3, HIP, "2023-02-01", "2024-12-31", "2023-01-25T03:00:00Z");
        decision(
                h3,
                AssessmentKind.ADHOC,
                2025,
                "2025-05-20",
                "2025-06-01",
                HouseholdStatus.POOR,
                HouseholdStatus.NEAR_POOR);

        h4 = household("C01", AreaType.URBAN, "Khóm 2", "Phạm Thị Dung", "087100000004", false);

        h5 = household("C02", AreaType.RURAL, "Ấp 1", "Võ Văn Em", "087100000005", false);
        decision(
                h5,
                AssessmentKind.ANNUAL,
                2023,
                "2022-11-22",
                "2022-12-20",
                HouseholdStatus.POOR,
                HouseholdStatus.UNCLASSIFIED);
        g6 = history.grant(h5, HIF, "2023-01-01", "2025-12-31", "2022-12-28T03:00:00Z");
        g7 = history.grant(h5, ELEC, "2023-01-01", "2025-12-31", "2022-12-28T03:00:00Z");
        decision(
                h5,
                AssessmentKind.ANNUAL,
                2025,
                "2024-11-22",
                "2024-12-20",
                HouseholdStatus.NEAR_POOR,
                HouseholdStatus.POOR);
        history.end(h5, g6, HIF, "2024-12-20", HouseholdStatus.NEAR_POOR, "2024-12-21T03:00:00Z");
        history.end(h5, g7, ELEC, "2024-12-20", HouseholdStatus.NEAR_POOR, "2024-12-21T03:00:00Z");
        g8 = history.grant(h5, HIP, "2025-01-01", "2025-12-31", "2024-12-28T03:00:00Z");

        h6 = household("C02", AreaType.RURAL, "Ấp 2", "Đặng Thị Giang", "087100000006", true);
        decision(
                h6,
                AssessmentKind.ANNUAL,
                2023,
                "2022-11-22",
                "2022-12-20",
                HouseholdStatus.NEAR_POOR,
                HouseholdStatus.UNCLASSIFIED);
        g9 = history.grant(h6, HIP, "2023-01-01", "2023-12-31", "2022-12-28T03:00:00Z");
        decision(
                h6,
                AssessmentKind.ADHOC,
                2023,
                "2023-05-20",
                "2023-06-01",
                HouseholdStatus.POOR,
                HouseholdStatus.NEAR_POOR);
        history.end(h6, g9, HIP, "2023-06-01", HouseholdStatus.POOR, "2023-06-02T03:00:00Z");
        g10 = history.grant(h6, HIF, "2023-07-01", "2025-12-31", "2023-06-20T03:00:00Z");

        h7 = household("C02", AreaType.RURAL, "Ấp 3", "Huỳnh Văn Hải", "087100000007", false);
        decision(
                h7,
                AssessmentKind.ANNUAL,
                2023,
                "2022-11-22",
                "2022-12-20",
                HouseholdStatus.NOT_POOR,
                HouseholdStatus.UNCLASSIFIED);

        history.publishTo(eventStore);
        awaitProjected();
    }

    // ---- grants on the household view

    @ParameterizedTest(name = "H2 on {0} known at {1}: G3 (HIF) {2}, G4 (ELEC) {3}")
    @CsvSource({
        "2022-12-31, ,                     false, false", // before either is valid
        "2023-01-01, ,                     true,  false", // G3's first day
        "2024-06-30, ,                     true,  true",
        "2024-07-01, ,                     false, true", // G3 revoked from 07-01
        "2024-07-01, 2024-07-01T00:00:00Z, true,  true", // ... which was recorded on 07-02
        "2025-12-31, ,                     false, true", // G4's last day
        "2026-01-01, ,                     false, false", // after G4's validity
    })
    void grantIsActiveWithinItsValidityUntilItsRevocation(
            String asOf, String knownAt, boolean g3Active, boolean g4Active) {
        JsonNode household =
                get("/api/households/" + h2 + "?asOf=" + asOf + (knownAt == null ? "" : "&knownAt=" + knownAt));

        // in order of validFrom
        assertThat(household.get("grants")).hasSize(2);
        assertGrant(household.get("grants").get(0), g3, HIF, "2023-01-01", "2025-12-31", g3Active);
        assertGrant(household.get("grants").get(1), g4, ELEC, "2024-01-01", "2025-12-31", g4Active);
        assertThat(household.get("loans")).isEmpty();
    }

    @Test
    void grantEndedByARecognitionIsInactiveFromTheDecisionDate() {
        JsonNode before = get("/api/households/" + h1 + "?asOf=2024-12-09");
        JsonNode after = get("/api/households/" + h1 + "?asOf=2024-12-10");

        // same validFrom: by policy code, ELECTRICITY_SUPPORT first
        assertGrant(before.get("grants").get(0), g2, ELEC, "2023-01-01", "2023-12-31", false);
        assertGrant(before.get("grants").get(1), g1, HIF, "2023-01-01", "2025-12-31", true);
        assertGrant(after.get("grants").get(1), g1, HIF, "2023-01-01", "2025-12-31", false);
        assertThat(after.get("newlyEscaped").asBoolean()).isTrue();
    }

    @Test
    void grantRecordedAfterKnownAtIsNotShown() {
        JsonNode known = get("/api/households/" + h6 + "?asOf=2023-07-15");
        JsonNode notYetKnown = get("/api/households/" + h6 + "?asOf=2023-07-15&knownAt=" + BEFORE_G10);

        assertThat(known.get("grants")).hasSize(2);
        assertGrant(known.get("grants").get(0), g9, HIP, "2023-01-01", "2023-12-31", false); // ended 06-01
        assertGrant(known.get("grants").get(1), g10, HIF, "2023-07-01", "2025-12-31", true);
        assertThat(notYetKnown.get("grants")).hasSize(1);
        assertGrant(notYetKnown.get("grants").get(0), g9, HIP, "2023-01-01", "2023-12-31", false);
    }

    @Test
    void endNotYetKnownLeavesTheGrantActive() {
        JsonNode known = get("/api/households/" + h5 + "?asOf=2024-12-25");
        JsonNode notYetKnown = get("/api/households/" + h5 + "?asOf=2024-12-25&knownAt=" + BEFORE_H5_NEAR_POOR);

        assertThat(known.get("status").asText()).isEqualTo("NEAR_POOR");
        assertThat(known.get("grants"))
                .extracting(g -> g.get("grantId").asText() + " " + g.get("active"))
                .containsExactly(g7 + " false", g6 + " false", g8 + " false"); // G8 starts 2025-01-01
        assertThat(notYetKnown.get("status").asText()).isEqualTo("POOR");
        assertThat(notYetKnown.get("grants"))
                .extracting(g -> g.get("grantId").asText() + " " + g.get("active"))
                .containsExactly(g7 + " true", g6 + " true");
    }

    @Test
    void householdListShowsTheGrantsToo() {
        JsonNode page = get("/api/households?communeCode=C01&asOf=2024-06-30");

        assertThat(ids(page)).containsExactly(h1, h2, h3, h4);
        JsonNode an = page.get("items").get(0);
        assertGrant(an.get("grants").get(0), g2, ELEC, "2023-01-01", "2023-12-31", false);
        assertGrant(an.get("grants").get(1), g1, HIF, "2023-01-01", "2025-12-31", true);
        assertThat(page.get("items").get(3).get("grants")).isEmpty();
    }

    // ---- GET /api/reports/coverage

    @Test
    void coverageAtTheEndOf2023() {
        JsonNode report = get("/api/reports/coverage?asOf=2023-12-31");

        assertThat(report.get("asOf").asText()).isEqualTo("2023-12-31");
        // C01: HIF H1 (G1) H2 (G3); HIP H3 (G5); ELEC H1 (G2, last day) and H2 (G4 starts 2024: missing)
        assertPolicies(commune(report, "C01"), HIF + " 2 2 100.00", HIP + " 1 1 100.00", ELEC + " 2 1 50.00");
        assertThat(commune(report, "C01").get("name").asText()).isEqualTo("Mỹ Thọ");
        // C02: HIF H5 (G6) H6 (G10); nobody near-poor: 100.00; ELEC H5 (G7) and H6 (none)
        assertPolicies(commune(report, "C02"), HIF + " 2 2 100.00", HIP + " 0 0 100.00", ELEC + " 2 1 50.00");
        assertPolicies(report, HIF + " 4 4 100.00", HIP + " 1 1 100.00", ELEC + " 4 2 50.00");
    }

    @Test
    void coverageFallsFromTheDayOfARevocation() {
        // mid-2024: H1's ELEC (G2) expired; H2's HIF (G3) revoked from 07-01
        assertPolicies(
                get("/api/reports/coverage?asOf=2024-06-30"),
                HIF + " 4 4 100.00",
                HIP + " 1 1 100.00",
                ELEC + " 4 2 50.00");
        assertPolicies(
                get("/api/reports/coverage?asOf=2024-07-01"),
                HIF + " 4 3 75.00",
                HIP + " 1 1 100.00",
                ELEC + " 4 2 50.00");
    }

    @Test
    void coverageAtTheEndOf2024AfterTheStatusChanges() {
        JsonNode report = get("/api/reports/coverage?asOf=2024-12-31");

        // C01: H1 escaped (newly escaped: entitled to no universal policy); HIF H2 (revoked); HIP H3 (G5, last day);
        // ELEC H2 (G4)
        assertPolicies(commune(report, "C01"), HIF + " 1 0 0.00", HIP + " 1 1 100.00", ELEC + " 1 1 100.00");
        // C02: H5 near-poor from 12-20 (G6, G7 ended; G8 starts 2025); HIF H6 (G10); ELEC H6 (none)
        assertPolicies(commune(report, "C02"), HIF + " 1 1 100.00", HIP + " 1 0 0.00", ELEC + " 1 0 0.00");
        assertPolicies(report, HIF + " 2 1 50.00", HIP + " 2 1 50.00", ELEC + " 2 1 50.00");
    }

    @Test
    void coverageAsKnownBeforeAGrantWasRecordedCountsTheHouseholdAsMissingIt() {
        String path = "/api/reports/coverage?communeCode=C02&asOf=2023-07-15";

        assertPolicies(get(path), HIF + " 2 2 100.00", HIP + " 0 0 100.00", ELEC + " 2 1 50.00");
        assertPolicies(
                get(path + "&knownAt=" + BEFORE_G10), HIF + " 2 1 50.00", HIP + " 0 0 100.00", ELEC + " 2 1 50.00");
    }

    @Test
    void coverageOfOneCommuneHasThatCommuneAsTheDistrictFigures() {
        JsonNode report = get("/api/reports/coverage?asOf=2025-12-31&communeCode=C02");

        assertThat(report.get("communes"))
                .extracting(c -> c.get("communeCode").asText())
                .containsExactly("C02");
        // HIF H6 (G10); HIP H5 (G8); ELEC H6 (none)
        assertPolicies(report, HIF + " 1 1 100.00", HIP + " 1 1 100.00", ELEC + " 1 0 0.00");
    }

    @Test
    void coverageBeforeAnyDecisionIsFullWithNobodyEntitled() {
        JsonNode report = get("/api/reports/coverage?asOf=2022-12-01");

        assertPolicies(report, HIF + " 0 0 100.00", HIP + " 0 0 100.00", ELEC + " 0 0 100.00");
    }

    @Test
    void unknownCommuneIsNotFound() {
        assertProblem(exchange("admin", "/api/reports/coverage?communeCode=C99"), 404, "/problems/not-found");
        assertProblem(exchange("admin", "/api/reports/coverage/gaps?communeCode=C99"), 404, "/problems/not-found");
        assertProblem(
                exchange("admin", "/api/reports/targets?fromYear=2023&toYear=2025&communeCode=C99"),
                404,
                "/problems/not-found");
    }

    // ---- GET /api/reports/coverage/gaps

    @Test
    void gapsAreTheEntitledHouseholdsLackingAPolicyInCommuneHamletNameAndPolicyOrder() {
        JsonNode gaps = get("/api/reports/coverage/gaps?asOf=2025-12-31");

        assertThat(gaps.get("asOf").asText()).isEqualTo("2025-12-31");
        // H2 poor, G3 revoked; H3 poor since 2025-06-01 with nothing; H6 poor without electricity support
        assertThat(gaps(gaps))
                .containsExactly(
                        h2 + " C01 Khóm 1 Trần Thị Bình POOR " + HIF,
                        h3 + " C01 Khóm 2 Lê Văn Cường POOR " + ELEC,
                        h3 + " C01 Khóm 2 Lê Văn Cường POOR " + HIF,
                        h6 + " C02 Ấp 2 Đặng Thị Giang POOR " + ELEC);
        assertThat(gaps.get("page").asInt()).isZero();
        assertThat(gaps.get("size").asInt()).isEqualTo(50);
        assertThat(gaps.get("total").asLong()).isEqualTo(4);
    }

    @Test
    void householdThatNewlyLacksAUniversalPolicyAfterItsStatusChangedIsAGap() {
        JsonNode gaps = get("/api/reports/coverage/gaps?asOf=2024-12-31");

        // H5 near-poor from 12-20: its partial insurance (G8) starts only 2025-01-01; escaped H1 is no gap
        assertThat(gaps(gaps))
                .containsExactly(
                        h2 + " C01 Khóm 1 Trần Thị Bình POOR " + HIF,
                        h5 + " C02 Ấp 1 Võ Văn Em NEAR_POOR " + HIP,
                        h6 + " C02 Ấp 2 Đặng Thị Giang POOR " + ELEC);
        // a day later G8 is in force, and H3's partial insurance (G5, to 2024-12-31) has run out
        assertThat(gaps(get("/api/reports/coverage/gaps?asOf=2025-01-01")))
                .containsExactly(
                        h2 + " C01 Khóm 1 Trần Thị Bình POOR " + HIF,
                        h3 + " C01 Khóm 2 Lê Văn Cường NEAR_POOR " + HIP,
                        h6 + " C02 Ấp 2 Đặng Thị Giang POOR " + ELEC);
    }

    @Test
    void gapsArePagedWithTheTotal() {
        String path = "/api/reports/coverage/gaps?asOf=2025-12-31&size=3&page=";

        JsonNode first = get(path + "0");
        JsonNode second = get(path + "1");
        JsonNode beyond = get(path + "2");

        assertThat(gaps(first)).extracting(g -> g.substring(0, g.indexOf(' '))).containsExactly(h2, h3, h3);
        assertThat(first.get("total").asLong()).isEqualTo(4);
        assertThat(first.get("size").asInt()).isEqualTo(3);
        assertThat(gaps(second)).containsExactly(h6 + " C02 Ấp 2 Đặng Thị Giang POOR " + ELEC);
        assertThat(second.get("page").asInt()).isEqualTo(1);
        assertThat(second.get("total").asLong()).isEqualTo(4);
        assertThat(beyond.get("items")).isEmpty();
        assertThat(beyond.get("total").asLong()).isEqualTo(4);
        assertThat(get("/api/reports/coverage/gaps?asOf=2025-12-31&size=500")
                        .get("size")
                        .asInt())
                .isEqualTo(200);
    }

    @Test
    void gapsOfOnePolicyAndOneCommune() {
        assertThat(gaps(get("/api/reports/coverage/gaps?asOf=2025-12-31&policyCode=" + ELEC)))
                .containsExactly(
                        h3 + " C01 Khóm 2 Lê Văn Cường POOR " + ELEC, h6 + " C02 Ấp 2 Đặng Thị Giang POOR " + ELEC);
        assertThat(gaps(get("/api/reports/coverage/gaps?asOf=2025-12-31&communeCode=C02")))
                .containsExactly(h6 + " C02 Ấp 2 Đặng Thị Giang POOR " + ELEC);
    }

    @Test
    void gapsAsKnownBeforeAGrantWasRecorded() {
        String path = "/api/reports/coverage/gaps?asOf=2023-07-15&communeCode=C02";

        assertThat(gaps(get(path))).containsExactly(h6 + " C02 Ấp 2 Đặng Thị Giang POOR " + ELEC);
        assertThat(gaps(get(path + "&knownAt=" + BEFORE_G10)))
                .containsExactly(
                        h6 + " C02 Ấp 2 Đặng Thị Giang POOR " + ELEC, h6 + " C02 Ấp 2 Đặng Thị Giang POOR " + HIF);
    }

    // ---- GET /api/reports/targets

    @Test
    void districtTargetsYearByYear() {
        JsonNode targets = get("/api/reports/targets?fromYear=2023&toYear=2025");

        assertThat(targets.get("fromYear").asInt()).isEqualTo(2023);
        assertThat(targets.get("toYear").asInt()).isEqualTo(2025);
        assertThat(targets.get("communeCode").isNull()).isTrue();
        assertThat(targets.get("targetReduction").decimalValue()).isEqualTo(new BigDecimal("1.5"));
        assertThat(targets.get("years")).hasSize(3);
        // 2023: 5.00 - 5.71; coverage (4 + 1 + 2) / (4 + 1 + 4) = 7/9 = 77.78
        assertYear(targets.get("years").get(0), 2023, "5.71", "-0.71", false, 2, "77.78");
        // 2024: 5.71 - 3.57; coverage (1 + 1 + 1) / (2 + 2 + 2) = 50.00
        assertYear(targets.get("years").get(1), 2024, "3.57", "2.14", true, 2, "50.00");
        // 2025: 3.57 - 5.36; coverage HIF 1/3, HIP 1/1, ELEC 1/3: 3/7 = 42.86
        assertYear(targets.get("years").get(2), 2025, "5.36", "-1.79", false, 2, "42.86");
        // (5.00 - 5.36) / 3 = -0.12
        assertThat(targets.get("averageReduction").decimalValue()).isEqualTo(new BigDecimal("-0.12"));
    }

    @Test
    void communeTargetsOnRequest() {
        JsonNode c01 = get("/api/reports/targets?fromYear=2023&toYear=2025&communeCode=C01");
        JsonNode c02 = get("/api/reports/targets?fromYear=2023&toYear=2025&communeCode=C02");

        assertThat(c01.get("communeCode").asText()).isEqualTo("C01");
        assertC01Years(c01);
        // (10.00 - 12.50) / 3 = -0.8333
        assertThat(c01.get("averageReduction").decimalValue()).isEqualTo(new BigDecimal("-0.83"));

        assertThat(c02.get("communeCode").asText()).isEqualTo("C02");
        // 2.50 -> 4.00; coverage (2 + 0 + 1) / (2 + 0 + 2) = 75.00
        assertYear(c02.get("years").get(0), 2023, "4.00", "-1.50", false, 1, "75.00");
        // 4.00 -> 2.50: exactly the target is met; coverage (1 + 0 + 0) / 3 = 33.33
        assertYear(c02.get("years").get(1), 2024, "2.50", "1.50", true, 1, "33.33");
        // coverage (1 + 1 + 0) / 3 = 66.67
        assertYear(c02.get("years").get(2), 2025, "2.50", "0.00", false, 1, "66.67");
        assertThat(c02.get("averageReduction").decimalValue()).isEqualTo(new BigDecimal("0.00"));
    }

    @Test
    void targetsOfOneYear() {
        JsonNode targets = get("/api/reports/targets?fromYear=2024&toYear=2024");

        assertThat(targets.get("years")).hasSize(1);
        assertYear(targets.get("years").get(0), 2024, "3.57", "2.14", true, 2, "50.00");
        assertThat(targets.get("averageReduction").decimalValue()).isEqualTo(new BigDecimal("2.14"));
    }

    @Test
    void targetsAsKnownBeforeTheLastDecisionsOfTheYearWereRecorded() {
        JsonNode targets = get("/api/reports/targets?fromYear=2024&toYear=2024&knownAt=" + BEFORE_H5_NEAR_POOR);

        // H5 still poor and the 2024 totals not yet recorded (2025-01-05): H2 H5 H6 of 20 + 50 = 3/70 = 4.2857;
        // coverage: HIF H2 (revoked) H5 (G6, end not known) H6; HIP H3; ELEC H2 H5 (G7) H6 (none): 5/7 = 71.43
        assertYear(targets.get("years").get(0), 2024, "4.29", "1.42", false, 2, "71.43");
    }

    @Test
    void fiftyYearsAreAllowed() {
        JsonNode targets = get("/api/reports/targets?fromYear=1976&toYear=2025");

        assertThat(targets.get("years")).hasSize(50);
        // nothing recorded before 2022: rates 0.00, and no one entitled: full coverage
        assertYear(targets.get("years").get(0), 1976, "0.00", "0.00", false, 0, "100.00");
        // (0.00 - 5.36) / 50 = -0.1072
        assertThat(targets.get("averageReduction").decimalValue()).isEqualTo(new BigDecimal("-0.11"));
    }

    // ---- commune scoping

    @Test
    void communeOfficerSeesTheCoverageAndGapsOfItsCommuneOnly() {
        JsonNode report = getAs("officer-c01", "/api/reports/coverage?asOf=2023-12-31");

        assertThat(report.get("communes"))
                .extracting(c -> c.get("communeCode").asText())
                .containsExactly("C01");
        assertPolicies(report, HIF + " 2 2 100.00", HIP + " 1 1 100.00", ELEC + " 2 1 50.00");
        assertThat(gaps(getAs("officer-c01", "/api/reports/coverage/gaps?asOf=2025-12-31")))
                .containsExactly(
                        h2 + " C01 Khóm 1 Trần Thị Bình POOR " + HIF,
                        h3 + " C01 Khóm 2 Lê Văn Cường POOR " + ELEC,
                        h3 + " C01 Khóm 2 Lê Văn Cường POOR " + HIF);
        assertProblem(exchange("officer-c01", "/api/reports/coverage?communeCode=C02"), 404, "/problems/not-found");
        assertProblem(
                exchange("officer-c01", "/api/reports/coverage/gaps?communeCode=C02"), 404, "/problems/not-found");
    }

    @Test
    void communeOfficersDistrictTargetsAreThoseOfItsCommunes() {
        JsonNode district = getAs("officer-c01", "/api/reports/targets?fromYear=2023&toYear=2025");
        JsonNode own = getAs("officer-c01", "/api/reports/targets?fromYear=2023&toYear=2025&communeCode=C01");

        assertThat(district.get("communeCode").isNull()).isTrue();
        assertC01Years(district);
        assertThat(district.get("averageReduction").decimalValue()).isEqualTo(new BigDecimal("-0.83"));
        assertThat(own.get("communeCode").asText()).isEqualTo("C01");
        assertC01Years(own);
        assertProblem(
                exchange("officer-c01", "/api/reports/targets?fromYear=2023&toYear=2025&communeCode=C02"),
                404,
                "/problems/not-found");
    }

    @Test
    void districtOfficerSeesTheWholeDistrict() {
        assertPolicies(
                getAs("district", "/api/reports/coverage?asOf=2023-12-31"),
                HIF + " 4 4 100.00",
                HIP + " 1 1 100.00",
                ELEC + " 4 2 50.00");
        assertThat(getAs("district", "/api/reports/coverage/gaps?asOf=2025-12-31")
                        .get("total")
                        .asLong())
                .isEqualTo(4);
        assertYear(
                getAs("district", "/api/reports/targets?fromYear=2024&toYear=2024")
                        .get("years")
                        .get(0),
                2024,
                "3.57",
                "2.14",
                true,
                2,
                "50.00");
    }

    // ---- bad requests

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "/api/reports/coverage?asOf=2023-02-30,                          asOf",
        "/api/reports/coverage?knownAt=yesterday,                        knownAt",
        "/api/reports/coverage/gaps?policyCode=TUITION_EXEMPTION,        policyCode", // need-based
        "/api/reports/coverage/gaps?policyCode=FREE_LUNCH,               policyCode", // unknown
        "/api/reports/coverage/gaps?page=-1,                             page",
        "/api/reports/coverage/gaps?size=0,                              size",
        "/api/reports/coverage/gaps?page=first,                          page",
        "/api/reports/targets?toYear=2025,                               fromYear",
        "/api/reports/targets?fromYear=2023,                             toYear",
        "/api/reports/targets?fromYear=last&toYear=2025,                 fromYear",
        "/api/reports/targets?fromYear=2023&toYear=2025.5,               toYear",
        "/api/reports/targets?fromYear=2025&toYear=2023,                 toYear", // backwards
        "/api/reports/targets?fromYear=1975&toYear=2025,                 toYear", // 51 years
        "/api/reports/targets?fromYear=-5&toYear=2,                      fromYear",
        "/api/reports/targets?fromYear=2023&toYear=2025&knownAt=soon,    knownAt",
    })
    void invalidParameterIsAValidationProblemNamingIt(String path, String field) {
        JsonNode problem = assertProblem(exchange("admin", path), 400, "/problems/validation");

        assertThat(problem.get("errors"))
                .extracting(e -> e.get("field").asText())
                .containsExactly(field);
    }

    // ---- the history

    private String household(
            String commune, AreaType areaType, String hamlet, String headName, String nationalId, boolean merit) {
        return history.household(commune, areaType, hamlet, headName, nationalId, merit);
    }

    /** An assessment proposing {@code status}, recognised on {@code decidedOn}. */
    private void decision(
            String household,
            AssessmentKind kind,
            int period,
            String assessedOn,
            String decidedOn,
            HouseholdStatus status,
            HouseholdStatus previous) {
        int deprivations = status == HouseholdStatus.POOR ? 3 : status == HouseholdStatus.NEAR_POOR ? 1 : 0;
        long income = status == HouseholdStatus.NOT_POOR ? 3_000_000 : 1_000_000;
        AssessmentId assessment = history.assess(household, period, kind, assessedOn, income, deprivations, status);
        history.recognize(household, assessment, "QĐ-" + decidedOn, decidedOn, status, previous);
    }

    /** Every event reached its projection (the pooled processors work in parallel segments), bounded to 10 s. */
    private void awaitProjected() {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            boolean done = count("q_commune") == 2
                    && count("q_commune_household_count") == 8
                    && count("q_household") == 7
                    && count("q_assessment") == 10
                    && count("q_status_fact") == 10
                    && count("q_grant") == 10
                    && count("q_grant_end") == 5;
            if (done) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(
                        "The projections did not catch up with " + history.size() + " events within 60 s");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }

    private int count(String table) {
        return jdbc.queryForObject("SELECT count(*) FROM " + table, Integer.class);
    }

    // ---- assertions

    private void assertC01Years(JsonNode targets) {
        assertThat(targets.get("years")).hasSize(3);
        // 10.00 -> 10.00; coverage (2 + 1 + 1) / (2 + 1 + 2) = 80.00
        assertYear(targets.get("years").get(0), 2023, "10.00", "0.00", false, 1, "80.00");
        // 10.00 -> 6.25; coverage (0 + 1 + 1) / (1 + 1 + 1) = 66.67
        assertYear(targets.get("years").get(1), 2024, "6.25", "3.75", true, 1, "66.67");
        // 6.25 -> 12.50; coverage (0 + 0 + 1) / (2 + 0 + 2) = 25.00
        assertYear(targets.get("years").get(2), 2025, "12.50", "-6.25", false, 1, "25.00");
    }

    private static void assertYear(
            JsonNode row, int year, String poorRate, String reduction, boolean met, long meritPoor, String coverage) {
        assertThat(row.get("year").asInt()).isEqualTo(year);
        // compared with their scale: 0.80 and 0.8 differ
        assertThat(row.get("poorRate").decimalValue()).as("%d poorRate", year).isEqualTo(new BigDecimal(poorRate));
        assertThat(row.get("reduction").decimalValue()).as("%d reduction", year).isEqualTo(new BigDecimal(reduction));
        assertThat(row.get("targetReduction").decimalValue()).isEqualTo(new BigDecimal("1.5"));
        assertThat(row.get("met").asBoolean()).as("%d met", year).isEqualTo(met);
        assertThat(row.get("meritPoor").asLong()).as("%d meritPoor", year).isEqualTo(meritPoor);
        assertThat(row.get("meritPoorTarget").asLong()).isZero();
        assertThat(row.get("coverage").decimalValue()).as("%d coverage", year).isEqualTo(new BigDecimal(coverage));
        assertThat(row.get("coverageTarget").decimalValue()).isEqualTo(new BigDecimal("100.00"));
    }

    /** {@code expected}: "POLICY entitled covered rate" per universal policy, in catalogue order. */
    private static void assertPolicies(JsonNode reportOrCommune, String... expected) {
        assertThat(reportOrCommune.get("policies"))
                .extracting(p -> p.get("policyCode").asText() + " "
                        + p.get("entitled").asLong() + " " + p.get("covered").asLong() + " "
                        + p.get("coverageRate").decimalValue().toPlainString())
                .containsExactly(expected);
    }

    private static void assertGrant(
            JsonNode grant, String grantId, String policyCode, String validFrom, String validTo, boolean active) {
        assertThat(grant.get("grantId").asText()).isEqualTo(grantId);
        assertThat(grant.get("policyCode").asText()).isEqualTo(policyCode);
        assertThat(grant.get("validFrom").asText()).isEqualTo(validFrom);
        assertThat(grant.get("validTo").asText()).isEqualTo(validTo);
        assertThat(grant.get("active").asBoolean()).as("active").isEqualTo(active);
    }

    private static JsonNode commune(JsonNode report, String code) {
        return StreamSupport.stream(report.get("communes").spliterator(), false)
                .filter(c -> c.get("communeCode").asText().equals(code))
                .findFirst()
                .orElseThrow(() -> new AssertionError("No commune " + code + " in " + report));
    }

    /** Each gap as "householdId communeCode hamlet headName status policyCode". */
    private static List<String> gaps(JsonNode page) {
        return StreamSupport.stream(page.get("items").spliterator(), false)
                .map(g -> String.join(
                        " ",
                        g.get("householdId").asText(),
                        g.get("communeCode").asText(),
                        g.get("hamlet").asText(),
                        g.get("headName").asText(),
                        g.get("status").asText(),
                        g.get("policyCode").asText()))
                .toList();
    }

    private static List<String> ids(JsonNode page) {
        return StreamSupport.stream(page.get("items").spliterator(), false)
                .map(i -> i.get("householdId").asText())
                .toList();
    }

    // ---- HTTP and JSON

    /** As the administrator. */
    /**
     * The reports as known now are read from the tallies (q_tally_delta, q_household_tally); as known at a past
     * instant, from the bitemporal tables. Both must give the same figures on every date: a fact recorded in 2100 (of
     * a household that is not registered, so it counts in neither) makes every knownAt before 2100 take the
     * bitemporal path, and knownAt after it the tallies.
     */
    @Test
    void tallyAndBitemporalPathsAgreeOnEveryMonthEnd() {
        assertThat(jdbc.queryForObject("SELECT count(*) FROM q_tally_delta", Long.class))
                .isPositive();
        jdbc.update("""
                INSERT INTO q_status_fact (event_id, household_id, assessment_id, fact_kind, effective_from,
                    recognition_sequence, sequence_number, status, decision_ref, recorded_at)
                VALUES ('future-fact', 'not-registered', 'a', 'RECOGNITION', DATE '2022-01-01', 1, 1, 'POOR', 'x',
                        TIMESTAMPTZ '2100-01-01 00:00:00Z')""");
        try {
            String bitemporal = "&knownAt=2099-12-31T00:00:00Z";
            String tallies = "&knownAt=2100-01-02T00:00:00Z";
            for (java.time.LocalDate day = java.time.LocalDate.of(2022, 10, 31);
                    day.isBefore(java.time.LocalDate.of(2028, 1, 1));
                    day = day.plusMonths(1).withDayOfMonth(1).plusMonths(1).minusDays(1)) {
                for (String report : List.of(
                        "/api/reports/poverty?asOf=" + day,
                        "/api/reports/coverage?asOf=" + day,
                        "/api/reports/coverage?communeCode=C02&asOf=" + day,
                        "/api/reports/coverage/gaps?size=200&asOf=" + day,
                        "/api/reports/coverage/gaps?size=2&page=1&policyCode=" + HIF + "&asOf=" + day)) {
                    assertThat(get(report + tallies)).as(report).isEqualTo(get(report + bitemporal));
                }
            }
            String targets = "/api/reports/targets?fromYear=2023&toYear=2027";
            assertThat(get(targets + tallies)).isEqualTo(get(targets + bitemporal));
        } finally {
            jdbc.update("DELETE FROM q_status_fact WHERE event_id = 'future-fact'");
        }
    }

    private JsonNode get(String path) {
        return getAs("admin", path);
    }

    private JsonNode getAs(String user, String path) {
        ResponseEntity<String> response = exchange(user, path);
        assertThat(response.getStatusCode().value())
                .as("GET %s as %s: %s", path, user, response.getBody())
                .isEqualTo(200);
        return parse(response.getBody());
    }

    private ResponseEntity<String> exchange(String user, String path) {
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.AUTHORIZATION, TestUsers.basic(user));
        return rest.exchange(path, HttpMethod.GET, new HttpEntity<>(headers), String.class);
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

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (java.io.IOException e) {
            throw new AssertionError("Not JSON: " + body, e);
        }
    }
}
