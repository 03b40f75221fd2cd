package vn.poverty.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
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
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import vn.poverty.api.commune.AreaType;
import vn.poverty.api.household.AssessmentCorrectedEvent;
import vn.poverty.api.household.AssessmentId;
import vn.poverty.api.household.AssessmentKind;
import vn.poverty.api.household.GrantId;
import vn.poverty.api.household.HouseholdHead;
import vn.poverty.api.household.HouseholdId;
import vn.poverty.api.household.HouseholdRegisteredEvent;
import vn.poverty.api.household.HouseholdStatus;
import vn.poverty.api.household.PolicyGrantedEvent;
import vn.poverty.testsupport.TestDatabase;
import vn.poverty.testsupport.TestUsers;

/**
 * {@code GET /api/reports/communes/{code}/periodic} over HTTP against the app as deployed (real events in the event
 * store on a real PostgreSQL, pooled processors). The history, worked by hand (households registered 2021-03-01
 * unless said otherwise; each decision recorded the day after it):
 *
 * <pre>
 * C01 Mỹ Thọ (URBAN): 200 households as of 2022-12-31, 250 as of 2023-12-31, 260 as of 2024-06-30 (rec. 2024-07-03)
 *   H1 POOR 2022-12-15, NOT_POOR 2024-08-20 (escaped: newly escaped from then)
 *   H2 NEAR_POOR 2022-12-15, POOR 2024-07-10
 *   H3 POOR 2023-12-20, corrected to NEAR_POOR from 2023-12-20 (correction recorded 2024-09-15)
 *   H4 registered 2024-08-01 (recorded 08-02), NEAR_POOR 2024-09-05
 *   H5 never recognised
 *   H6 NOT_POOR 2022-12-15 (never poor: not newly escaped), POOR 2024-01-01 (the first day of the year)
 *   grants (validFrom, amount): H1 HEALTH_INSURANCE_FULL 2023-01-01 and 2024-01-01 (ended 2024-08-20), H6
 *     HEALTH_INSURANCE_FULL 2024-02-20 and ELECTRICITY_SUPPORT 2024-07-01 276,000, H2 HEALTH_INSURANCE_FULL
 *     2024-07-15, H1 VOCATIONAL_TRAINING 2024-09-01 2,000,000, H4 HEALTH_INSURANCE_PARTIAL 2024-09-10
 *   L1 (H1) POOR_HOUSEHOLD 30,000,000 disbursed 2024-02-01; repaid 5,000,000 on 07-15, 10,000,000 on 08-01
 *      (recorded late, 2024-10-10), 15,000,000 on 12-20: settled 12-20
 *   L2 (H2) NEAR_POOR_HOUSEHOLD 20,000,000 disbursed 2024-07-05; repaid 2,000,000 on 09-30
 * C02 Mỹ Hội: H7 POOR 2022-12-20, a grant 2024-07-20, L3 disbursed 2024-07-20 and repaid 08-10: none in C01's report
 * C03 (a name with markup), no households
 *
 * period      start (as of)   reg poor near notP newly uncl total rates      end (as of)  reg poor near notP newly uncl
 * 2024-07     2024-06-30      5   2    2    0    0     1    260   0.77 0.77  2024-07-31   5   3    1    0    0     1
 *   known at 2024-09-14 (before the correction: H3 POOR)  5   3    1    ...  rates 1.15 0.38  end poor 4 near 0 (1.54 0.00)
 * 2024-Q3     2024-06-30      as above                                       2024-09-30   6   2    2    1    1     1
 * 2024        2023-12-31      5   1    2    1    0     1    250   0.40 0.80  2024-12-31   6   2    2    1    1     1
 * </pre>
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PeriodicReportIT {

    private static final TestDatabase.Database DB = TestDatabase.create();
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false);

    private static final String REPORT = "/api/reports/communes/C01/periodic";
    /** Before H3's correction (recorded 2024-09-15) was made. */
    private static final String BEFORE_CORRECTION = "2024-09-14T00:00:00Z";
    /** Before L1's repayment of 2024-08-01 was recorded (2024-10-10). */
    private static final String BEFORE_LATE_REPAYMENT = "2024-10-01T00:00:00Z";

    private static final String C03_NAME = "Xã <b>Thử</b> & \"Nghiệm\"";

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

    @BeforeAll
    void recordTheHistoryAndAwaitItsProjection() {
        history.commune("C01", "Mỹ Thọ", AreaType.URBAN, 200, 250);
        history.householdCount("C01", "2024-06-30", 260, "2024-07-03T02:00:00Z");
        history.commune("C02", "Mỹ Hội", AreaType.RURAL, 400, 420);
        history.commune("C03", C03_NAME, AreaType.RURAL, 100, 100);

        String h1 = household("Nguyễn Văn An", "087200000001");
        decide(h1, 2023, "2022-12-15", HouseholdStatus.POOR, HouseholdStatus.UNCLASSIFIED);
        decide(h1, 2024, "2024-08-20", HouseholdStatus.NOT_POOR, HouseholdStatus.POOR);

        String h2 = household("Trần Thị Bình", "087200000002");
        decide(h2, 2023, "2022-12-15", HouseholdStatus.NEAR_POOR, HouseholdStatus.UNCLASSIFIED);
        decide(h2, 2024, "2024-07-10", HouseholdStatus.POOR, HouseholdStatus.NEAR_POOR);

        String h3 = household("Lê Văn Cường", "087200000003");
        AssessmentId a3 = decide(h3, 2024, "2023-12-20", HouseholdStatus.POOR, HouseholdStatus.UNCLASSIFIED);
        history.record(
                "Household",
                h3,
                "2024-09-15T03:00:00Z",
                new AssessmentCorrectedEvent(
                        HouseholdId.of(h3),
                        a3,
                        1_800_000,
                        List.of("HOUSING_AREA"),
                        1,
                        HouseholdStatus.NEAR_POOR,
                        HouseholdStatus.POOR,
                        LocalDate.parse("2023-12-20"),
                        "Thu nhập khai thiếu",
                        "77/QĐ-UBND"));

        String h4 = HouseholdId.of(UUID.randomUUID()).value();
        history.record(
                "Household",
                h4,
                "2024-08-02T02:00:00Z",
                new HouseholdRegisteredEvent(
                        HouseholdId.of(h4),
                        "C01",
                        "Khóm 3",
                        AreaType.URBAN,
                        new HouseholdHead("Phạm Thị Dung", "087200000004", 1990),
                        3,
                        false,
                        false,
                        LocalDate.parse("2024-08-01")));
        decide(h4, 2024, "2024-09-05", HouseholdStatus.NEAR_POOR, HouseholdStatus.UNCLASSIFIED);

        household("Hoàng Văn Em", "087200000005");

        String h6 = household("Đặng Thị Giang", "087200000006");
        decide(h6, 2023, "2022-12-15", HouseholdStatus.NOT_POOR, HouseholdStatus.UNCLASSIFIED);
        decide(h6, 2024, "2024-01-01", HouseholdStatus.POOR, HouseholdStatus.NOT_POOR);

        String h7 = history.household("C02", AreaType.RURAL, "Ấp 1", "Võ Văn Hải", "079200000007", false);
        decide(h7, 2023, "2022-12-20", HouseholdStatus.POOR, HouseholdStatus.UNCLASSIFIED);

        grant(h1, "HEALTH_INSURANCE_FULL", "2023-01-01", "2023-12-31", 0);
        String h1Insurance = grant(h1, "HEALTH_INSURANCE_FULL", "2024-01-01", "2024-12-31", 0);
        history.end(
                h1,
                h1Insurance,
                "HEALTH_INSURANCE_FULL",
                "2024-08-20",
                HouseholdStatus.NOT_POOR,
                "2024-08-21T02:00:00Z");
        grant(h6, "HEALTH_INSURANCE_FULL", "2024-02-20", "2024-12-31", 0);
        grant(h2, "HEALTH_INSURANCE_FULL", "2024-07-15", "2024-12-31", 0);
        grant(h6, "ELECTRICITY_SUPPORT", "2024-07-01", "2024-12-31", 276_000);
        grant(h1, "VOCATIONAL_TRAINING", "2024-09-01", "2024-12-31", 2_000_000);
        grant(h4, "HEALTH_INSURANCE_PARTIAL", "2024-09-10", "2024-12-31", 0);
        grant(h7, "HEALTH_INSURANCE_FULL", "2024-07-20", "2024-12-31", 0);

        String l1 = history.applyForLoan(
                h1, "C01", "POOR_HOUSEHOLD", "6.60", 30_000_000, 12, "2024-01-10", HouseholdStatus.POOR);
        history.approveLoan(l1, "2024-01-20");
        history.disburseLoan(l1, "2024-02-01");
        history.repayLoan(l1, 5_000_000, "2024-07-15");
        history.repayLoan(l1, 10_000_000, "2024-08-01", "2024-10-10T03:00:00Z");
        history.repayLoan(l1, 15_000_000, "2024-12-20");

        String l2 = history.applyForLoan(
                h2, "C01", "NEAR_POOR_HOUSEHOLD", "7.92", 20_000_000, 24, "2024-03-01", HouseholdStatus.NEAR_POOR);
        history.approveLoan(l2, "2024-03-05");
        history.disburseLoan(l2, "2024-07-05");
        history.repayLoan(l2, 2_000_000, "2024-09-30");

        String l3 = history.applyForLoan(
                h7, "C02", "POOR_HOUSEHOLD", "6.60", 10_000_000, 12, "2024-07-01", HouseholdStatus.POOR);
        history.approveLoan(l3, "2024-07-10");
        history.disburseLoan(l3, "2024-07-20");
        history.repayLoan(l3, 1_000_000, "2024-08-10");

        history.publishTo(eventStore);
        awaitProjected();
    }

    // ---- the figures

    @Test
    void monthCountsTheHouseholdThatFellIntoPovertyAndTheGrantsAndLoanFactsOfThatMonth() {
        JsonNode report = get(REPORT + "?period=2024-07");

        assertThat(report.get("communeCode").asText()).isEqualTo("C01");
        assertThat(report.get("communeName").asText()).isEqualTo("Mỹ Thọ");
        assertThat(report.get("period").asText()).isEqualTo("2024-07");
        assertThat(report.get("from").asText()).isEqualTo("2024-07-01");
        assertThat(report.get("to").asText()).isEqualTo("2024-07-31");
        assertThat(figures(report.get("atStart"))).isEqualTo("2024-06-30 5 2 2 0 0 1 260 0.77 0.77");
        assertThat(figures(report.get("atEnd"))).isEqualTo("2024-07-31 5 3 1 0 0 1 260 1.15 0.38");
        assertThat(changes(report)).isEqualTo("1 0 0 1");
        assertThat(grants(report))
                .isEqualTo("2 276000 HEALTH_INSURANCE_FULL 1 0, HEALTH_INSURANCE_PARTIAL 0 0,"
                        + " ELECTRICITY_SUPPORT 1 276000");
        assertThat(loans(report)).isEqualTo("1 20000000 1 5000000 0 0 0");
    }

    @Test
    void quarterCountsEscapesNewHouseholdsAndTheRepaymentsOfItsThreeMonths() {
        JsonNode report = get(REPORT + "?period=2024-Q3");

        assertThat(report.get("period").asText()).isEqualTo("2024-Q3");
        assertThat(report.get("from").asText()).isEqualTo("2024-07-01");
        assertThat(report.get("to").asText()).isEqualTo("2024-09-30");
        assertThat(figures(report.get("atStart"))).isEqualTo("2024-06-30 5 2 2 0 0 1 260 0.77 0.77");
        // H1 escaped (newly escaped), H4 registered in August and recognised near-poor, H2 fell into poverty
        assertThat(figures(report.get("atEnd"))).isEqualTo("2024-09-30 6 2 2 1 1 1 260 0.77 0.77");
        assertThat(changes(report)).isEqualTo("1 1 1 1");
        assertThat(grants(report))
                .isEqualTo("4 2276000 HEALTH_INSURANCE_FULL 1 0, HEALTH_INSURANCE_PARTIAL 1 0,"
                        + " ELECTRICITY_SUPPORT 1 276000, VOCATIONAL_TRAINING 1 2000000");
        // 5,000,000 on 07-15, 10,000,000 on 08-01, 2,000,000 on the last day of the quarter
        assertThat(loans(report)).isEqualTo("1 20000000 3 17000000 0 0 0");
        assertThat(report.get("atEnd").get("poorRate").isNumber()).isTrue();
        assertThat(report.get("loans").get("repaidAmount").isIntegralNumber()).isTrue();
    }

    @Test
    void yearStartsFromTheCloseOfThePreviousYearWithItsRecordedTotal() {
        JsonNode report = get(REPORT + "?period=2024");

        assertThat(report.get("from").asText()).isEqualTo("2024-01-01");
        assertThat(report.get("to").asText()).isEqualTo("2024-12-31");
        assertThat(figures(report.get("atStart"))).isEqualTo("2023-12-31 5 1 2 1 0 1 250 0.40 0.80");
        assertThat(figures(report.get("atEnd"))).isEqualTo("2024-12-31 6 2 2 1 1 1 260 0.77 0.77");
        // H2 and H6 fell into poverty, H1 escaped it; H4 became near-poor, H2 left near-poverty (into poverty)
        assertThat(changes(report)).isEqualTo("2 1 1 1");
        assertThat(grants(report))
                .isEqualTo("6 2276000 HEALTH_INSURANCE_FULL 3 0, HEALTH_INSURANCE_PARTIAL 1 0,"
                        + " ELECTRICITY_SUPPORT 1 276000, VOCATIONAL_TRAINING 1 2000000");
        // L1 settled on 12-20 by its third repayment
        assertThat(loans(report)).isEqualTo("2 50000000 4 32000000 1 0 0");
    }

    @Test
    void everyPolicyOfTheCatalogueHasARowInItsOrder() {
        JsonNode report = get(REPORT + "?period=2024-07");

        assertThat(report.get("grants").get("policies"))
                .extracting(p -> p.get("policyCode").asText())
                .containsExactly(
                        "HEALTH_INSURANCE_FULL",
                        "HEALTH_INSURANCE_PARTIAL",
                        "ELECTRICITY_SUPPORT",
                        "TUITION_EXEMPTION",
                        "TUITION_REDUCTION",
                        "LEARNING_COST_SUPPORT",
                        "LEGAL_AID",
                        "HOUSING_SUPPORT",
                        "VOCATIONAL_TRAINING",
                        "PRODUCTION_SUPPORT");
    }

    @Test
    void theStartOfAPeriodIsTheEndOfThePreviousOne() {
        JsonNode june = get(REPORT + "?period=2024-06");
        JsonNode q2 = get(REPORT + "?period=2024-Q2");
        JsonNode july = get(REPORT + "?period=2024-07");
        JsonNode q3 = get(REPORT + "?period=2024-Q3");
        JsonNode q4 = get(REPORT + "?period=2024-Q4");

        assertThat(june.get("atEnd")).isEqualTo(july.get("atStart"));
        assertThat(q2.get("atEnd")).isEqualTo(q3.get("atStart"));
        assertThat(q3.get("atEnd")).isEqualTo(q4.get("atStart"));
    }

    @Test
    void poorAndNearPoorFiguresAreThoseOfThePovertyReportOnTheSameDates() {
        JsonNode q3 = get(REPORT + "?period=2024-Q3");
        for (String side : List.of("atStart", "atEnd")) {
            JsonNode figures = q3.get(side);
            JsonNode poverty = get("/api/reports/poverty?communeCode=C01&asOf="
                            + figures.get("asOf").asText())
                    .get("communes")
                    .get(0);
            for (String field : List.of("totalHouseholds", "poor", "nearPoor", "poorRate", "nearPoorRate")) {
                assertThat(figures.get(field)).as(side + " " + field).isEqualTo(poverty.get(field));
            }
        }
    }

    @Test
    void knownAtBeforeTheCorrectionGivesTheFiguresAsTheyWereThen() {
        JsonNode before = get(REPORT + "?period=2024-07&knownAt=" + BEFORE_CORRECTION);

        assertThat(figures(before.get("atStart"))).isEqualTo("2024-06-30 5 3 1 0 0 1 260 1.15 0.38");
        assertThat(figures(before.get("atEnd"))).isEqualTo("2024-07-31 5 4 0 0 0 1 260 1.54 0.00");
        assertThat(changes(before)).isEqualTo("1 0 0 1");
        assertThat(before.get("knownAt").asText()).isEqualTo(BEFORE_CORRECTION);
    }

    @Test
    void knownAtBeforeALateRepaymentWasRecordedLeavesItOut() {
        JsonNode before = get(REPORT + "?period=2024-Q3&knownAt=" + BEFORE_LATE_REPAYMENT);

        assertThat(loans(before)).isEqualTo("1 20000000 2 7000000 0 0 0");
        assertThat(figures(before.get("atEnd"))).isEqualTo("2024-09-30 6 2 2 1 1 1 260 0.77 0.77");
    }

    @Test
    void beforeTheCommuneWasRecordedItIsNotFound() {
        assertProblem(
                exchange("admin", REPORT + "?period=2024&knownAt=2022-01-01T00:00:00Z", null),
                404,
                "/problems/not-found");
    }

    // ---- CSV and HTML

    @Test
    void csvIsUtf8WithAByteOrderMarkAndOneRowPerFigureAsAnAttachment() {
        for (ResponseEntity<byte[]> response : List.of(
                bytes("admin", REPORT + "?period=2024-Q3&format=csv", null),
                bytes("admin", REPORT + "?period=2024-Q3", "text/csv"))) {
            assertThat(response.getStatusCode().value()).isEqualTo(200);
            assertThat(response.getHeaders().getContentType().toString()).isEqualTo("text/csv;charset=UTF-8");
            assertThat(response.getHeaders().getFirst(HttpHeaders.CONTENT_DISPOSITION))
                    .isEqualTo("attachment; filename=\"C01-2024-Q3.csv\"");
            byte[] body = response.getBody();
            assertThat(Arrays.copyOf(body, 3)).containsExactly(0xEF, 0xBB, 0xBF);
            List<String> lines = List.of(new String(body, 3, body.length - 3, StandardCharsets.UTF_8).split("\r\n"));
            assertThat(lines.get(0)).isEqualTo("section,item,value");
            assertThat(lines)
                    .contains(
                            "report,communeCode,C01",
                            "report,communeName,Mỹ Thọ",
                            "report,period,2024-Q3",
                            "report,from,2024-07-01",
                            "report,to,2024-09-30",
                            "atStart,asOf,2024-06-30",
                            "atStart,poor,2",
                            "atEnd,registeredHouseholds,6",
                            "atEnd,newlyEscaped,1",
                            "atEnd,poorRate,0.77",
                            "changes,fellIntoPoverty,1",
                            "changes,escapedPoverty,1",
                            "grants,grants,4",
                            "grants,amount,2276000",
                            "grants.ELECTRICITY_SUPPORT,amount,276000",
                            "loans,disbursedAmount,20000000",
                            "loans,repayments,3",
                            "loans,repaidAmount,17000000");
            assertThat(lines).allSatisfy(line -> assertThat(line.split(",", -1)).hasSize(3));
        }
    }

    @Test
    void htmlIsAPrintablePageWithTheFigures() {
        for (ResponseEntity<byte[]> response : List.of(
                bytes("admin", REPORT + "?period=2024-Q3&format=html", null),
                bytes(
                        "admin",
                        REPORT + "?period=2024-Q3",
                        "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"))) {
            assertThat(response.getStatusCode().value()).isEqualTo(200);
            assertThat(response.getHeaders().getContentType().toString()).isEqualTo("text/html;charset=UTF-8");
            assertThat(response.getHeaders().getFirst("Content-Security-Policy"))
                    .contains("default-src 'none'");
            String html = new String(response.getBody(), StandardCharsets.UTF_8);
            assertThat(html)
                    .contains(
                            "<!DOCTYPE html>",
                            "@media print",
                            "Mỹ Thọ (C01)",
                            "2024-Q3",
                            "01/07/2024",
                            "30/09/2024",
                            "30/06/2024",
                            "0,77 %",
                            "2.276.000",
                            "276.000",
                            "17.000.000",
                            "20.000.000",
                            "Hộ nghèo phát sinh",
                            "Fell into poverty");
            assertThat(html).doesNotContain("<script", "<link", "http://", "https://");
        }
    }

    @Test
    void htmlEscapesTheCommuneName() {
        ResponseEntity<byte[]> response =
                bytes("admin", "/api/reports/communes/C03/periodic?period=2024&format=html", null);

        String html = new String(response.getBody(), StandardCharsets.UTF_8);
        assertThat(html).contains("Xã &lt;b&gt;Thử&lt;/b&gt; &amp; &quot;Nghiệm&quot;");
        assertThat(html).doesNotContain("<b>Thử</b>");
    }

    @Test
    void theOpenApiDocumentDescribesTheFiguresAndTheThreeFormats() {
        ResponseEntity<String> response = exchange(null, "/v3/api-docs", null);
        assertThat(response.getStatusCode().value()).isEqualTo(200);

        JsonNode operation = parse(response.getBody())
                .get("paths")
                .get("/api/reports/communes/{code}/periodic")
                .get("get");
        assertThat(operation.get("description").asText())
                .contains("day before `from`", "fellIntoPoverty", "newlyEscaped", "byte-order mark");
        assertThat(operation.get("responses").get("200").get("content").fieldNames())
                .toIterable()
                .contains("application/json", "text/csv", "text/html");
        assertThat(operation.get("parameters"))
                .extracting(p -> p.get("name").asText())
                .contains("code", "period", "knownAt", "format");
    }

    // ---- access and bad input

    @Test
    void everyRoleMayReadItAndACommuneOfficerOnlyForItsOwnCommunes() {
        for (String user : List.of("admin", "district", "bank", "auditor", "officer-c01")) {
            assertThat(exchange(user, REPORT + "?period=2024-Q3", null)
                            .getStatusCode()
                            .value())
                    .as(user)
                    .isEqualTo(200);
        }
        JsonNode own =
                parse(exchange("officer-c01", REPORT + "?period=2024-Q3", null).getBody());
        assertThat(figures(own.get("atEnd"))).isEqualTo("2024-09-30 6 2 2 1 1 1 260 0.77 0.77");

        ResponseEntity<String> other = exchange("officer-c02", REPORT + "?period=2024-Q3", null);
        ResponseEntity<String> unknown =
                exchange("officer-c02", "/api/reports/communes/C99/periodic?period=2024-Q3", null);
        assertProblem(other, 404, "/problems/not-found");
        assertProblem(unknown, 404, "/problems/not-found");
        // the refusal tells nothing more than an unknown commune would
        assertThat(parse(other.getBody()).get("detail").asText().replace("C01", "?"))
                .isEqualTo(parse(unknown.getBody()).get("detail").asText().replace("C99", "?"));
        assertProblem(exchange("officer-c02", REPORT + "?period=2024-Q3&format=csv", null), 404, "/problems/not-found");
        assertThat(exchange(null, REPORT + "?period=2024-Q3", null)
                        .getStatusCode()
                        .value())
                .isEqualTo(401);
    }

    @Test
    void unknownCommuneIsNotFound() {
        assertProblem(
                exchange("admin", "/api/reports/communes/C99/periodic?period=2024-Q3", null),
                404,
                "/problems/not-found");
    }

    @ParameterizedTest(name = "period={0}")
    @ValueSource(strings = {"2024-Q5", "2024-13", "abc", "2024-00", "24", "2024-7", "%20"})
    void badPeriodIsAValidationProblem(String period) {
        JsonNode problem =
                assertProblem(exchange("admin", REPORT + "?period=" + period, null), 400, "/problems/validation");

        assertThat(problem.get("errors"))
                .extracting(e -> e.get("field").asText())
                .containsExactly("period");
    }

    @Test
    void missingPeriodBadFormatOrBadKnownAtAreValidationProblemsWhateverTheAcceptedType() {
        assertThat(fieldsOf(assertProblem(exchange("admin", REPORT, null), 400, "/problems/validation")))
                .containsExactly("period");
        assertThat(fieldsOf(assertProblem(
                        exchange("admin", REPORT + "?period=2024&format=pdf", null), 400, "/problems/validation")))
                .containsExactly("format");
        assertThat(fieldsOf(assertProblem(
                        exchange("admin", REPORT + "?period=2024&knownAt=yesterday", null),
                        400,
                        "/problems/validation")))
                .containsExactly("knownAt");
        assertProblem(exchange("admin", REPORT + "?period=2024-Q5", "text/csv"), 400, "/problems/validation");
        assertProblem(exchange("admin", REPORT + "?period=2024-Q5", "text/html"), 400, "/problems/validation");
        // a bad period of an unknown commune: the period is checked first
        assertProblem(
                exchange("admin", "/api/reports/communes/C99/periodic?period=2024-13", null),
                400,
                "/problems/validation");
    }

    // ---- the history

    /** A household of C01 registered on 2021-03-01. */
    private String household(String headName, String nationalId) {
        return history.household("C01", AreaType.URBAN, "Khóm 1", headName, nationalId, false);
    }

    /** An assessment (the day before is enough) recognised on {@code decidedOn}. */
    private AssessmentId decide(
            String household, int period, String decidedOn, HouseholdStatus status, HouseholdStatus previous) {
        int deprivations = status == HouseholdStatus.POOR ? 3 : status == HouseholdStatus.NEAR_POOR ? 1 : 0;
        long income = status == HouseholdStatus.NOT_POOR ? 3_000_000 : 1_500_000;
        AssessmentId assessment = history.assess(
                household,
                period,
                AssessmentKind.ADHOC,
                LocalDate.parse(decidedOn).minusDays(5).toString(),
                income,
                deprivations,
                status);
        history.recognize(household, assessment, "QĐ-" + decidedOn, decidedOn, status, previous);
        return assessment;
    }

    /** A grant recorded the day after it starts, with an amount. */
    private String grant(String household, String policyCode, String validFrom, String validTo, long amount) {
        GrantId id = GrantId.of(UUID.randomUUID());
        history.record(
                "Household",
                household,
                LocalDate.parse(validFrom).plusDays(1) + "T02:00:00Z",
                new PolicyGrantedEvent(
                        HouseholdId.of(household),
                        id,
                        policyCode,
                        LocalDate.parse(validFrom),
                        LocalDate.parse(validTo),
                        "G-" + policyCode,
                        amount));
        return id.value();
    }

    /** Every event reached its projection (the pooled processors work in parallel segments), bounded to 10 s. */
    private void awaitProjected() {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            // status facts: H1 2, H2 2, H3 1 + correction, H4 1, H6 2, H7 1; loan facts: L1 6, L2 3, L3 3
            boolean done = count("q_commune") == 3
                    && count("q_commune_household_count") == 7
                    && count("q_household") == 7
                    && count("q_status_fact") == 10
                    && count("q_grant") == 8
                    && count("q_grant_end") == 1
                    && count("q_loan") == 3
                    && count("q_loan_event") == 12;
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

    // ---- reading the report

    /** "asOf registered poor nearPoor notPoor newlyEscaped unclassified totalHouseholds poorRate nearPoorRate". */
    private static String figures(JsonNode f) {
        return String.join(
                " ",
                f.get("asOf").asText(),
                f.get("registeredHouseholds").asText(),
                f.get("poor").asText(),
                f.get("nearPoor").asText(),
                f.get("notPoor").asText(),
                f.get("newlyEscaped").asText(),
                f.get("unclassified").asText(),
                f.get("totalHouseholds").asText(),
                f.get("poorRate").decimalValue().toPlainString(),
                f.get("nearPoorRate").decimalValue().toPlainString());
    }

    /** "fellIntoPoverty escapedPoverty fellIntoNearPoverty escapedNearPoverty". */
    private static String changes(JsonNode report) {
        JsonNode c = report.get("changes");
        return c.get("fellIntoPoverty").asText() + " " + c.get("escapedPoverty").asText() + " "
                + c.get("fellIntoNearPoverty").asText() + " "
                + c.get("escapedNearPoverty").asText();
    }

    /** "grants amount" then "POLICY grants amount" for each policy with grants or a zero row of the first three. */
    private static String grants(JsonNode report) {
        JsonNode g = report.get("grants");
        List<String> policies = StreamSupport.stream(g.get("policies").spliterator(), false)
                .filter(p -> p.get("grants").asLong() > 0
                        || List.of("HEALTH_INSURANCE_FULL", "HEALTH_INSURANCE_PARTIAL", "ELECTRICITY_SUPPORT")
                                .contains(p.get("policyCode").asText()))
                .map(p -> p.get("policyCode").asText() + " " + p.get("grants").asLong() + " "
                        + p.get("amount").asLong())
                .toList();
        return g.get("grants").asLong() + " " + g.get("amount").asLong() + " " + String.join(", ", policies);
    }

    /** "disbursedLoans disbursedAmount repayments repaidAmount settledLoans writtenOffLoans writtenOffAmount". */
    private static String loans(JsonNode report) {
        JsonNode l = report.get("loans");
        return String.join(
                " ",
                l.get("disbursedLoans").asText(),
                l.get("disbursedAmount").asText(),
                l.get("repayments").asText(),
                l.get("repaidAmount").asText(),
                l.get("settledLoans").asText(),
                l.get("writtenOffLoans").asText(),
                l.get("writtenOffAmount").asText());
    }

    private static List<String> fieldsOf(JsonNode problem) {
        return StreamSupport.stream(problem.get("errors").spliterator(), false)
                .map(e -> e.get("field").asText())
                .toList();
    }

    // ---- HTTP and JSON

    private JsonNode get(String path) {
        ResponseEntity<String> response = exchange("admin", path, null);
        assertThat(response.getStatusCode().value())
                .as("GET %s: %s", path, response.getBody())
                .isEqualTo(200);
        assertThat(response.getHeaders().getContentType().isCompatibleWith(MediaType.APPLICATION_JSON))
                .isTrue();
        return parse(response.getBody());
    }

    private ResponseEntity<String> exchange(String user, String path, String accept) {
        return rest.exchange(path, HttpMethod.GET, new HttpEntity<>(headers(user, accept)), String.class);
    }

    private ResponseEntity<byte[]> bytes(String user, String path, String accept) {
        return rest.exchange(path, HttpMethod.GET, new HttpEntity<>(headers(user, accept)), byte[].class);
    }

    private static HttpHeaders headers(String user, String accept) {
        HttpHeaders headers = new HttpHeaders();
        if (user != null) {
            headers.set(HttpHeaders.AUTHORIZATION, TestUsers.basic(user));
        }
        if (accept != null) {
            headers.set(HttpHeaders.ACCEPT, accept);
        }
        return headers;
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
