package vn.poverty.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
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
import vn.poverty.api.loan.LoanState;
import vn.poverty.platform.loan.LoanProgramCatalogue;
import vn.poverty.query.loan.LoanHistory;
import vn.poverty.query.loan.LoanQueries;
import vn.poverty.query.loan.LoanReport;
import vn.poverty.query.loan.LoanReportQueries;
import vn.poverty.query.loan.LoanTallies;
import vn.poverty.query.shared.TimeSlice;
import vn.poverty.testsupport.TestDatabase;
import vn.poverty.testsupport.TestUsers;

/**
 * Preferential loans on the query side over HTTP against the app as deployed (real events in the event store on a
 * real PostgreSQL, pooled processors): the loan view, the household's loans and the portfolio report, as of several
 * dates and as known at several instants. The built-in programmes, in catalogue order: POOR_HOUSEHOLD (6.60 %),
 * NEAR_POOR_HOUSEHOLD (7.92 %), NEWLY_ESCAPED_HOUSEHOLD (8.25 %, no loans: a row of zeros). The portfolio, worked by
 * hand (every event recorded on its effective date unless said otherwise):
 *
 * <pre>
 * C01 Mỹ Thọ
 *   H1 POOR  L1 POOR_HOUSEHOLD 30,000,000, 12 months: applied 2023-02-01, approved 02-10, disbursed 03-01
 *            due 15,000,000 on 2023-09-01 and 2024-03-01; repaid 15,000,000 on 2023-08-25, 15,000,000 on
 *            2023-12-15: settled early on 2023-12-15
 *   H2 NEAR_POOR  L2 NEAR_POOR_HOUSEHOLD 40,000,000, 24 months: applied 2023-03-01, approved 03-10, disbursed 04-01
 *            due 10,000,000 on 2023-10-01, 2024-04-01, 2024-10-01, 2025-04-01; repaid 10,000,000 on 2023-09-28;
 *            missed 2024-04-01 (overdue check 04-02); repaid 6,000,000 on 2024-05-20, recorded late on 2024-06-10
 * C02 Mỹ Hội
 *   H3 POOR  L3 POOR_HOUSEHOLD 20,000,000, 36 months: applied 2023-01-15, approved 01-20, disbursed 02-01
 *            due 3,333,333 on 2023-08-01, 2024-02-01, 2024-08-01, 2025-02-01, 2025-08-01 and 3,333,335 on
 *            2026-02-01; repaid 3,333,333 on 2023-08-01; missed 2024-02-01 (overdue check 02-02); written off on
 *            2024-06-30 (16,666,667 given up), recorded 2024-07-02
 *   H4 POOR  L4 POOR_HOUSEHOLD 25,000,000, 24 months: applied 2023-05-02, rejected 2023-05-15
 *
 * as of        C01 POOR (L1)        C01 NEAR_POOR (L2)               C02 POOR (L3)
 * 2023-01-31   -                    -                                -  (L3 approved only)
 * 2023-03-15   1 30,000,000         -  (approved only)               1 20,000,000
 * 2023-07-31   1 30,000,000         1 40,000,000                     1 20,000,000
 * 2023-08-01   1 30,000,000         1 40,000,000                     1 16,666,667 (paid on the due date)
 * 2023-12-15   - (settled)          1 30,000,000                     1 16,666,667
 * 2024-02-01   -                    1 30,000,000                     1 16,666,667 overdue 3,333,333
 * 2024-04-01   -                    1 30,000,000 overdue 10,000,000  1 16,666,667 overdue 3,333,333
 * 2024-05-31   -                    1 24,000,000 overdue  4,000,000  1 16,666,667 overdue 3,333,333
 *   known 06-01                     1 30,000,000 overdue 10,000,000
 * 2024-06-30   -                    1 24,000,000 overdue  4,000,000  - (written off)
 *   known 07-01                                                      1 16,666,667 overdue 3,333,333
 * 2024-10-01   -                    1 24,000,000 overdue 14,000,000  -
 * </pre>
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LoansIT {

    private static final TestDatabase.Database DB = TestDatabase.create();
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false);

    private static final String POOR = "POOR_HOUSEHOLD";
    private static final String NEAR_POOR = "NEAR_POOR_HOUSEHOLD";
    private static final String ESCAPED = "NEWLY_ESCAPED_HOUSEHOLD";

    /** Before L2's repayment of 2024-05-20 was recorded (2024-06-10). */
    private static final String BEFORE_LATE_REPAYMENT = "2024-06-01T00:00:00Z";
    /** Before L3's write-off of 2024-06-30 was recorded (2024-07-02). */
    private static final String BEFORE_WRITE_OFF_RECORDED = "2024-07-01T00:00:00Z";
    /** Before any loan was applied for (L3, 2023-01-15 03:00Z). */
    private static final String BEFORE_ANY_LOAN = "2023-01-10T00:00:00Z";

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

    @Autowired
    private LoanQueries loanQueries;

    @Autowired
    private LoanReportQueries reportQueries;

    @Autowired
    private LoanTallies loanTallies;

    @Autowired
    private LoanProgramCatalogue catalogue;

    private final EventHistory history = new EventHistory();

    private String h1;
    private String h2;
    private String h3;
    private String h4;
    private String l1;
    private String l2;
    private String l3;
    private String l4;

    @BeforeAll
    void recordTheHistoryAndAwaitItsProjection() {
        history.commune("C01", "Mỹ Thọ", AreaType.URBAN, 200, 210);
        history.commune("C02", "Mỹ Hội", AreaType.RURAL, 400, 420);

        h1 = household("C01", AreaType.URBAN, "Khóm 1", "Nguyễn Văn An", "087100000001", HouseholdStatus.POOR);
        h2 = household("C01", AreaType.URBAN, "Khóm 2", "Trần Thị Bình", "087100000002", HouseholdStatus.NEAR_POOR);
        h3 = household("C02", AreaType.RURAL, "Ấp 1", "Võ Văn Em", "079100000003", HouseholdStatus.POOR);
        h4 = household("C02", AreaType.RURAL, "Ấp 2", "Đặng Thị Giang", "079100000004", HouseholdStatus.POOR);

        l1 = history.applyForLoan(h1, "C01", POOR, "6.60", 30_000_000, 12, "2023-02-01", HouseholdStatus.POOR);
        history.approveLoan(l1, "2023-02-10");
        history.disburseLoan(l1, "2023-03-01");
        history.repayLoan(l1, 15_000_000, "2023-08-25");
        history.repayLoan(l1, 15_000_000, "2023-12-15");

        l2 = history.applyForLoan(
                h2, "C01", NEAR_POOR, "7.92", 40_000_000, 24, "2023-03-01", HouseholdStatus.NEAR_POOR);
        history.approveLoan(l2, "2023-03-10");
        history.disburseLoan(l2, "2023-04-01");
        history.repayLoan(l2, 10_000_000, "2023-09-28");
        history.loanFellOverdue(l2, "2024-04-02", "2024-04-01", 10_000_000);
        history.repayLoan(l2, 6_000_000, "2024-05-20", "2024-06-10T03:00:00Z");

        l3 = history.applyForLoan(h3, "C02", POOR, "6.60", 20_000_000, 36, "2023-01-15", HouseholdStatus.POOR);
        history.approveLoan(l3, "2023-01-20");
        history.disburseLoan(l3, "2023-02-01");
        history.repayLoan(l3, 3_333_333, "2023-08-01");
        history.loanFellOverdue(l3, "2024-02-02", "2024-02-01", 3_333_333);
        history.writeOffLoan(l3, "2024-06-30", "2024-07-02T03:00:00Z");

        l4 = history.applyForLoan(h4, "C02", POOR, "6.60", 25_000_000, 24, "2023-05-02", HouseholdStatus.POOR);
        history.rejectLoan(l4, "2023-05-15");

        history.publishTo(eventStore);
        awaitProjected();
    }

    // ---- GET /api/loans/{id}

    @Test
    void loanBeforeItsApplicationDateOrBeforeItWasRecordedIsNotFound() {
        assertProblem(exchange("admin", "/api/loans/" + l1 + "?asOf=2023-01-31"), 404, "/problems/not-found");
        assertProblem(exchange("admin", "/api/loans/" + l4 + "?asOf=2023-05-01"), 404, "/problems/not-found");
        assertProblem(
                exchange("admin", "/api/loans/" + l1 + "?asOf=2024-01-01&knownAt=" + BEFORE_ANY_LOAN),
                404,
                "/problems/not-found");
        assertProblem(exchange("admin", "/api/loans/" + UUID.randomUUID()), 404, "/problems/not-found");
    }

    @Test
    void appliedThenApprovedLoanOwesNothingAndHasNoScheduleYet() {
        JsonNode applied = get("/api/loans/" + l1 + "?asOf=2023-02-01");
        JsonNode approved = get("/api/loans/" + l1 + "?asOf=2023-02-28");

        assertThat(applied.get("loanId").asText()).isEqualTo(l1);
        assertThat(applied.get("householdId").asText()).isEqualTo(h1);
        assertThat(applied.get("communeCode").asText()).isEqualTo("C01");
        assertThat(applied.get("programCode").asText()).isEqualTo(POOR);
        assertThat(applied.get("principal").asLong()).isEqualTo(30_000_000);
        // the exact decimal, with its scale
        assertThat(applied.get("annualRatePercent").decimalValue()).isEqualTo(new BigDecimal("6.60"));
        assertThat(applied.get("termMonths").asInt()).isEqualTo(12);
        assertThat(applied.get("appliedOn").asText()).isEqualTo("2023-02-01");
        assertLoan(applied, "APPLIED", 0, false, 0);
        assertThat(applied.get("disbursedOn").isNull()).isTrue();
        assertThat(applied.get("schedule")).isEmpty();
        assertThat(applied.get("repayments")).isEmpty();
        assertLoan(approved, "APPROVED", 0, false, 0);
        assertThat(approved.get("schedule")).isEmpty();
    }

    @Test
    void disbursedLoanShowsItsScheduleAndTheRepaymentsPaidByTheDate() {
        JsonNode disbursed = get("/api/loans/" + l1 + "?asOf=2023-03-01");
        JsonNode afterFirstDue = get("/api/loans/" + l1 + "?asOf=2023-09-01");

        assertLoan(disbursed, "DISBURSED", 30_000_000, false, 0);
        assertThat(disbursed.get("disbursedOn").asText()).isEqualTo("2023-03-01");
        assertThat(instalments(disbursed)).containsExactly("2023-09-01 15000000", "2024-03-01 15000000");
        assertThat(disbursed.get("repayments")).isEmpty();
        // the first instalment was paid a week early
        assertLoan(afterFirstDue, "DISBURSED", 15_000_000, false, 0);
        assertThat(repayments(afterFirstDue)).containsExactly("2023-08-25 15000000");
    }

    @Test
    void loanRepaidBeforeItsLastDueDateIsSettledFromTheLastRepayment() {
        JsonNode dayBefore = get("/api/loans/" + l1 + "?asOf=2023-12-14");
        JsonNode settled = get("/api/loans/" + l1 + "?asOf=2023-12-15");
        JsonNode afterTheTerm = get("/api/loans/" + l1 + "?asOf=2024-03-01");

        assertLoan(dayBefore, "DISBURSED", 15_000_000, false, 0);
        assertLoan(settled, "SETTLED", 0, false, 0);
        assertLoan(afterTheTerm, "SETTLED", 0, false, 0);
        assertThat(repayments(afterTheTerm)).containsExactly("2023-08-25 15000000", "2023-12-15 15000000");
        assertThat(instalments(afterTheTerm)).hasSize(2);
    }

    @Test
    void missedInstalmentIsOverdueFromItsDueDateUntilRepaid() {
        assertLoan(get("/api/loans/" + l2 + "?asOf=2023-10-01"), "DISBURSED", 30_000_000, false, 0);
        assertLoan(get("/api/loans/" + l2 + "?asOf=2024-03-31"), "DISBURSED", 30_000_000, false, 0);
        assertLoan(get("/api/loans/" + l2 + "?asOf=2024-04-01"), "DISBURSED", 30_000_000, true, 10_000_000);
        JsonNode partlyRepaid = get("/api/loans/" + l2 + "?asOf=2024-05-31");
        assertLoan(partlyRepaid, "DISBURSED", 24_000_000, true, 4_000_000);
        assertThat(repayments(partlyRepaid)).containsExactly("2023-09-28 10000000", "2024-05-20 6000000");
        assertThat(partlyRepaid.get("annualRatePercent").decimalValue()).isEqualTo(new BigDecimal("7.92"));
        // the third instalment falls due unpaid too; after the term everything still owed is overdue
        assertLoan(get("/api/loans/" + l2 + "?asOf=2024-10-01"), "DISBURSED", 24_000_000, true, 14_000_000);
        assertLoan(get("/api/loans/" + l2 + "?asOf=2025-04-01"), "DISBURSED", 24_000_000, true, 24_000_000);
    }

    @Test
    void repaymentRecordedLateIsNotKnownBeforeItWasRecorded() {
        JsonNode known = get("/api/loans/" + l2 + "?asOf=2024-05-31&knownAt=" + BEFORE_LATE_REPAYMENT);

        assertLoan(known, "DISBURSED", 30_000_000, true, 10_000_000);
        assertThat(repayments(known)).containsExactly("2023-09-28 10000000");
    }

    @Test
    void lastInstalmentTakesTheRemainder() {
        JsonNode loan = get("/api/loans/" + l3 + "?asOf=2023-02-01");

        assertThat(instalments(loan))
                .containsExactly(
                        "2023-08-01 3333333",
                        "2024-02-01 3333333",
                        "2024-08-01 3333333",
                        "2025-02-01 3333333",
                        "2025-08-01 3333333",
                        "2026-02-01 3333335");
        // repaid on its due date: not overdue that day
        assertLoan(get("/api/loans/" + l3 + "?asOf=2023-08-01"), "DISBURSED", 16_666_667, false, 0);
        assertLoan(get("/api/loans/" + l3 + "?asOf=2024-01-31"), "DISBURSED", 16_666_667, false, 0);
        assertLoan(get("/api/loans/" + l3 + "?asOf=2024-02-01"), "DISBURSED", 16_666_667, true, 3_333_333);
    }

    @Test
    void writtenOffLoanOwesNothingFromTheWriteOffDateOnceTheWriteOffIsKnown() {
        JsonNode dayBefore = get("/api/loans/" + l3 + "?asOf=2024-06-29");
        JsonNode writtenOff = get("/api/loans/" + l3 + "?asOf=2024-06-30");
        JsonNode notYetKnown = get("/api/loans/" + l3 + "?asOf=2024-06-30&knownAt=" + BEFORE_WRITE_OFF_RECORDED);

        assertLoan(dayBefore, "DISBURSED", 16_666_667, true, 3_333_333);
        assertLoan(writtenOff, "WRITTEN_OFF", 0, false, 0);
        assertThat(repayments(writtenOff)).containsExactly("2023-08-01 3333333");
        assertThat(instalments(writtenOff)).hasSize(6);
        assertLoan(notYetKnown, "DISBURSED", 16_666_667, true, 3_333_333);
    }

    @Test
    void rejectedLoanIsAppliedUntilItsRejectionDate() {
        assertLoan(get("/api/loans/" + l4 + "?asOf=2023-05-14"), "APPLIED", 0, false, 0);
        JsonNode rejected = get("/api/loans/" + l4 + "?asOf=2025-01-01");
        assertLoan(rejected, "REJECTED", 0, false, 0);
        assertThat(rejected.get("disbursedOn").isNull()).isTrue();
        assertThat(rejected.get("schedule")).isEmpty();
    }

    // ---- the household's loans

    @Test
    void householdListsItsLoansAppliedForByTheDateInTheirStateOnThatDate() {
        assertThat(loans(get("/api/households/" + h1 + "?asOf=2023-01-31"))).isEmpty();
        assertThat(loans(get("/api/households/" + h1 + "?asOf=2023-02-05")))
                .containsExactly(l1 + " " + POOR + " APPLIED 0 false");
        assertThat(loans(get("/api/households/" + h1 + "?asOf=2023-06-30")))
                .containsExactly(l1 + " " + POOR + " DISBURSED 30000000 false");
        assertThat(loans(get("/api/households/" + h1 + "?asOf=2024-01-01")))
                .containsExactly(l1 + " " + POOR + " SETTLED 0 false");
        assertThat(loans(get("/api/households/" + h2 + "?asOf=2024-05-31")))
                .containsExactly(l2 + " " + NEAR_POOR + " DISBURSED 24000000 true");
        assertThat(loans(get("/api/households/" + h2 + "?asOf=2024-05-31&knownAt=" + BEFORE_LATE_REPAYMENT)))
                .containsExactly(l2 + " " + NEAR_POOR + " DISBURSED 30000000 true");
    }

    @Test
    void householdListShowsTheLoansOfEachHousehold() {
        JsonNode page = get("/api/households?communeCode=C02&asOf=2024-02-01");

        assertThat(page.get("items"))
                .extracting(i -> i.get("householdId").asText())
                .containsExactly(h3, h4);
        assertThat(loans(page.get("items").get(0))).containsExactly(l3 + " " + POOR + " DISBURSED 16666667 true");
        assertThat(loans(page.get("items").get(1))).containsExactly(l4 + " " + POOR + " REJECTED 0 false");
    }

    // ---- GET /api/reports/loans

    @Test
    void portfolioBeforeAnyDisbursementHasARowOfZerosForEveryProgrammeAndCommune() {
        JsonNode report = get("/api/reports/loans?asOf=2023-01-31");

        assertThat(report.get("asOf").asText()).isEqualTo("2023-01-31");
        assertPrograms(report, POOR + " 0 0 0 0", NEAR_POOR + " 0 0 0 0", ESCAPED + " 0 0 0 0");
        assertThat(report.get("communes"))
                .extracting(
                        c -> c.get("communeCode").asText() + " " + c.get("name").asText())
                .containsExactly("C01 Mỹ Thọ", "C02 Mỹ Hội");
        assertPrograms(commune(report, "C01"), POOR + " 0 0 0 0", NEAR_POOR + " 0 0 0 0", ESCAPED + " 0 0 0 0");
        assertPrograms(commune(report, "C02"), POOR + " 0 0 0 0", NEAR_POOR + " 0 0 0 0", ESCAPED + " 0 0 0 0");
    }

    @ParameterizedTest(name = "as of {0}")
    @CsvSource(
            delimiter = '|',
            value = {
                // asOf      | C01 POOR                      | C01 NEAR_POOR                 | C02 POOR
                "2023-03-15 | 1 30000000 0 0                | 0 0 0 0                       | 1 20000000 0 0",
                "2023-07-31 | 1 30000000 0 0                | 1 40000000 0 0                | 1 20000000 0 0",
                "2023-08-01 | 1 30000000 0 0                | 1 40000000 0 0                | 1 16666667 0 0",
                "2023-12-14 | 1 15000000 0 0                | 1 30000000 0 0                | 1 16666667 0 0",
                "2023-12-15 | 0 0 0 0                       | 1 30000000 0 0                | 1 16666667 0 0",
                "2024-01-31 | 0 0 0 0                       | 1 30000000 0 0                | 1 16666667 0 0",
                "2024-02-01 | 0 0 0 0                       | 1 30000000 0 0                | 1 16666667 1 3333333",
                "2024-03-31 | 0 0 0 0                       | 1 30000000 0 0                | 1 16666667 1 3333333",
                "2024-04-01 | 0 0 0 0                       | 1 30000000 1 10000000         | 1 16666667 1 3333333",
                "2024-05-31 | 0 0 0 0                       | 1 24000000 1 4000000          | 1 16666667 1 3333333",
                "2024-06-29 | 0 0 0 0                       | 1 24000000 1 4000000          | 1 16666667 1 3333333",
                "2024-06-30 | 0 0 0 0                       | 1 24000000 1 4000000          | 0 0 0 0",
                "2024-10-01 | 0 0 0 0                       | 1 24000000 1 14000000         | 0 0 0 0",
            })
    void portfolioOnADate(String asOf, String c01Poor, String c01NearPoor, String c02Poor) {
        JsonNode report = get("/api/reports/loans?asOf=" + asOf);

        assertThat(report.get("asOf").asText()).isEqualTo(asOf);
        assertPrograms(
                commune(report, "C01"), POOR + " " + c01Poor, NEAR_POOR + " " + c01NearPoor, ESCAPED + " 0 0 0 0");
        assertPrograms(commune(report, "C02"), POOR + " " + c02Poor, NEAR_POOR + " 0 0 0 0", ESCAPED + " 0 0 0 0");
        // the district sums the communes
        assertPrograms(report, POOR + " " + sum(c01Poor, c02Poor), NEAR_POOR + " " + c01NearPoor, ESCAPED + " 0 0 0 0");
    }

    @Test
    void portfolioAsKnownBeforeALateRepaymentAndALateWriteOffWereRecorded() {
        assertPrograms(
                get("/api/reports/loans?asOf=2024-05-31&knownAt=" + BEFORE_LATE_REPAYMENT),
                POOR + " 1 16666667 1 3333333",
                NEAR_POOR + " 1 30000000 1 10000000",
                ESCAPED + " 0 0 0 0");
        assertPrograms(
                get("/api/reports/loans?asOf=2024-06-30&knownAt=" + BEFORE_WRITE_OFF_RECORDED),
                POOR + " 1 16666667 1 3333333",
                NEAR_POOR + " 1 24000000 1 4000000",
                ESCAPED + " 0 0 0 0");
        // nothing known yet: no loans, and no communes either
        JsonNode nothing = get("/api/reports/loans?asOf=2024-06-30&knownAt=2022-01-01T00:00:00Z");
        assertPrograms(nothing, POOR + " 0 0 0 0", NEAR_POOR + " 0 0 0 0", ESCAPED + " 0 0 0 0");
        assertThat(nothing.get("communes")).isEmpty();
    }

    @Test
    void portfolioOfOneCommuneHasThatCommuneAsTheDistrictFigures() {
        JsonNode report = get("/api/reports/loans?asOf=2024-04-01&communeCode=C02");

        assertThat(report.get("communes"))
                .extracting(c -> c.get("communeCode").asText())
                .containsExactly("C02");
        assertPrograms(report, POOR + " 1 16666667 1 3333333", NEAR_POOR + " 0 0 0 0", ESCAPED + " 0 0 0 0");
        assertProblem(exchange("admin", "/api/reports/loans?communeCode=C99"), 404, "/problems/not-found");
    }

    /**
     * The report sums in SQL what {@link LoanHistory} computes in Java with {@code RepaymentSchedule}: both agree on
     * every day from before the first application to after the last due date, as known now and at two past instants.
     */
    @Test
    void reportAgreesWithTheLoansOnEveryDay() {
        // as known now the report adds up the loan tallies; as known at the two past instants it reads the
        // bitemporal tables: both forms are checked against the Java rule
        assertThat(loanTallies.current(Instant.now())).isTrue();
        assertThat(loanTallies.current(Instant.parse(BEFORE_LATE_REPAYMENT))).isFalse();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM q_loan_tally_delta", Long.class))
                .isPositive();
        List<LoanReport.Commune> communes =
                List.of(new LoanReport.Commune("C01", "Mỹ Thọ"), new LoanReport.Commune("C02", "Mỹ Hội"));
        for (Instant knownAt : List.of(
                Instant.now(), Instant.parse(BEFORE_LATE_REPAYMENT), Instant.parse(BEFORE_WRITE_OFF_RECORDED))) {
            List<LoanHistory> loans = List.of(l1, l2, l3, l4).stream()
                    .map(id -> loanQueries.history(id, knownAt).orElseThrow())
                    .toList();
            for (LocalDate day = LocalDate.parse("2023-01-01");
                    !day.isAfter(LocalDate.parse("2026-03-01"));
                    day = day.plusDays(1)) {
                List<LoanReport.Tally> tallies = new ArrayList<>();
                for (LoanHistory loan : loans) {
                    if (loan.existsOn(day) && loan.stateOn(day) == LoanState.DISBURSED) {
                        long overdue = loan.overdueAmountOn(day);
                        tallies.add(new LoanReport.Tally(
                                loan.loan().communeCode(),
                                new LoanReport.ProgramFigures(
                                        loan.loan().programCode(),
                                        1,
                                        loan.outstandingOn(day),
                                        overdue > 0 ? 1 : 0,
                                        overdue)));
                    }
                }
                assertThat(reportQueries.report(communes, new TimeSlice(day, knownAt)))
                        .as("as of %s known at %s", day, knownAt)
                        .isEqualTo(LoanReport.of(day, catalogue.codes(), communes, tallies));
            }
        }
    }

    // ---- who sees what

    @Test
    void communeOfficerSeesTheLoansOfItsCommuneOnly() {
        assertThat(getAs("officer-c01", "/api/loans/" + l1 + "?asOf=2023-06-30")
                        .get("state")
                        .asText())
                .isEqualTo("DISBURSED");
        JsonNode other = assertProblem(exchange("officer-c01", "/api/loans/" + l3), 404, "/problems/not-found");
        String unknownId = UUID.randomUUID().toString();
        JsonNode unknown =
                assertProblem(exchange("officer-c01", "/api/loans/" + unknownId), 404, "/problems/not-found");
        // the same answer as for a loan that does not exist: no hint that it does
        assertThat(other.get("detail").asText().replace(l3, "?"))
                .isEqualTo(unknown.get("detail").asText().replace(unknownId, "?"));
        assertProblem(exchange("officer-c02", "/api/loans/" + l1), 404, "/problems/not-found");
        assertThat(getAs("officer-c02", "/api/loans/" + l4 + "?asOf=2023-06-30")
                        .get("state")
                        .asText())
                .isEqualTo("REJECTED");
    }

    @Test
    void communeOfficersPortfolioIsThatOfItsCommunes() {
        JsonNode report = getAs("officer-c01", "/api/reports/loans?asOf=2024-04-01");

        assertThat(report.get("communes"))
                .extracting(c -> c.get("communeCode").asText())
                .containsExactly("C01");
        assertPrograms(report, POOR + " 0 0 0 0", NEAR_POOR + " 1 30000000 1 10000000", ESCAPED + " 0 0 0 0");
        assertProblem(exchange("officer-c01", "/api/reports/loans?communeCode=C02"), 404, "/problems/not-found");
    }

    @Test
    void bankOfficerSeesEveryLoanAndTheWholePortfolio() {
        for (String loan : List.of(l1, l2, l3, l4)) {
            assertThat(getAs("bank", "/api/loans/" + loan + "?asOf=2024-01-01")
                            .get("loanId")
                            .asText())
                    .isEqualTo(loan);
        }
        JsonNode report = getAs("bank", "/api/reports/loans?asOf=2024-04-01");
        assertThat(report.get("communes"))
                .extracting(c -> c.get("communeCode").asText())
                .containsExactly("C01", "C02");
        assertPrograms(
                report, POOR + " 1 16666667 1 3333333", NEAR_POOR + " 1 30000000 1 10000000", ESCAPED + " 0 0 0 0");
    }

    // ---- bad requests

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "/api/loans/{L}?asOf=2023-02-30,                asOf",
        "/api/loans/{L}?knownAt=yesterday,              knownAt",
        "/api/reports/loans?asOf=today,                 asOf",
        "/api/reports/loans?knownAt=2024-06-01,         knownAt",
    })
    void invalidParameterIsAValidationProblemNamingIt(String path, String field) {
        JsonNode problem = assertProblem(exchange("admin", path.replace("{L}", l1)), 400, "/problems/validation");

        assertThat(problem.get("errors"))
                .extracting(e -> e.get("field").asText())
                .containsExactly(field);
    }

    // ---- the history

    /** A household of {@code commune} recognised as {@code status} on 2022-12-15. */
    private String household(
            String commune,
            AreaType areaType,
            String hamlet,
            String headName,
            String nationalId,
            HouseholdStatus status) {
        String id = history.household(commune, areaType, hamlet, headName, nationalId, false);
        int deprivations = status == HouseholdStatus.POOR ? 3 : 1;
        AssessmentId assessment =
                history.assess(id, 2023, AssessmentKind.ANNUAL, "2022-11-20", 1_000_000, deprivations, status);
        history.recognize(id, assessment, "QĐ-2022-12-15", "2022-12-15", status, HouseholdStatus.UNCLASSIFIED);
        return id;
    }

    /** Every event reached its projection (the pooled processors work in parallel segments), bounded to 10 s. */
    private void awaitProjected() {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            // facts: L1 5, L2 5, L3 5, L4 1; instalments: 2 + 4 + 6
            boolean done = count("q_commune") == 2
                    && count("q_household") == 4
                    && count("q_status_fact") == 4
                    && count("q_loan") == 4
                    && count("q_loan_event") == 16
                    && count("q_loan_instalment") == 12;
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

    private static void assertLoan(JsonNode loan, String state, long outstanding, boolean overdue, long overdueAmount) {
        assertThat(loan.get("state").asText()).as("state").isEqualTo(state);
        assertThat(loan.get("outstanding").asLong()).as("outstanding").isEqualTo(outstanding);
        assertThat(loan.get("overdue").asBoolean()).as("overdue").isEqualTo(overdue);
        assertThat(loan.get("overdueAmount").asLong()).as("overdueAmount").isEqualTo(overdueAmount);
        // money is whole VND: integers in the JSON
        assertThat(loan.get("outstanding").isIntegralNumber()).isTrue();
        assertThat(loan.get("principal").isIntegralNumber()).isTrue();
    }

    /** {@code expected}: "PROGRAMME active outstanding overdueLoans overdueAmount" per programme, in order. */
    private static void assertPrograms(JsonNode reportOrCommune, String... expected) {
        assertThat(reportOrCommune.get("programs"))
                .extracting(p ->
                        p.get("programCode").asText() + " " + p.get("active").asLong() + " "
                                + p.get("outstanding").asLong() + " "
                                + p.get("overdueLoans").asLong() + " "
                                + p.get("overdueAmount").asLong())
                .containsExactly(expected);
    }

    /** Two "active outstanding overdueLoans overdueAmount" rows added up. */
    private static String sum(String first, String second) {
        String[] a = first.trim().split(" +");
        String[] b = second.trim().split(" +");
        List<String> sums = new ArrayList<>();
        for (int i = 0; i < a.length; i++) {
            sums.add(String.valueOf(Long.parseLong(a[i]) + Long.parseLong(b[i])));
        }
        return String.join(" ", sums);
    }

    /** Each instalment as "dueOn amount". */
    private static List<String> instalments(JsonNode loan) {
        return StreamSupport.stream(loan.get("schedule").spliterator(), false)
                .map(i -> i.get("dueOn").asText() + " " + i.get("amount").asLong())
                .toList();
    }

    /** Each repayment as "paidOn amount". */
    private static List<String> repayments(JsonNode loan) {
        return StreamSupport.stream(loan.get("repayments").spliterator(), false)
                .map(r -> r.get("paidOn").asText() + " " + r.get("amount").asLong())
                .toList();
    }

    /** Each loan of a household as "loanId programCode state outstanding overdue". */
    private static List<String> loans(JsonNode household) {
        return StreamSupport.stream(household.get("loans").spliterator(), false)
                .map(l -> String.join(
                        " ",
                        l.get("loanId").asText(),
                        l.get("programCode").asText(),
                        l.get("state").asText(),
                        String.valueOf(l.get("outstanding").asLong()),
                        String.valueOf(l.get("overdue").asBoolean())))
                .toList();
    }

    private static JsonNode commune(JsonNode report, String code) {
        return StreamSupport.stream(report.get("communes").spliterator(), false)
                .filter(c -> c.get("communeCode").asText().equals(code))
                .findFirst()
                .orElseThrow(() -> new AssertionError("No commune " + code + " in " + report));
    }

    // ---- HTTP and JSON

    /** As the administrator. */
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
