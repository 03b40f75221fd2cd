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
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
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
import org.junit.jupiter.api.RepeatedTest;
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
 * The command side's HTTP contract (API.md) end to end against a real PostgreSQL: statuses, problem documents,
 * idempotency and the events that reach the store (or do not). Every request authenticates as {@code admin} with
 * HTTP Basic; {@link SecurityIT} and its siblings cover who may do what.
 */
@SpringBootTest(classes = CommandSideApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class CommandApiIT {

    private static final TestDatabase.Database DATABASE = TestDatabase.create();
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", DATABASE::url);
        registry.add("spring.datasource.username", DATABASE::username);
        registry.add("spring.datasource.password", DATABASE::password);
        registry.add("poverty.query-side-url", () -> "http://query.test:8081");
        registry.add("poverty.security.users-file", () -> TestUsers.file().toString());
        registry.add("poverty.security.jwt.hmac-secret", () -> TestUsers.HMAC_SECRET);
    }

    /** Every request of this class is sent as {@code admin}: creating communes needs the ADMIN role. */
    private static final String USER = "admin";

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    org.axonframework.config.Configuration axon;

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void eventsAreWrittenAndReadWithThePlatformsCachingJacksonSerializer() {
        assertThat(axon.eventSerializer().getClass().getSimpleName()).isEqualTo("CachingJacksonSerializer");
    }

    // --- communes ----------------------------------------------------------------------------------------------

    @Test
    void communeIsCreated() {
        String code = newCommuneCode();
        long before = eventCount();

        Response response = post("/api/communes", commune(code, "URBAN"));

        assertThat(response.status()).isEqualTo(201);
        assertThat(response.body()).isEqualTo(json.valueToTree(Map.of("code", code)));
        assertThat(eventCount()).isEqualTo(before + 1);
        assertThat(eventTypesOf(code)).containsExactly("vn.poverty.api.commune.CommuneCreatedEvent");
    }

    @Test
    void duplicateCommuneIsAConflict() {
        String code = createCommune("RURAL");

        Response response = writesNothing(() -> post("/api/communes", commune(code, "URBAN")));

        assertProblem(response, 409, "/problems/conflict");
    }

    @Test
    void householdCountIsRecorded() {
        String code = createCommune("RURAL");

        Response response = post(
                "/api/communes/" + code + "/household-counts", Map.of("asOf", "2022-12-31", "totalHouseholds", 5321));

        assertThat(response.status()).isEqualTo(201);
        assertThat(response.body().path("totalHouseholds").asInt()).isEqualTo(5321);
        assertThat(eventTypesOf(code))
                .containsExactly(
                        "vn.poverty.api.commune.CommuneCreatedEvent",
                        "vn.poverty.api.commune.HouseholdCountRecordedEvent");
    }

    @Test
    void householdCountOfAnUnknownCommuneIsNotFound() {
        Response response = writesNothing(() ->
                post("/api/communes/NOWHERE/household-counts", Map.of("asOf", "2022-12-31", "totalHouseholds", 5321)));

        assertProblem(response, 404, "/problems/not-found");
    }

    @Test
    void negativeHouseholdCountIsInvalid() {
        String code = createCommune("RURAL");

        Response response = writesNothing(() -> post(
                "/api/communes/" + code + "/household-counts", Map.of("asOf", "2022-12-31", "totalHouseholds", -1)));

        assertValidationError(response, "totalHouseholds");
    }

    @Test
    void communeWithoutAnAreaTypeIsInvalid() {
        Response response = writesNothing(() -> post("/api/communes", Map.of("code", newCommuneCode(), "name", "X")));

        assertValidationError(response, "areaType");
    }

    @Test
    void communeWithAnUnknownAreaTypeIsInvalid() {
        Response response = writesNothing(() -> post("/api/communes", commune(newCommuneCode(), "SUBURBAN")));

        assertValidationError(response, "areaType");
    }

    // --- households --------------------------------------------------------------------------------------------

    @Test
    void householdIsRegisteredWithALocationOnTheQuerySide() {
        String commune = createCommune("URBAN");
        long before = eventCount();

        Response response = post("/api/households", household(commune, newNationalId()));

        assertThat(response.status()).isEqualTo(201);
        String householdId = response.body().path("householdId").asText();
        assertThat(UUID.fromString(householdId)).isNotNull();
        assertThat(response.header("Location")).contains("http://query.test:8081/api/households/" + householdId);
        assertThat(eventCount()).isEqualTo(before + 1);
        JsonNode registered = payloadsOf(householdId).get(0);
        assertThat(registered.path("areaType").asText()).isEqualTo("URBAN");
        assertThat(registered.path("communeCode").asText()).isEqualTo(commune);
    }

    /** Spring flushes every JSON body; the response still goes out in one piece with its length (WholeResponses). */
    @Test
    void responsesAreSentWholeWithTheirLength() {
        String commune = createCommune("RURAL");

        Response created = post("/api/households", household(commune, newNationalId()));
        Response invalid = post("/api/households", Map.of("communeCode", commune));

        for (Response response : List.of(created, invalid)) {
            assertThat(response.header("Transfer-Encoding")).isEmpty();
            assertThat(response.header("Content-Length"))
                    .hasValue(Integer.toString(response.text().getBytes(StandardCharsets.UTF_8).length));
        }
        assertThat(created.status()).isEqualTo(201);
        assertThat(invalid.status()).isEqualTo(400);
    }

    @Test
    void householdWithTheSameHeadNationalIdIsAConflict() {
        String commune = createCommune("RURAL");
        String nationalId = newNationalId();
        registerHousehold(commune, nationalId);
        String otherCommune = createCommune("URBAN");

        Response response = writesNothing(() -> post("/api/households", household(otherCommune, nationalId)));

        assertProblem(response, 409, "/problems/conflict");
        assertThat(response.body().path("code").asText()).isEqualTo("DUPLICATE_NATIONAL_ID");
    }

    @Test
    void householdInAnUnknownCommuneIsNotFoundAndDoesNotTakeTheNationalId() {
        String nationalId = newNationalId();

        Response response = writesNothing(() -> post("/api/households", household("NOWHERE", nationalId)));

        assertProblem(response, 404, "/problems/not-found");
        assertThat(post("/api/households", household(createCommune("RURAL"), nationalId))
                        .status())
                .isEqualTo(201);
    }

    @Test
    void householdWithoutAHeadIsInvalid() {
        Map<String, Object> body = Map.of(
                "communeCode",
                createCommune("RURAL"),
                "hamlet",
                "Ấp 3",
                "memberCount",
                4,
                "registeredOn",
                "2021-03-01");

        Response response = writesNothing(() -> post("/api/households", body));

        assertValidationError(response, "head");
    }

    @Test
    void headWithAMalformedNationalIdIsInvalid() {
        String commune = createCommune("RURAL");

        Response response = writesNothing(() -> post("/api/households", household(commune, "12-34")));

        assertValidationError(response, "head.nationalId");
    }

    @Test
    void householdWithAnUnreadableDateIsInvalid() {
        Map<String, Object> body = new HashMap<>(household(createCommune("RURAL"), newNationalId()));
        body.put("registeredOn", "01/03/2021");

        Response response = writesNothing(() -> post("/api/households", body));

        assertValidationError(response, "registeredOn");
    }

    @Test
    void malformedJsonIsInvalid() {
        String truncated = "{\"communeCode\": \"C01\", ";

        Response response = writesNothing(() -> postRaw("/api/households", truncated, Optional.empty()));

        assertProblem(response, 400, "/problems/validation");
    }

    // --- assessments, recognition, correction ------------------------------------------------------------------

    @Test
    void assessmentTakesTheStandardOfItsPeriodAndProposesAStatus() {
        String household = registerHousehold(createCommune("RURAL"), newNationalId());
        long before = eventCount();

        Response response = post(
                assessments(household),
                assessment(2023, "ANNUAL", 1_400_000, List.of("HEALTH_INSURANCE", "HOUSING_AREA", "SANITATION")));

        assertThat(response.status()).isEqualTo(201);
        assertThat(UUID.fromString(response.body().path("assessmentId").asText()))
                .isNotNull();
        assertThat(response.body().path("standard").asText()).isEqualTo("DECREE_07_2021");
        assertThat(response.body().path("proposedStatus").asText()).isEqualTo("POOR");
        assertThat(response.body().path("deprivationCount").asInt()).isEqualTo(3);
        assertThat(eventCount()).isEqualTo(before + 1);
    }

    @Test
    void assessmentOfAnUrbanHouseholdUsesTheUrbanLine() {
        String household = registerHousehold(createCommune("URBAN"), newNationalId());

        Response response = post(assessments(household), assessment(2023, "ANNUAL", 1_800_000, List.of()));

        assertThat(response.status()).isEqualTo(201);
        assertThat(response.body().path("proposedStatus").asText()).isEqualTo("NEAR_POOR");
    }

    @Test
    void assessmentUnderANamedStandardUsesIt() {
        String household = registerHousehold(createCommune("RURAL"), newNationalId());
        Map<String, Object> body = new HashMap<>(assessment(2022, "ANNUAL", 650_000, List.of("HEALTHCARE_ACCESS")));
        body.put("standard", "DECISION_59_2015");

        Response response = post(assessments(household), body);

        assertThat(response.status()).isEqualTo(201);
        assertThat(response.body().path("standard").asText()).isEqualTo("DECISION_59_2015");
        assertThat(response.body().path("proposedStatus").asText()).isEqualTo("POOR");
    }

    @Test
    void recognitionMakesTheProposedStatusOfficialFromTheDecisionDate() {
        String household = registerHousehold(createCommune("RURAL"), newNationalId());
        String assessment = assessPoor(household, 2023);
        long before = eventCount();

        Response response = post(recognition(household, assessment), recognitionBody("123/QĐ-UBND", "2022-12-15"));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body())
                .isEqualTo(json.valueToTree(
                        Map.of("status", "POOR", "previousStatus", "UNCLASSIFIED", "effectiveFrom", "2022-12-15")));
        assertThat(eventCount()).isEqualTo(before + 1);
    }

    @Test
    void laterRecognitionReportsThePreviousStatus() {
        String household = registerHousehold(createCommune("RURAL"), newNationalId());
        String first = assessPoor(household, 2023);
        assertThat(post(recognition(household, first), recognitionBody("123/QĐ-UBND", "2022-12-15"))
                        .status())
                .isEqualTo(200);
        String second = post(assessments(household), assessment(2024, "ANNUAL", 1_700_000, List.of()))
                .body()
                .path("assessmentId")
                .asText();

        Response response = post(recognition(household, second), recognitionBody("456/QĐ-UBND", "2023-12-20"));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body())
                .isEqualTo(json.valueToTree(
                        Map.of("status", "NOT_POOR", "previousStatus", "POOR", "effectiveFrom", "2023-12-20")));
    }

    @Test
    void recognisingTwiceIsAConflict() {
        String household = registerHousehold(createCommune("RURAL"), newNationalId());
        String assessment = assessPoor(household, 2023);
        post(recognition(household, assessment), recognitionBody("123/QĐ-UBND", "2022-12-15"));

        Response response = writesNothing(
                () -> post(recognition(household, assessment), recognitionBody("124/QĐ-UBND", "2022-12-16")));

        assertProblem(response, 409, "/problems/conflict");
    }

    @Test
    void decisionBeforeTheAssessmentIsARuleViolation() {
        String household = registerHousehold(createCommune("RURAL"), newNationalId());
        String assessment = assessPoor(household, 2023);

        Response response = writesNothing(
                () -> post(recognition(household, assessment), recognitionBody("123/QĐ-UBND", "2022-11-01")));

        assertProblem(response, 422, "/problems/rule-violation");
    }

    @Test
    void recognitionOfAnUnknownAssessmentIsNotFound() {
        String household = registerHousehold(createCommune("RURAL"), newNationalId());

        Response response = writesNothing(() -> post(
                recognition(household, UUID.randomUUID().toString()), recognitionBody("123/QĐ-UBND", "2022-12-15")));

        assertProblem(response, 404, "/problems/not-found");
    }

    @Test
    void correctionAppliesFromTheOriginalDecisionDate() {
        String household = registerHousehold(createCommune("RURAL"), newNationalId());
        String assessment = assessPoor(household, 2023);
        post(recognition(household, assessment), recognitionBody("123/QĐ-UBND", "2022-12-15"));
        long before = eventCount();

        Response response = post(
                correction(household, assessment),
                Map.of(
                        "incomePerCapita",
                        1_600_000,
                        "deprivations",
                        List.of("SANITATION"),
                        "reason",
                        "income misread",
                        "decisionRef",
                        "130/QĐ-UBND"));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body())
                .isEqualTo(json.valueToTree(
                        Map.of("status", "NOT_POOR", "previousStatus", "POOR", "effectiveFrom", "2022-12-15")));
        assertThat(eventCount()).isEqualTo(before + 1);
    }

    @Test
    void correctionOfAnUnrecognisedAssessmentIsAConflict() {
        String household = registerHousehold(createCommune("RURAL"), newNationalId());
        String assessment = assessPoor(household, 2023);

        Response response = writesNothing(() -> post(
                correction(household, assessment),
                Map.of(
                        "incomePerCapita",
                        1_600_000,
                        "deprivations",
                        List.of(),
                        "reason",
                        "r",
                        "decisionRef",
                        "130/QĐ")));

        assertProblem(response, 409, "/problems/conflict");
    }

    @Test
    void secondAnnualAssessmentOfAPeriodIsARuleViolation() {
        String household = registerHousehold(createCommune("RURAL"), newNationalId());
        assessPoor(household, 2023);

        Response response =
                writesNothing(() -> post(assessments(household), assessment(2023, "ANNUAL", 1_000_000, List.of())));

        assertProblem(response, 422, "/problems/rule-violation");
        assertThat(response.body().path("code").asText()).isEqualTo("PERIOD_ALREADY_ASSESSED");
    }

    @Test
    void adhocAssessmentOfAnAssessedPeriodIsAccepted() {
        String household = registerHousehold(createCommune("RURAL"), newNationalId());
        assessPoor(household, 2023);

        Response response = post(assessments(household), assessment(2023, "ADHOC", 1_000_000, List.of()));

        assertThat(response.status()).isEqualTo(201);
    }

    @Test
    void periodWithoutAStandardIsARuleViolation() {
        String household = registerHousehold(createCommune("RURAL"), newNationalId());

        Response response =
                writesNothing(() -> post(assessments(household), assessment(2030, "ANNUAL", 1_000_000, List.of())));

        assertProblem(response, 422, "/problems/rule-violation");
    }

    @Test
    void indicatorTheStandardDoesNotHaveIsInvalid() {
        String household = registerHousehold(createCommune("RURAL"), newNationalId());

        Response response = writesNothing(() ->
                post(assessments(household), assessment(2023, "ANNUAL", 1_000_000, List.of("HEALTHCARE_ACCESS"))));

        assertValidationError(response, "deprivations");
    }

    @Test
    void unknownStandardIsInvalid() {
        String household = registerHousehold(createCommune("RURAL"), newNationalId());
        Map<String, Object> body = new HashMap<>(assessment(2023, "ANNUAL", 1_000_000, List.of()));
        body.put("standard", "DECREE_99");

        Response response = writesNothing(() -> post(assessments(household), body));

        assertValidationError(response, "standard");
    }

    @Test
    void unknownAssessmentKindIsInvalid() {
        String household = registerHousehold(createCommune("RURAL"), newNationalId());

        Response response =
                writesNothing(() -> post(assessments(household), assessment(2023, "YEARLY", 1_000_000, List.of())));

        assertValidationError(response, "kind");
    }

    @Test
    void assessmentWithoutIncomeIsInvalid() {
        String household = registerHousehold(createCommune("RURAL"), newNationalId());
        Map<String, Object> body = new HashMap<>(assessment(2023, "ANNUAL", 0, List.of()));
        body.remove("incomePerCapita");

        Response response = writesNothing(() -> post(assessments(household), body));

        assertValidationError(response, "incomePerCapita");
    }

    @Test
    void assessmentOfAnUnknownHouseholdIsNotFound() {
        Response response = writesNothing(() ->
                post(assessments(UUID.randomUUID().toString()), assessment(2023, "ANNUAL", 1_000_000, List.of())));

        assertProblem(response, 404, "/problems/not-found");
    }

    @Test
    void assessmentOfAMalformedHouseholdIdIsNotFound() {
        Response response = writesNothing(
                () -> post(assessments("not-a-household"), assessment(2023, "ANNUAL", 1_000_000, List.of())));

        assertProblem(response, 404, "/problems/not-found");
    }

    // --- idempotency -------------------------------------------------------------------------------------------

    @Test
    void retryWithTheSameKeyAndBodyReturnsTheFirstResponseAndWritesOnce() {
        String key = UUID.randomUUID().toString();
        Map<String, Object> body = household(createCommune("RURAL"), newNationalId());
        long before = eventCount();

        Response first = post("/api/households", body, key);
        Response retry = post("/api/households", body, key);

        assertThat(first.status()).isEqualTo(201);
        assertThat(retry.status()).isEqualTo(201);
        assertThat(retry.body()).isEqualTo(first.body());
        assertThat(first.header("Location")).isPresent();
        assertThat(retry.header("Location")).isEqualTo(first.header("Location"));
        assertThat(eventCount()).isEqualTo(before + 1);
    }

    @Test
    void retriedAssessmentIsRecordedOnce() {
        String household = registerHousehold(createCommune("RURAL"), newNationalId());
        Map<String, Object> body = assessment(2023, "ANNUAL", 1_400_000, List.of("SANITATION"));
        String key = UUID.randomUUID().toString();
        long before = eventCount();

        Response first = post(assessments(household), body, key);
        Response retry = post(assessments(household), body, key);

        assertThat(first.status()).isEqualTo(201);
        assertThat(retry.status()).isEqualTo(201);
        assertThat(retry.body().path("assessmentId")).isEqualTo(first.body().path("assessmentId"));
        assertThat(eventCount()).isEqualTo(before + 1);
    }

    @Test
    void sameKeyWithAnotherBodyIsAConflict() {
        String key = UUID.randomUUID().toString();
        String commune = newCommuneCode();
        assertThat(post("/api/communes", commune(commune, "RURAL"), key).status())
                .isEqualTo(201);

        Response response = writesNothing(() -> post("/api/communes", commune(newCommuneCode(), "RURAL"), key));

        assertProblem(response, 409, "/problems/conflict");
    }

    @Test
    void eventsCarryTheActorAndTheIdempotencyKey() throws IOException {
        String key = UUID.randomUUID().toString();
        String code = newCommuneCode();
        assertThat(post("/api/communes", commune(code, "RURAL"), key).status()).isEqualTo(201);

        byte[] metadata = jdbc.queryForObject(
                "SELECT meta_data FROM domain_event_entry WHERE aggregate_identifier = ?", byte[].class, code);

        JsonNode meta = json.readTree(metadata);
        assertThat(meta.path("actor").asText()).isEqualTo(USER);
        assertThat(meta.path("idempotencyKey").asText()).isEqualTo(key);
        assertThat(meta.path("correlationId").asText()).isNotBlank();
    }

    @Test
    void concurrentRetriesWithTheSameKeyApplyOnce() {
        String key = UUID.randomUUID().toString();
        Map<String, Object> body = household(createCommune("RURAL"), newNationalId());
        long before = eventCount();

        List<Response> responses = concurrently(8, () -> post("/api/households", body, key));

        assertThat(responses).extracting(Response::status).containsOnly(201);
        assertThat(responses)
                .extracting(Response::body)
                .containsOnly(responses.get(0).body());
        assertThat(eventCount()).isEqualTo(before + 1);
    }

    @Test
    void replayedResponseSaysSo() {
        String key = UUID.randomUUID().toString();
        Map<String, Object> body = commune(newCommuneCode(), "URBAN");

        Response first = post("/api/communes", body, key);
        Response retry = post("/api/communes", body, key);

        assertThat(first.header("Idempotent-Replayed")).isEmpty();
        assertThat(retry.header("Idempotent-Replayed")).contains("true");
        assertThat(retry.body()).isEqualTo(first.body());
    }

    @Test
    void refusalIsReplayedForTheSameKeyAndBody() {
        String key = UUID.randomUUID().toString();
        Map<String, Object> body = Map.of("asOf", "2022-12-31", "totalHouseholds", 10);

        Response first = writesNothing(() -> post("/api/communes/NOWHERE/household-counts", body, key));
        Response retry = writesNothing(() -> post("/api/communes/NOWHERE/household-counts", body, key));

        assertProblem(first, 404, "/problems/not-found");
        assertThat(retry.status()).isEqualTo(404);
        assertThat(retry.body()).isEqualTo(first.body());
    }

    @Test
    void keyLeftInProgressByACrashedNodeDoesNotBlockItsRetryForever() throws IOException {
        String key = UUID.randomUUID().toString();
        String body = json.writeValueAsString(commune(newCommuneCode(), "RURAL"));
        // what a node leaves behind when it dies after claiming the key and before its command commits
        jdbc.update(
                "INSERT INTO idempotency_key (idempotency_key, request_hash, state, owner, claimed_at) "
                        + "VALUES (?, ?, 'IN_PROGRESS', 'a-node-that-died', now() - interval '1 hour')",
                "5:admin:" + key,
                sha256("POST /api/communes\n" + body));

        Response retry = postRaw("/api/communes", body, Optional.of(key));

        assertThat(retry.status()).isEqualTo(201);
    }

    // --- several writers at once -------------------------------------------------------------------------------

    @RepeatedTest(5)
    void communeCreatedByConcurrentRequestsExistsOnce() {
        String code = newCommuneCode();

        List<Response> responses = concurrently(8, () -> post("/api/communes", commune(code, "RURAL")));

        assertThat(responses)
                .extracting(Response::status)
                .containsOnly(201, 409)
                .containsOnlyOnce(201);
        assertThat(eventTypesOf(code)).hasSize(1);
    }

    @Test
    void concurrentRegistrationsWithOneNationalIdRegisterOneHousehold() {
        String commune = createCommune("RURAL");
        String nationalId = newNationalId();
        long before = eventCount();

        List<Response> responses = concurrently(6, () -> post("/api/households", household(commune, nationalId)));

        assertThat(responses)
                .extracting(Response::status)
                .containsOnly(201, 409)
                .containsOnlyOnce(201);
        assertThat(eventCount()).isEqualTo(before + 1);
    }

    @Test
    void concurrentAnnualAssessmentsOfOnePeriodRecordOne() {
        String household = registerHousehold(createCommune("RURAL"), newNationalId());
        long before = eventCount();

        List<Response> responses =
                concurrently(6, () -> post(assessments(household), assessment(2023, "ANNUAL", 1_000_000, List.of())));

        assertThat(responses)
                .extracting(Response::status)
                .containsOnly(201, 422)
                .containsOnlyOnce(201);
        assertThat(eventCount()).isEqualTo(before + 1);
    }

    // --- probes of edge cases ----------------------------------------------------------------------------------

    @Test
    void householdCountAddressedToAHouseholdIdIsNotFound() {
        String household = registerHousehold(createCommune("RURAL"), newNationalId());

        Response response = writesNothing(() -> post(
                "/api/communes/" + household + "/household-counts",
                Map.of("asOf", "2022-12-31", "totalHouseholds", 10)));

        assertProblem(response, 404, "/problems/not-found");
        assertThat(eventTypesOf(household)).containsExactly("vn.poverty.api.household.HouseholdRegisteredEvent");
    }

    @Test
    void fractionalMoneyIsInvalid() {
        String household = registerHousehold(createCommune("RURAL"), newNationalId());
        String body = """
                { "period": 2023, "kind": "ANNUAL", "assessedOn": "2022-11-20",
                  "incomePerCapita": 1500000.9, "deprivations": [] }""";

        Response response = writesNothing(() -> postRaw(assessments(household), body, Optional.empty()));

        assertValidationError(response, "incomePerCapita");
    }

    @Test
    void recognitionEventCarriesTheDecisionReferenceInItsMetadata() throws IOException {
        String household = registerHousehold(createCommune("RURAL"), newNationalId());
        String assessment = assessPoor(household, 2023);
        assertThat(post(recognition(household, assessment), recognitionBody("123/QĐ-UBND", "2022-12-15"))
                        .status())
                .isEqualTo(200);

        byte[] metadata = jdbc.queryForObject(
                "SELECT meta_data FROM domain_event_entry WHERE aggregate_identifier = ? "
                        + "AND payload_type = 'vn.poverty.api.household.AssessmentRecognizedEvent'",
                byte[].class,
                household);

        JsonNode meta = json.readTree(metadata);
        assertThat(meta.path("actor").asText()).isEqualTo(USER);
        assertThat(meta.path("decisionRef").asText()).isEqualTo("123/QĐ-UBND");
    }

    // --- helpers -----------------------------------------------------------------------------------------------

    record Response(int status, String contentType, JsonNode body, Map<String, List<String>> headers, String text) {
        Optional<String> header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream())
                    .findFirst();
        }
    }

    private Response post(String path, Object body) {
        return post(path, body, null);
    }

    private Response post(String path, Object body, String idempotencyKey) {
        try {
            return postRaw(path, json.writeValueAsString(body), Optional.ofNullable(idempotencyKey));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private Response postRaw(String path, String body, Optional<String> idempotencyKey) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, application/problem+json")
                .header("Authorization", TestUsers.basic(USER))
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        idempotencyKey.ifPresent(key -> request.header("Idempotency-Key", key));
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode parsed = response.body().isEmpty() ? json.nullNode() : json.readTree(response.body());
            return new Response(
                    response.statusCode(),
                    response.headers().firstValue("Content-Type").orElse(""),
                    parsed,
                    response.headers().map(),
                    response.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Sends the same request from several threads at once. */
    private static List<Response> concurrently(int threads, Supplier<Response> request) {
        ExecutorService executor = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Response>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                futures.add(executor.submit(() -> {
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
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            executor.shutdownNow();
        }
    }

    /** Runs a request that must be refused and checks that it stored no event. */
    private Response writesNothing(Supplier<Response> request) {
        long before = eventCount();
        Response response = request.get();
        assertThat(response.status()).as("a refused request").isBetween(400, 499);
        assertThat(eventCount()).as("events after a refused request").isEqualTo(before);
        return response;
    }

    private void assertProblem(Response response, int status, String type) {
        assertThat(response.status()).as("status; body %s", response.body()).isEqualTo(status);
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

    private static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

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

    private List<JsonNode> payloadsOf(String aggregateId) {
        return jdbc
                .queryForList(
                        "SELECT payload FROM domain_event_entry WHERE aggregate_identifier = ? "
                                + "ORDER BY sequence_number",
                        byte[].class,
                        aggregateId)
                .stream()
                .map(bytes -> {
                    try {
                        return json.readTree(bytes);
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                })
                .toList();
    }

    private static String newCommuneCode() {
        return "T" + SEQUENCE.incrementAndGet();
    }

    private static String newNationalId() {
        return String.format("087%09d", SEQUENCE.incrementAndGet());
    }

    private static Map<String, Object> commune(String code, String areaType) {
        return Map.of("code", code, "name", "Xã " + code, "areaType", areaType);
    }

    private String createCommune(String areaType) {
        String code = newCommuneCode();
        Response response = post("/api/communes", commune(code, areaType));
        assertThat(response.status()).as("create commune: %s", response.body()).isEqualTo(201);
        return code;
    }

    private static Map<String, Object> household(String communeCode, String nationalId) {
        return Map.of(
                "communeCode",
                communeCode,
                "hamlet",
                "Ấp 3",
                "head",
                Map.of("fullName", "Nguyễn Văn An", "nationalId", nationalId, "birthYear", 1971),
                "memberCount",
                4,
                "meritHousehold",
                false,
                "ethnicMinority",
                false,
                "registeredOn",
                "2021-03-01");
    }

    private String registerHousehold(String communeCode, String nationalId) {
        Response response = post("/api/households", household(communeCode, nationalId));
        assertThat(response.status())
                .as("register household: %s", response.body())
                .isEqualTo(201);
        return response.body().path("householdId").asText();
    }

    private static String assessments(String household) {
        return "/api/households/" + household + "/assessments";
    }

    private static String recognition(String household, String assessment) {
        return assessments(household) + "/" + assessment + "/recognition";
    }

    private static String correction(String household, String assessment) {
        return assessments(household) + "/" + assessment + "/correction";
    }

    /** An assessment held at the review of late in the year before the period. */
    private static Map<String, Object> assessment(int period, String kind, long income, List<String> deprivations) {
        return Map.of(
                "period",
                period,
                "kind",
                kind,
                "assessedOn",
                (period - 1) + "-11-20",
                "incomePerCapita",
                income,
                "deprivations",
                deprivations);
    }

    private String assessPoor(String household, int period) {
        Response response = post(
                assessments(household),
                assessment(period, "ANNUAL", 1_400_000, List.of("HEALTH_INSURANCE", "HOUSING_AREA", "SANITATION")));
        assertThat(response.status()).as("assessment: %s", response.body()).isEqualTo(201);
        assertThat(response.body().path("proposedStatus").asText()).isEqualTo("POOR");
        return response.body().path("assessmentId").asText();
    }

    private static Map<String, Object> recognitionBody(String decisionRef, String decidedOn) {
        return Map.of("decisionRef", decisionRef, "decidedOn", decidedOn);
    }
}
