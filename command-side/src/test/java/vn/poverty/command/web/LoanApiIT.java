package vn.poverty.command.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import vn.poverty.command.CommandSideApplication;
import vn.poverty.testsupport.TestDatabase;
import vn.poverty.testsupport.TestUsers;

/**
 * Preferential loans over HTTP (API.md "Loans", DESIGN.md §3 "Preferential loans") against a real PostgreSQL: the
 * whole life of a loan, eligibility on the application date, the programmes' limits, one open loan per programme
 * (also under concurrent applications), problem documents, idempotent retries, the overdue check (ADMIN endpoint and
 * db-scheduler task) and the events that reach the store (or do not). Requests authenticate as {@code bank} (the
 * Social Policy Bank officer) unless a test says otherwise; households are prepared as {@code admin}.
 */
@SpringBootTest(classes = CommandSideApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class LoanApiIT {

    private static final TestDatabase.Database DATABASE = TestDatabase.create();
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static final String EVENTS = "vn.poverty.api.loan.";
    private static final String QUERY_SIDE = "http://query.test:8081";

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", DATABASE::url);
        registry.add("spring.datasource.username", DATABASE::username);
        registry.add("spring.datasource.password", DATABASE::password);
        registry.add("poverty.query-side-url", () -> QUERY_SIDE);
        registry.add("poverty.security.users-file", () -> TestUsers.file().toString());
        registry.add("poverty.security.jwt.hmac-secret", () -> TestUsers.HMAC_SECRET);
    }

    private static final String ADMIN = "admin";
    private static final String BANK = "bank";
    private static final String POOR_HOUSEHOLD = "POOR_HOUSEHOLD";
    private static final String NEAR_POOR_HOUSEHOLD = "NEAR_POOR_HOUSEHOLD";
    private static final String NEWLY_ESCAPED_HOUSEHOLD = "NEWLY_ESCAPED_HOUSEHOLD";

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    // --- the life of a loan ------------------------------------------------------------------------------------

    @Test
    void loanIsAppliedForApprovedDisbursedRepaidAndSettled() {
        String household = poorHousehold();
        long before = eventCount();

        Response applied = post("/api/loans", application(household, POOR_HOUSEHOLD, 10_000_000, 24, "2023-02-01"));

        assertThat(applied.status()).as("body %s", applied.text()).isEqualTo(201);
        String loan = applied.body().path("loanId").asText();
        assertThat(UUID.fromString(loan)).isNotNull();
        assertThat(fieldNames(applied.body())).containsExactlyInAnyOrder("loanId", "annualRatePercent");
        assertThat(applied.body().path("annualRatePercent").isNumber()).isTrue();
        // exactly 6.60: a JSON number with two decimals, not 6.6 nor "6.60"
        assertThat(applied.text()).containsPattern("\"annualRatePercent\"\\s*:\\s*6\\.60\\s*[,}]");
        assertThat(applied.header("Location")).contains(QUERY_SIDE + "/api/loans/" + loan);
        assertThat(eventCount()).isEqualTo(before + 1);
        JsonNode appliedEvent = lastPayloadOf(loan);
        assertThat(appliedEvent.path("loanId").asText()).isEqualTo(loan);
        assertThat(appliedEvent.path("householdId").asText()).isEqualTo(household);
        assertThat(appliedEvent.path("programCode").asText()).isEqualTo(POOR_HOUSEHOLD);
        assertThat(appliedEvent.path("principal").asLong()).isEqualTo(10_000_000);
        assertThat(appliedEvent.path("termMonths").asInt()).isEqualTo(24);
        assertThat(appliedEvent.path("appliedOn").asText()).isEqualTo("2023-02-01");
        assertThat(appliedEvent.path("purpose").asText()).isEqualTo("buy two cows");
        assertThat(appliedEvent.path("householdStatus").asText()).isEqualTo("POOR");
        assertThat(appliedEvent.path("newlyEscaped").isBoolean()).isTrue();
        assertThat(appliedEvent.path("newlyEscaped").asBoolean()).isFalse();
        assertThat(appliedEvent.path("communeCode").asText()).isEqualTo(communeOf(household));
        assertThat(lastPayloadTextOf(loan)).containsPattern("\"annualRatePercent\"\\s*:\\s*6\\.60\\s*[,}]");
        assertThat(lastMetadataOf(loan).path("actor").asText()).isEqualTo(BANK);

        Response approval = post(approval(loan), Map.of("approvedOn", "2023-02-10"));

        assertThat(approval.status()).as("body %s", approval.text()).isEqualTo(200);
        assertThat(approval.body()).isEqualTo(state(loan, "APPROVED", 0));
        assertThat(lastPayloadOf(loan).path("approvedOn").asText()).isEqualTo("2023-02-10");

        Response disbursement = post(disbursement(loan), Map.of("disbursedOn", "2023-03-01"));

        assertThat(disbursement.status()).as("body %s", disbursement.text()).isEqualTo(200);
        assertThat(disbursement.body()).isEqualTo(state(loan, "DISBURSED", 10_000_000));
        JsonNode disbursed = lastPayloadOf(loan);
        assertThat(disbursed.path("disbursedOn").asText()).isEqualTo("2023-03-01");
        assertThat(disbursed.path("schedule"))
                .isEqualTo(tree(List.of(
                        Map.of("dueOn", "2023-09-01", "amount", 2_500_000),
                        Map.of("dueOn", "2024-03-01", "amount", 2_500_000),
                        Map.of("dueOn", "2024-09-01", "amount", 2_500_000),
                        Map.of("dueOn", "2025-03-01", "amount", 2_500_000))));

        Response partial = post(repayments(loan), repayment(4_000_000, "2023-09-01"));

        assertThat(partial.status()).as("body %s", partial.text()).isEqualTo(201);
        assertThat(partial.body()).isEqualTo(state(loan, "DISBURSED", 6_000_000));
        JsonNode repaid = lastPayloadOf(loan);
        assertThat(repaid.path("amount").asLong()).isEqualTo(4_000_000);
        assertThat(repaid.path("paidOn").asText()).isEqualTo("2023-09-01");
        assertThat(repaid.path("outstandingAfter").asLong()).isEqualTo(6_000_000);
        assertThat(registry(loan)).isEqualTo(Map.of("open", true, "disbursed", true));

        Response last = post(repayments(loan), repayment(6_000_000, "2024-01-15"));

        assertThat(last.status()).as("body %s", last.text()).isEqualTo(201);
        assertThat(last.body()).isEqualTo(state(loan, "SETTLED", 0));
        assertThat(eventTypesOf(loan))
                .containsExactly(
                        EVENTS + "LoanAppliedEvent",
                        EVENTS + "LoanApprovedEvent",
                        EVENTS + "LoanDisbursedEvent",
                        EVENTS + "RepaymentRecordedEvent",
                        EVENTS + "RepaymentRecordedEvent",
                        EVENTS + "LoanSettledEvent");
        assertThat(lastPayloadOf(loan).path("settledOn").asText()).isEqualTo("2024-01-15");
        assertThat(registry(loan)).isEqualTo(Map.of("open", false, "disbursed", true));
        assertThat(metadataOf(loan)).extracting(m -> m.path("actor").asText()).containsOnly(BANK);
    }

    @Test
    void adminMayHandleLoansToo() {
        String household = poorHousehold();

        Response applied = post(
                "/api/loans",
                application(household, POOR_HOUSEHOLD, 10_000_000, 24, "2023-02-01"),
                null,
                TestUsers.basic(ADMIN));

        assertThat(applied.status()).as("body %s", applied.text()).isEqualTo(201);
        String loan = applied.body().path("loanId").asText();
        assertThat(post(approval(loan), Map.of("approvedOn", "2023-02-10"), null, TestUsers.basic(ADMIN))
                        .status())
                .isEqualTo(200);
    }

    @Test
    void applicationIsRejectedWithItsReason() {
        String loan = appliedLoan(poorHousehold());

        Response response = post(rejection(loan), Map.of("rejectedOn", "2023-02-05", "reason", "incomplete papers"));

        assertThat(response.status()).as("body %s", response.text()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(state(loan, "REJECTED", 0));
        assertThat(eventTypesOf(loan)).last().isEqualTo(EVENTS + "LoanRejectedEvent");
        JsonNode rejected = lastPayloadOf(loan);
        assertThat(rejected.path("rejectedOn").asText()).isEqualTo("2023-02-05");
        assertThat(rejected.path("reason").asText()).isEqualTo("incomplete papers");
        assertThat(registry(loan)).isEqualTo(Map.of("open", false, "disbursed", false));
    }

    @Test
    void disbursedLoanIsWrittenOffWithTheOutstandingPrincipal() {
        String loan = disbursedLoan(poorHousehold(), 10_000_000, 24, "2023-03-01");
        assertThat(post(repayments(loan), repayment(2_500_000, "2023-09-01")).status())
                .isEqualTo(201);

        Response response = post(writeOff(loan), Map.of("writtenOffOn", "2024-06-01", "reason", "flood"));

        assertThat(response.status()).as("body %s", response.text()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(state(loan, "WRITTEN_OFF", 7_500_000));
        assertThat(eventTypesOf(loan)).last().isEqualTo(EVENTS + "LoanWrittenOffEvent");
        JsonNode writtenOff = lastPayloadOf(loan);
        assertThat(writtenOff.path("writtenOffOn").asText()).isEqualTo("2024-06-01");
        assertThat(writtenOff.path("reason").asText()).isEqualTo("flood");
        assertThat(writtenOff.path("outstanding").asLong()).isEqualTo(7_500_000);
        assertThat(registry(loan)).isEqualTo(Map.of("open", false, "disbursed", true));
    }

    @Test
    void earlyRepaymentOfTheWholePrincipalSettlesTheLoan() {
        String loan = disbursedLoan(poorHousehold(), 10_000_000, 24, "2023-03-01");
        long before = eventCount();

        Response response = post(repayments(loan), repayment(10_000_000, "2023-03-15"));

        assertThat(response.status()).as("body %s", response.text()).isEqualTo(201);
        assertThat(response.body()).isEqualTo(state(loan, "SETTLED", 0));
        assertThat(eventCount()).isEqualTo(before + 2);
        List<String> types = eventTypesOf(loan);
        assertThat(types.subList(types.size() - 2, types.size()))
                .containsExactly(EVENTS + "RepaymentRecordedEvent", EVENTS + "LoanSettledEvent");
    }

    // --- refusals of the loan's life ---------------------------------------------------------------------------

    @Test
    void repaymentOverTheOutstandingPrincipalIsARuleViolation() {
        String loan = disbursedLoan(poorHousehold(), 10_000_000, 24, "2023-03-01");
        assertThat(post(repayments(loan), repayment(4_000_000, "2023-09-01")).status())
                .isEqualTo(201);

        Response response = writesNothing(() -> post(repayments(loan), repayment(6_000_001, "2023-10-01")));

        assertProblem(response, 422, "/problems/rule-violation");
        assertThat(response.body().path("code").asText()).isEqualTo("OVER_OUTSTANDING");
    }

    @Test
    void approvingARejectedLoanIsAConflict() {
        String loan = appliedLoan(poorHousehold());
        assertThat(post(rejection(loan), Map.of("rejectedOn", "2023-02-05", "reason", "no collateral"))
                        .status())
                .isEqualTo(200);

        Response response = writesNothing(() -> post(approval(loan), Map.of("approvedOn", "2023-02-10")));

        assertProblem(response, 409, "/problems/conflict");
        assertThat(response.body().path("code").asText()).isEqualTo("LOAN_REJECTED");
    }

    @Test
    void repayingALoanNotPaidOutIsAConflict() {
        String loan = appliedLoan(poorHousehold());
        assertThat(post(approval(loan), Map.of("approvedOn", "2023-02-10")).status())
                .isEqualTo(200);

        Response response = writesNothing(() -> post(repayments(loan), repayment(1_000_000, "2023-03-01")));

        assertProblem(response, 409, "/problems/conflict");
        assertThat(response.body().path("code").asText()).isEqualTo("LOAN_APPROVED");
    }

    @Test
    void writingOffASettledLoanIsAConflict() {
        String loan = disbursedLoan(poorHousehold(), 10_000_000, 24, "2023-03-01");
        assertThat(post(repayments(loan), repayment(10_000_000, "2023-04-01")).status())
                .isEqualTo(201);

        Response response =
                writesNothing(() -> post(writeOff(loan), Map.of("writtenOffOn", "2023-05-01", "reason", "flood")));

        assertProblem(response, 409, "/problems/conflict");
        assertThat(response.body().path("code").asText()).isEqualTo("LOAN_SETTLED");
    }

    @Test
    void disbursementDatedBeforeTheApprovalIsARuleViolation() {
        String loan = appliedLoan(poorHousehold());
        assertThat(post(approval(loan), Map.of("approvedOn", "2023-02-10")).status())
                .isEqualTo(200);

        Response response = writesNothing(() -> post(disbursement(loan), Map.of("disbursedOn", "2023-02-09")));

        assertProblem(response, 422, "/problems/rule-violation");
        assertThat(response.body().path("code").asText()).isEqualTo("DATE_BEFORE_APPROVAL");
    }

    @Test
    void approvalDatedBeforeTheApplicationIsARuleViolation() {
        String loan = appliedLoan(poorHousehold());

        Response response = writesNothing(() -> post(approval(loan), Map.of("approvedOn", "2023-01-31")));

        assertProblem(response, 422, "/problems/rule-violation");
        assertThat(response.body().path("code").asText()).isEqualTo("DATE_BEFORE_APPLICATION");
    }

    @Test
    void repaymentDatedBeforeTheDisbursementIsARuleViolation() {
        String loan = disbursedLoan(poorHousehold(), 10_000_000, 24, "2023-03-01");

        Response response = writesNothing(() -> post(repayments(loan), repayment(1_000_000, "2023-02-28")));

        assertProblem(response, 422, "/problems/rule-violation");
        assertThat(response.body().path("code").asText()).isEqualTo("DATE_BEFORE_DISBURSEMENT");
    }

    @Test
    void unknownLoanIsNotFound() {
        for (String path : List.of(approval(UUID.randomUUID().toString()), approval("not-a-loan"))) {
            Response response = writesNothing(() -> post(path, Map.of("approvedOn", "2023-02-10")));

            assertProblem(response, 404, "/problems/not-found");
        }
        Response repayment =
                writesNothing(() -> post(repayments(UUID.randomUUID().toString()), repayment(1_000, "2023-02-10")));
        assertProblem(repayment, 404, "/problems/not-found");
    }

    @Test
    void identifiersOfOtherKindsAreNotFound() {
        String household = poorHousehold();
        String loan = appliedLoan(household);

        // a household's id where a loan's is expected, and a loan's where a household's is expected
        Response approval = writesNothing(() -> post(approval(household), Map.of("approvedOn", "2023-02-10")));
        Response application =
                writesNothing(() -> post("/api/loans", application(loan, POOR_HOUSEHOLD, 1_000_000, 24, "2023-02-01")));

        assertProblem(approval, 404, "/problems/not-found");
        assertProblem(application, 404, "/problems/not-found");
    }

    @Test
    void concurrentRepaymentsNeverExceedTheOutstandingPrincipal() throws Exception {
        String loan = disbursedLoan(poorHousehold(), 10_000_000, 24, "2023-03-01");

        List<Response> responses = concurrently(4, () -> post(repayments(loan), repayment(4_000_000, "2023-09-01")));

        assertThat(responses).extracting(Response::status).as("statuses").containsOnly(201, 422);
        assertThat(responses).filteredOn(r -> r.status() == 201).hasSize(2);
        assertThat(eventTypesOf(loan))
                .filteredOn((EVENTS + "RepaymentRecordedEvent")::equals)
                .hasSize(2);
        assertThat(lastPayloadOf(loan).path("outstandingAfter").asLong()).isEqualTo(2_000_000);
    }

    @Test
    void onlyAdminAndBankOfficersHandleLoans() {
        String household = poorHousehold();
        String loan = appliedLoan(household);

        for (String user : List.of("district", "officer-c01", "auditor", "nobody")) {
            Response application = writesNothing(() -> post(
                    "/api/loans",
                    application(household, NEAR_POOR_HOUSEHOLD, 1_000_000, 12, "2023-02-01"),
                    null,
                    TestUsers.basic(user)));
            assertProblem(application, 403, "/problems/forbidden");
            Response approval = writesNothing(
                    () -> post(approval(loan), Map.of("approvedOn", "2023-02-10"), null, TestUsers.basic(user)));
            assertProblem(approval, 403, "/problems/forbidden");
        }
        Response anonymous = writesNothing(() -> post(approval(loan), Map.of("approvedOn", "2023-02-10"), null, null));
        assertProblem(anonymous, 401, "/problems/unauthorized");
    }

    // --- eligibility on the application date -------------------------------------------------------------------

    @Test
    void nearPoorHouseholdMayBorrowOnlyFromTheNearPoorProgramme() {
        String household = nearPoorHousehold();

        Response poor = writesNothing(
                () -> post("/api/loans", application(household, POOR_HOUSEHOLD, 10_000_000, 24, "2023-02-01")));
        Response escaped = writesNothing(() ->
                post("/api/loans", application(household, NEWLY_ESCAPED_HOUSEHOLD, 10_000_000, 24, "2023-02-01")));
        Response nearPoor =
                post("/api/loans", application(household, NEAR_POOR_HOUSEHOLD, 10_000_000, 24, "2023-02-01"));

        assertNotEligible(poor);
        assertNotEligible(escaped);
        assertThat(nearPoor.status()).as("body %s", nearPoor.text()).isEqualTo(201);
        assertThat(nearPoor.text()).containsPattern("\"annualRatePercent\"\\s*:\\s*7\\.92\\s*[,}]");
        JsonNode applied = lastPayloadOf(nearPoor.body().path("loanId").asText());
        assertThat(applied.path("householdStatus").asText()).isEqualTo("NEAR_POOR");
        assertThat(applied.path("newlyEscaped").asBoolean()).isFalse();
    }

    @Test
    void poorHouseholdMayBorrowOnlyFromThePoorProgramme() {
        String household = poorHousehold();

        assertNotEligible(writesNothing(
                () -> post("/api/loans", application(household, NEAR_POOR_HOUSEHOLD, 10_000_000, 24, "2023-02-01"))));
        assertNotEligible(writesNothing(() ->
                post("/api/loans", application(household, NEWLY_ESCAPED_HOUSEHOLD, 10_000_000, 24, "2023-02-01"))));
    }

    @Test
    void newlyEscapedHouseholdMayBorrowFromTheNewlyEscapedProgramme() {
        String household = escapedHousehold();

        Response poor = writesNothing(
                () -> post("/api/loans", application(household, POOR_HOUSEHOLD, 10_000_000, 24, "2023-07-01")));
        Response nearPoor = writesNothing(
                () -> post("/api/loans", application(household, NEAR_POOR_HOUSEHOLD, 10_000_000, 24, "2023-07-01")));
        Response escaped =
                post("/api/loans", application(household, NEWLY_ESCAPED_HOUSEHOLD, 10_000_000, 24, "2023-07-01"));

        assertNotEligible(poor);
        assertNotEligible(nearPoor);
        assertThat(escaped.status()).as("body %s", escaped.text()).isEqualTo(201);
        assertThat(escaped.text()).containsPattern("\"annualRatePercent\"\\s*:\\s*8\\.25\\s*[,}]");
        JsonNode applied = lastPayloadOf(escaped.body().path("loanId").asText());
        assertThat(applied.path("householdStatus").asText()).isEqualTo("NOT_POOR");
        assertThat(applied.path("newlyEscaped").asBoolean()).isTrue();
    }

    @Test
    void unclassifiedHouseholdMayNotBorrow() {
        String household = registerHousehold();

        for (String program : List.of(POOR_HOUSEHOLD, NEAR_POOR_HOUSEHOLD, NEWLY_ESCAPED_HOUSEHOLD)) {
            assertNotEligible(writesNothing(
                    () -> post("/api/loans", application(household, program, 10_000_000, 24, "2023-02-01"))));
        }
    }

    @Test
    void eligibilityIsJudgedOnTheApplicationDateNotToday() {
        // POOR from 2022-12-15, NOT_POOR from 2023-06-15 (and so, today, no longer newly escaped either)
        String household = escapedHousehold();

        Response before = writesNothing(
                () -> post("/api/loans", application(household, POOR_HOUSEHOLD, 10_000_000, 24, "2022-12-14")));
        Response whilePoor = post("/api/loans", application(household, POOR_HOUSEHOLD, 10_000_000, 24, "2023-02-01"));

        assertNotEligible(before);
        assertThat(whilePoor.status()).as("body %s", whilePoor.text()).isEqualTo(201);
        JsonNode applied = lastPayloadOf(whilePoor.body().path("loanId").asText());
        assertThat(applied.path("householdStatus").asText()).isEqualTo("POOR");
        assertThat(applied.path("newlyEscaped").asBoolean()).isFalse();
        assertThat(applied.path("appliedOn").asText()).isEqualTo("2023-02-01");
    }

    // --- programme limits and invalid applications -------------------------------------------------------------

    @Test
    void principalAtTheMaximumIsAcceptedAndOverItIsARuleViolation() {
        String household = poorHousehold();

        Response over = writesNothing(
                () -> post("/api/loans", application(household, POOR_HOUSEHOLD, 100_000_001, 24, "2023-02-01")));
        Response atMaximum = post("/api/loans", application(household, POOR_HOUSEHOLD, 100_000_000, 24, "2023-02-01"));

        assertProblem(over, 422, "/problems/rule-violation");
        assertThat(over.body().path("code").asText()).isEqualTo("OVER_MAXIMUM");
        assertThat(atMaximum.status()).as("body %s", atMaximum.text()).isEqualTo(201);
    }

    @Test
    void termOutsideTheProgrammesRangeIsARuleViolation() {
        String poor = poorHousehold();
        String nearPoor = nearPoorHousehold();
        String escaped = escapedHousehold();

        for (Response response : List.of(
                writesNothing(
                        () -> post("/api/loans", application(poor, POOR_HOUSEHOLD, 1_000_000, 121, "2023-02-01"))),
                writesNothing(() ->
                        post("/api/loans", application(nearPoor, NEAR_POOR_HOUSEHOLD, 1_000_000, 61, "2023-02-01"))),
                writesNothing(() -> post(
                        "/api/loans", application(escaped, NEWLY_ESCAPED_HOUSEHOLD, 1_000_000, 61, "2023-07-01"))))) {
            assertProblem(response, 422, "/problems/rule-violation");
            assertThat(response.body().path("code").asText()).isEqualTo("TERM_OUT_OF_RANGE");
        }
        // the longest terms of each programme are accepted
        assertThat(post("/api/loans", application(poor, POOR_HOUSEHOLD, 1_000_000, 120, "2023-02-01"))
                        .status())
                .isEqualTo(201);
        assertThat(post("/api/loans", application(nearPoor, NEAR_POOR_HOUSEHOLD, 1_000_000, 60, "2023-02-01"))
                        .status())
                .isEqualTo(201);
        assertThat(post("/api/loans", application(escaped, NEWLY_ESCAPED_HOUSEHOLD, 1_000_000, 60, "2023-07-01"))
                        .status())
                .isEqualTo(201);
    }

    @Test
    void termOfZeroMonthsIsOutsideTheTermRange() {
        String household = poorHousehold();

        Response response = writesNothing(
                () -> post("/api/loans", application(household, POOR_HOUSEHOLD, 1_000_000, 0, "2023-02-01")));

        assertThat(response.status()).isEqualTo(422);
    }

    @Test
    void principalOfZeroIsInvalid() {
        String household = poorHousehold();

        Response zero =
                writesNothing(() -> post("/api/loans", application(household, POOR_HOUSEHOLD, 0, 24, "2023-02-01")));
        Response negative = writesNothing(
                () -> post("/api/loans", application(household, POOR_HOUSEHOLD, -1_000_000, 24, "2023-02-01")));

        assertValidationError(zero, "principal");
        assertValidationError(negative, "principal");
    }

    @Test
    void fractionalAmountsAreInvalid() {
        String household = poorHousehold();
        Map<String, Object> body = new HashMap<>(application(household, POOR_HOUSEHOLD, 1, 24, "2023-02-01"));
        body.put("principal", 10_000_000.5);

        Response principal = writesNothing(() -> post("/api/loans", body));

        assertValidationError(principal, "principal");
        String loan = disbursedLoan(household, 10_000_000, 24, "2023-03-01");
        Response amount =
                writesNothing(() -> post(repayments(loan), Map.of("amount", 2_500_000.5, "paidOn", "2023-09-01")));
        assertValidationError(amount, "amount");
    }

    @Test
    void applicationWithoutItsFieldsIsInvalid() {
        Response response = writesNothing(() -> post("/api/loans", Map.of("purpose", "buy two cows")));

        assertProblem(response, 400, "/problems/validation");
        assertThat(response.body().path("errors").findValuesAsText("field"))
                .contains("householdId", "programCode", "principal", "termMonths", "appliedOn");
    }

    @Test
    void unreadableDatesAreInvalid() {
        String household = poorHousehold();
        Map<String, Object> body = new HashMap<>(application(household, POOR_HOUSEHOLD, 1_000_000, 24, "x"));
        for (String bad : List.of("2023-02-30", "01/02/2023", "2023-2-1", "")) {
            body.put("appliedOn", bad);
            assertValidationError(writesNothing(() -> post("/api/loans", body)), "appliedOn");
        }
        String loan = appliedLoan(household);
        assertValidationError(
                writesNothing(() -> post(approval(loan), Map.of("approvedOn", "2023-13-01"))), "approvedOn");
        assertValidationError(writesNothing(() -> post(approval(loan), Map.of())), "approvedOn");
        assertValidationError(
                writesNothing(() -> post(rejection(loan), Map.of("rejectedOn", "yesterday", "reason", "no"))),
                "rejectedOn");
        assertValidationError(
                writesNothing(() -> post(disbursement(loan), Map.of("disbursedOn", "2023-02-29"))), "disbursedOn");
    }

    @Test
    void repaymentsAndClosingsNeedTheirFields() {
        String loan = disbursedLoan(poorHousehold(), 10_000_000, 24, "2023-03-01");

        assertValidationError(writesNothing(() -> post(repayments(loan), repayment(0, "2023-09-01"))), "amount");
        assertValidationError(writesNothing(() -> post(repayments(loan), repayment(-5, "2023-09-01"))), "amount");
        assertValidationError(writesNothing(() -> post(repayments(loan), Map.of("amount", 1_000))), "paidOn");
        assertValidationError(
                writesNothing(() -> post(repayments(loan), Map.of("amount", 1_000, "paidOn", "2023-09-31"))), "paidOn");
        assertValidationError(
                writesNothing(() -> post(writeOff(loan), Map.of("writtenOffOn", "2024-01-01"))), "reason");
        assertValidationError(
                writesNothing(() -> post(writeOff(loan), Map.of("writtenOffOn", "2024-01-01", "reason", " "))),
                "reason");
        String applied = appliedLoan(poorHousehold());
        assertValidationError(
                writesNothing(() -> post(rejection(applied), Map.of("rejectedOn", "2023-02-05"))), "reason");
    }

    @Test
    void malformedJsonIsInvalid() {
        Response response =
                writesNothing(() -> postRaw("/api/loans", "{\"householdId\": ", null, TestUsers.basic(BANK)));

        assertProblem(response, 400, "/problems/validation");
    }

    @Test
    void unknownProgrammeIsInvalid() {
        String household = poorHousehold();

        Response response = writesNothing(
                () -> post("/api/loans", application(household, "GOLDEN_HANDSHAKE", 1_000_000, 24, "2023-02-01")));

        assertValidationError(response, "programCode");
    }

    @Test
    void unknownHouseholdIsNotFound() {
        for (String household : List.of(UUID.randomUUID().toString(), "not-a-household")) {
            Response response = writesNothing(
                    () -> post("/api/loans", application(household, POOR_HOUSEHOLD, 1_000_000, 24, "2023-02-01")));

            assertProblem(response, 404, "/problems/not-found");
        }
    }

    // --- one open loan per programme ---------------------------------------------------------------------------

    @Test
    void secondOpenLoanOfAProgrammeIsARuleViolation() {
        String household = poorHousehold();
        String first = appliedLoan(household);
        long registered = registryRowsOf(household);

        Response whileApplied = writesNothing(
                () -> post("/api/loans", application(household, POOR_HOUSEHOLD, 5_000_000, 12, "2023-02-02")));
        assertThat(post(approval(first), Map.of("approvedOn", "2023-02-10")).status())
                .isEqualTo(200);
        Response whileApproved = writesNothing(
                () -> post("/api/loans", application(household, POOR_HOUSEHOLD, 5_000_000, 12, "2023-02-11")));
        assertThat(post(disbursement(first), Map.of("disbursedOn", "2023-03-01"))
                        .status())
                .isEqualTo(200);
        Response whileDisbursed = writesNothing(
                () -> post("/api/loans", application(household, POOR_HOUSEHOLD, 5_000_000, 12, "2023-03-02")));

        for (Response response : List.of(whileApplied, whileApproved, whileDisbursed)) {
            assertProblem(response, 422, "/problems/rule-violation");
            assertThat(response.body().path("code").asText()).isEqualTo("ONE_OPEN_LOAN_PER_PROGRAM");
        }
        assertThat(registryRowsOf(household)).isEqualTo(registered);
    }

    @Test
    void anotherHouseholdMayBorrowFromTheSameProgramme() {
        appliedLoan(poorHousehold());

        Response response =
                post("/api/loans", application(poorHousehold(), POOR_HOUSEHOLD, 5_000_000, 12, "2023-02-01"));

        assertThat(response.status()).as("body %s", response.text()).isEqualTo(201);
    }

    @Test
    void newLoanIsAcceptedAfterARejection() {
        String household = poorHousehold();
        String first = appliedLoan(household);
        assertThat(post(rejection(first), Map.of("rejectedOn", "2023-02-05", "reason", "no papers"))
                        .status())
                .isEqualTo(200);

        Response response = post("/api/loans", application(household, POOR_HOUSEHOLD, 5_000_000, 12, "2023-02-06"));

        assertThat(response.status()).as("body %s", response.text()).isEqualTo(201);
    }

    @Test
    void newLoanIsAcceptedAfterSettlement() {
        String household = poorHousehold();
        String first = disbursedLoan(household, 10_000_000, 24, "2023-03-01");
        assertThat(post(repayments(first), repayment(10_000_000, "2023-04-01")).status())
                .isEqualTo(201);

        Response response = post("/api/loans", application(household, POOR_HOUSEHOLD, 5_000_000, 12, "2023-04-02"));

        assertThat(response.status()).as("body %s", response.text()).isEqualTo(201);
        // and that one is the only open one again
        assertProblem(
                writesNothing(
                        () -> post("/api/loans", application(household, POOR_HOUSEHOLD, 5_000_000, 12, "2023-04-03"))),
                422,
                "/problems/rule-violation");
    }

    @Test
    void newLoanIsAcceptedAfterAWriteOff() {
        String household = poorHousehold();
        String first = disbursedLoan(household, 10_000_000, 24, "2023-03-01");
        assertThat(post(writeOff(first), Map.of("writtenOffOn", "2023-04-01", "reason", "flood"))
                        .status())
                .isEqualTo(200);

        Response response = post("/api/loans", application(household, POOR_HOUSEHOLD, 5_000_000, 12, "2023-04-02"));

        assertThat(response.status()).as("body %s", response.text()).isEqualTo(201);
    }

    @Test
    void concurrentApplicationsOfOneHouseholdToOneProgrammeOpenOneLoan() throws Exception {
        String household = poorHousehold();
        long before = eventCount();

        List<Response> responses = concurrently(
                8, () -> post("/api/loans", application(household, POOR_HOUSEHOLD, 5_000_000, 12, "2023-02-01")));

        assertThat(responses).extracting(Response::status).as("statuses").containsOnly(201, 422);
        assertThat(responses).filteredOn(r -> r.status() == 201).hasSize(1);
        responses.stream().filter(r -> r.status() == 422).forEach(r -> {
            assertProblem(r, 422, "/problems/rule-violation");
            assertThat(r.body().path("code").asText()).isEqualTo("ONE_OPEN_LOAN_PER_PROGRAM");
        });
        assertThat(eventCount()).isEqualTo(before + 1);
        assertThat(registryRowsOf(household)).isEqualTo(1);
        String loan = responses.stream()
                .filter(r -> r.status() == 201)
                .findFirst()
                .orElseThrow()
                .body()
                .path("loanId")
                .asText();
        assertThat(eventTypesOf(loan)).containsExactly(EVENTS + "LoanAppliedEvent");
    }

    // --- idempotency -------------------------------------------------------------------------------------------

    @Test
    void retriedApplicationWithTheSameKeyIsAppliedOnce() {
        String household = poorHousehold();
        Map<String, Object> body = application(household, POOR_HOUSEHOLD, 5_000_000, 12, "2023-02-01");
        String key = UUID.randomUUID().toString();
        long before = eventCount();

        Response first = post("/api/loans", body, key, TestUsers.basic(BANK));
        Response retry = post("/api/loans", body, key, TestUsers.basic(BANK));

        assertThat(first.status()).as("body %s", first.text()).isEqualTo(201);
        assertThat(retry.status()).isEqualTo(201);
        assertThat(retry.body()).isEqualTo(first.body());
        assertThat(retry.text()).containsPattern("\"annualRatePercent\"\\s*:\\s*6\\.60\\s*[,}]");
        assertThat(retry.header("Location")).isPresent().isEqualTo(first.header("Location"));
        assertThat(retry.header("Idempotent-Replayed")).contains("true");
        assertThat(eventCount()).isEqualTo(before + 1);
        assertThat(registryRowsOf(household)).isEqualTo(1);
    }

    @Test
    void retriedRepaymentWithTheSameKeyIsRecordedOnce() {
        String loan = disbursedLoan(poorHousehold(), 10_000_000, 24, "2023-03-01");
        String key = UUID.randomUUID().toString();
        long before = eventCount();

        Response first = post(repayments(loan), repayment(2_500_000, "2023-09-01"), key, TestUsers.basic(BANK));
        Response retry = post(repayments(loan), repayment(2_500_000, "2023-09-01"), key, TestUsers.basic(BANK));

        assertThat(first.status()).as("body %s", first.text()).isEqualTo(201);
        assertThat(retry.status()).isEqualTo(201);
        assertThat(retry.body()).isEqualTo(first.body()).isEqualTo(state(loan, "DISBURSED", 7_500_000));
        assertThat(eventCount()).isEqualTo(before + 1);
        assertThat(eventTypesOf(loan))
                .filteredOn((EVENTS + "RepaymentRecordedEvent")::equals)
                .hasSize(1);
        assertThat(lastMetadataOf(loan).path("idempotencyKey").asText()).isEqualTo(key);
    }

    @Test
    void sameKeyForAnotherRepaymentIsAConflict() {
        String loan = disbursedLoan(poorHousehold(), 10_000_000, 24, "2023-03-01");
        String key = UUID.randomUUID().toString();
        assertThat(post(repayments(loan), repayment(2_500_000, "2023-09-01"), key, TestUsers.basic(BANK))
                        .status())
                .isEqualTo(201);

        Response response = writesNothing(
                () -> post(repayments(loan), repayment(2_500_000, "2023-09-02"), key, TestUsers.basic(BANK)));

        assertProblem(response, 409, "/problems/conflict");
    }

    // --- the daily overdue check -------------------------------------------------------------------------------

    @Test
    void overdueCheckRecordsEachMissedInstalmentOnce() {
        // 10,000,000 over 24 months from 2023-03-01: 2,500,000 due on 2023-09-01, 2024-03-01, ...
        String loan = disbursedLoan(poorHousehold(), 10_000_000, 24, "2023-03-01");
        String repaidInTime = disbursedLoan(poorHousehold(), 10_000_000, 24, "2023-03-01");
        assertThat(post(repayments(repaidInTime), repayment(5_000_000, "2023-08-15"))
                        .status())
                .isEqualTo(201);
        String settled = disbursedLoan(poorHousehold(), 10_000_000, 24, "2023-03-01");
        assertThat(post(repayments(settled), repayment(10_000_000, "2023-04-01"))
                        .status())
                .isEqualTo(201);

        Response dayBefore = runOverdueCheck("2023-08-31", TestUsers.basic(ADMIN));

        assertThat(dayBefore.status()).as("body %s", dayBefore.text()).isEqualTo(200);
        assertThat(dayBefore.body().path("asOf").asText()).isEqualTo("2023-08-31");
        assertThat(dayBefore.body().path("loansChecked").asInt()).isGreaterThanOrEqualTo(2);
        assertThat(overdueEventsOf(loan)).isEmpty();

        assertThat(runOverdueCheck("2023-09-01", TestUsers.basic(ADMIN)).status())
                .isEqualTo(200);

        List<JsonNode> overdue = overdueEventsOf(loan);
        assertThat(overdue).hasSize(1);
        assertThat(overdue.get(0).path("loanId").asText()).isEqualTo(loan);
        assertThat(overdue.get(0).path("asOf").asText()).isEqualTo("2023-09-01");
        assertThat(overdue.get(0).path("instalmentDueOn").asText()).isEqualTo("2023-09-01");
        assertThat(overdue.get(0).path("overdueAmount").asLong()).isEqualTo(2_500_000);

        // the same missed instalment is not recorded twice
        assertThat(runOverdueCheck("2023-09-02", TestUsers.basic(ADMIN)).status())
                .isEqualTo(200);
        assertThat(runOverdueCheck("2024-02-29", TestUsers.basic(ADMIN)).status())
                .isEqualTo(200);
        assertThat(overdueEventsOf(loan)).hasSize(1);

        // the next missed instalment is
        assertThat(runOverdueCheck("2024-03-01", TestUsers.basic(ADMIN)).status())
                .isEqualTo(200);
        overdue = overdueEventsOf(loan);
        assertThat(overdue).hasSize(2);
        assertThat(overdue.get(1).path("instalmentDueOn").asText()).isEqualTo("2024-03-01");
        assertThat(overdue.get(1).path("overdueAmount").asLong()).isEqualTo(5_000_000);

        // 5,000,000 repaid early covers the first two instalments; the settled loan is no longer checked
        assertThat(overdueEventsOf(repaidInTime)).isEmpty();
        assertThat(overdueEventsOf(settled)).isEmpty();
        assertThat(registry(settled)).isEqualTo(Map.of("open", false, "disbursed", true));
    }

    @Test
    void overdueEventsAreRecordedAsTheWorkOfTheDailyCheck() {
        String loan = disbursedLoan(poorHousehold(), 10_000_000, 24, "2023-03-01");

        assertThat(runOverdueCheck("2023-09-01", TestUsers.basic(ADMIN)).status())
                .isEqualTo(200);

        List<JsonNode> metadata = jdbc
                .queryForList(
                        "SELECT meta_data FROM domain_event_entry "
                                + "WHERE aggregate_identifier = ? AND payload_type = ? ORDER BY sequence_number",
                        byte[].class,
                        loan,
                        EVENTS + "LoanFellOverdueEvent")
                .stream()
                .map(this::read)
                .toList();
        assertThat(metadata).hasSize(1);
        assertThat(metadata.get(0).path("actor").asText()).isEqualTo("system:overdue-check");
    }

    @Test
    void onlyAdminMayRunTheOverdueCheck() {
        disbursedLoan(poorHousehold(), 10_000_000, 24, "2023-03-01");

        for (String user : List.of(BANK, "district", "auditor")) {
            Response response = writesNothing(() -> runOverdueCheck("2030-01-01", TestUsers.basic(user)));

            assertProblem(response, 403, "/problems/forbidden");
        }
        assertProblem(writesNothing(() -> runOverdueCheck("2030-01-01", null)), 401, "/problems/unauthorized");
    }

    @Test
    void overdueCheckNeedsAReadableDate() {
        assertProblem(
                writesNothing(() -> postRaw("/api/admin/loans/overdue-check", "", null, TestUsers.basic(ADMIN))),
                400,
                "/problems/validation");
        assertProblem(
                writesNothing(() -> runOverdueCheck("2023-02-30", TestUsers.basic(ADMIN))),
                400,
                "/problems/validation");
    }

    @Test
    void dailyOverdueCheckIsRegisteredWithTheScheduler() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        List<Map<String, Object>> tasks;
        do {
            tasks = jdbc.queryForList("SELECT task_name, task_instance, execution_time, picked FROM scheduled_tasks "
                    + "WHERE task_name = 'loan-overdue-check'");
            if (!tasks.isEmpty()) {
                break;
            }
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);

        assertThat(tasks).hasSize(1);
        assertThat(tasks.get(0).get("execution_time")).isNotNull();
    }

    // --- helpers -----------------------------------------------------------------------------------------------

    record Response(int status, String contentType, String text, JsonNode body, Map<String, List<String>> headers) {
        Optional<String> header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream())
                    .findFirst();
        }
    }

    /** POSTs as {@code bank}. */
    private Response post(String path, Object body) {
        return post(path, body, null, TestUsers.basic(BANK));
    }

    private Response post(String path, Object body, String idempotencyKey, String authorization) {
        try {
            return postRaw(path, json.writeValueAsString(body), idempotencyKey, authorization);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private Response postRaw(String path, String body, String idempotencyKey, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, application/problem+json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            String contentType = response.headers().firstValue("Content-Type").orElse("");
            JsonNode parsed = contentType.contains("json") && !response.body().isEmpty()
                    ? json.readTree(response.body())
                    : json.nullNode();
            return new Response(
                    response.statusCode(),
                    contentType,
                    response.body(),
                    parsed,
                    response.headers().map());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private Response runOverdueCheck(String asOf, String authorization) {
        return postRaw("/api/admin/loans/overdue-check?asOf=" + asOf, "", null, authorization);
    }

    private List<Response> concurrently(int threads, Supplier<Response> request) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Response>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return request.get();
                }));
            }
            start.countDown();
            List<Response> responses = new ArrayList<>();
            for (Future<Response> future : futures) {
                responses.add(future.get(60, TimeUnit.SECONDS));
            }
            return responses;
        } finally {
            pool.shutdownNow();
        }
    }

    /** Runs a request that must be refused and checks that it stored no event and opened no loan. */
    private Response writesNothing(Supplier<Response> request) {
        long events = eventCount();
        long loans = jdbc.queryForObject("SELECT count(*) FROM loan_registry", Long.class);
        Response response = request.get();
        assertThat(response.status())
                .as("a refused request: %s", response.text())
                .isBetween(400, 499);
        assertThat(eventCount()).as("events after a refused request").isEqualTo(events);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM loan_registry", Long.class))
                .as("registered loans after a refused request")
                .isEqualTo(loans);
        return response;
    }

    private void assertProblem(Response response, int status, String type) {
        assertThat(response.status()).as("status; body %s", response.text()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.body().path("type").asText()).isEqualTo(type);
        assertThat(response.body().path("status").asInt()).isEqualTo(status);
        assertThat(response.body().path("title").asText()).isNotBlank();
        assertThat(response.body().path("detail").asText()).isNotBlank();
    }

    private void assertValidationError(Response response, String field) {
        assertProblem(response, 400, "/problems/validation");
        assertThat(response.body().path("errors").findValuesAsText("field")).contains(field);
    }

    private void assertNotEligible(Response response) {
        assertProblem(response, 422, "/problems/rule-violation");
        assertThat(response.body().path("code").asText()).isEqualTo("NOT_ELIGIBLE");
    }

    private JsonNode state(String loan, String state, long outstanding) {
        return tree(Map.of("loanId", loan, "state", state, "outstanding", outstanding));
    }

    /** {@code value} as JSON read back, so that numbers compare as a parsed response's do. */
    private JsonNode tree(Object value) {
        try {
            return json.readTree(json.writeValueAsString(value));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    // --- the store and the registry ----------------------------------------------------------------------------

    private long eventCount() {
        return jdbc.queryForObject("SELECT count(*) FROM domain_event_entry", Long.class);
    }

    private List<String> eventTypesOf(String aggregateId) {
        return jdbc.queryForList(
                "SELECT payload_type FROM domain_event_entry WHERE aggregate_identifier = ? "
                        + "ORDER BY sequence_number",
                String.class,
                aggregateId);
    }

    private String lastPayloadTextOf(String aggregateId) {
        return new String(
                jdbc.queryForObject(
                        "SELECT payload FROM domain_event_entry WHERE aggregate_identifier = ? "
                                + "ORDER BY sequence_number DESC LIMIT 1",
                        byte[].class,
                        aggregateId),
                StandardCharsets.UTF_8);
    }

    private JsonNode lastPayloadOf(String aggregateId) {
        return read(jdbc.queryForObject(
                "SELECT payload FROM domain_event_entry WHERE aggregate_identifier = ? "
                        + "ORDER BY sequence_number DESC LIMIT 1",
                byte[].class,
                aggregateId));
    }

    private JsonNode lastMetadataOf(String aggregateId) {
        return read(jdbc.queryForObject(
                "SELECT meta_data FROM domain_event_entry WHERE aggregate_identifier = ? "
                        + "ORDER BY sequence_number DESC LIMIT 1",
                byte[].class,
                aggregateId));
    }

    private List<JsonNode> metadataOf(String aggregateId) {
        return jdbc
                .queryForList(
                        "SELECT meta_data FROM domain_event_entry WHERE aggregate_identifier = ? "
                                + "ORDER BY sequence_number",
                        byte[].class,
                        aggregateId)
                .stream()
                .map(this::read)
                .toList();
    }

    private List<JsonNode> overdueEventsOf(String loan) {
        return jdbc
                .queryForList(
                        "SELECT payload FROM domain_event_entry WHERE aggregate_identifier = ? "
                                + "AND payload_type = ? ORDER BY sequence_number",
                        byte[].class,
                        loan,
                        EVENTS + "LoanFellOverdueEvent")
                .stream()
                .map(this::read)
                .toList();
    }

    private String communeOf(String household) {
        return read(jdbc.queryForObject(
                        "SELECT payload FROM domain_event_entry WHERE aggregate_identifier = ? "
                                + "AND sequence_number = 0",
                        byte[].class,
                        household))
                .path("communeCode")
                .asText();
    }

    private Map<String, Object> registry(String loan) {
        return jdbc.queryForMap("SELECT open, disbursed FROM loan_registry WHERE loan_id = ?", loan);
    }

    private long registryRowsOf(String household) {
        return jdbc.queryForObject("SELECT count(*) FROM loan_registry WHERE household_id = ?", Long.class, household);
    }

    private JsonNode read(byte[] bytes) {
        try {
            return json.readTree(bytes);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    // --- households and loans ----------------------------------------------------------------------------------

    private static Map<String, Object> application(
            String household, String program, long principal, int term, String appliedOn) {
        return Map.of(
                "householdId",
                household,
                "programCode",
                program,
                "principal",
                principal,
                "termMonths",
                term,
                "purpose",
                "buy two cows",
                "appliedOn",
                appliedOn);
    }

    private static Map<String, Object> repayment(long amount, String paidOn) {
        return Map.of("amount", amount, "paidOn", paidOn);
    }

    /** A POOR_HOUSEHOLD loan of 10,000,000 over 24 months applied for on 2023-02-01. */
    private String appliedLoan(String household) {
        Response response = post("/api/loans", application(household, POOR_HOUSEHOLD, 10_000_000, 24, "2023-02-01"));
        assertThat(response.status()).as("application: %s", response.text()).isEqualTo(201);
        return response.body().path("loanId").asText();
    }

    /** A POOR_HOUSEHOLD loan applied for on 2023-02-01, approved on 2023-02-10 and paid out on {@code on}. */
    private String disbursedLoan(String household, long principal, int term, String on) {
        Response applied = post("/api/loans", application(household, POOR_HOUSEHOLD, principal, term, "2023-02-01"));
        assertThat(applied.status()).as("application: %s", applied.text()).isEqualTo(201);
        String loan = applied.body().path("loanId").asText();
        Response approved = post(approval(loan), Map.of("approvedOn", "2023-02-10"));
        assertThat(approved.status()).as("approval: %s", approved.text()).isEqualTo(200);
        Response disbursed = post(disbursement(loan), Map.of("disbursedOn", on));
        assertThat(disbursed.status()).as("disbursement: %s", disbursed.text()).isEqualTo(200);
        return loan;
    }

    /** A household of a new rural commune, registered and never assessed (UNCLASSIFIED). */
    private String registerHousehold() {
        String commune = "L" + SEQUENCE.incrementAndGet();
        Response created =
                admin("/api/communes", Map.of("code", commune, "name", "Xã " + commune, "areaType", "RURAL"));
        assertThat(created.status()).as("create commune: %s", created.text()).isEqualTo(201);
        Response registered = admin(
                "/api/households",
                Map.of(
                        "communeCode",
                        commune,
                        "hamlet",
                        "Ấp 3",
                        "head",
                        Map.of(
                                "fullName",
                                "Nguyễn Văn An",
                                "nationalId",
                                String.format("077%09d", SEQUENCE.incrementAndGet()),
                                "birthYear",
                                1971),
                        "memberCount",
                        4,
                        "meritHousehold",
                        false,
                        "ethnicMinority",
                        false,
                        "registeredOn",
                        "2021-03-01"));
        assertThat(registered.status())
                .as("register household: %s", registered.text())
                .isEqualTo(201);
        return registered.body().path("householdId").asText();
    }

    /** POOR from 2022-12-15 (the 2023 annual review). */
    private String poorHousehold() {
        String household = registerHousehold();
        decide(
                household,
                "ANNUAL",
                "2022-11-20",
                1_400_000,
                List.of("HEALTH_INSURANCE", "HOUSING_AREA", "SANITATION"),
                "POOR",
                "2022-12-15");
        return household;
    }

    /** NEAR_POOR from 2022-12-15. */
    private String nearPoorHousehold() {
        String household = registerHousehold();
        decide(household, "ANNUAL", "2022-11-20", 1_450_000, List.of("SANITATION"), "NEAR_POOR", "2022-12-15");
        return household;
    }

    /** POOR from 2022-12-15, NOT_POOR (newly escaped) from 2023-06-15. */
    private String escapedHousehold() {
        String household = poorHousehold();
        decide(household, "ADHOC", "2023-06-01", 1_700_000, List.of(), "NOT_POOR", "2023-06-15");
        return household;
    }

    private void decide(
            String household,
            String kind,
            String assessedOn,
            long income,
            List<String> deprivations,
            String expected,
            String decidedOn) {
        String assessments = "/api/households/" + household + "/assessments";
        Response assessed = admin(
                assessments,
                Map.of(
                        "period",
                        2023,
                        "kind",
                        kind,
                        "assessedOn",
                        assessedOn,
                        "incomePerCapita",
                        income,
                        "deprivations",
                        deprivations));
        assertThat(assessed.status()).as("assessment: %s", assessed.text()).isEqualTo(201);
        assertThat(assessed.body().path("proposedStatus").asText()).isEqualTo(expected);
        String assessment = assessed.body().path("assessmentId").asText();
        Response recognised = admin(
                assessments + "/" + assessment + "/recognition",
                Map.of("decisionRef", "123/QĐ-UBND", "decidedOn", decidedOn));
        assertThat(recognised.status()).as("recognition: %s", recognised.text()).isEqualTo(200);
        assertThat(recognised.body().path("status").asText()).isEqualTo(expected);
    }

    private Response admin(String path, Object body) {
        return post(path, body, null, TestUsers.basic(ADMIN));
    }

    private static String approval(String loan) {
        return "/api/loans/" + loan + "/approval";
    }

    private static String rejection(String loan) {
        return "/api/loans/" + loan + "/rejection";
    }

    private static String disbursement(String loan) {
        return "/api/loans/" + loan + "/disbursement";
    }

    private static String repayments(String loan) {
        return "/api/loans/" + loan + "/repayments";
    }

    private static String writeOff(String loan) {
        return "/api/loans/" + loan + "/write-off";
    }
}
