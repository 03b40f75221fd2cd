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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
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
 * Policy grants over HTTP (API.md "Policy grants") against a real PostgreSQL: statuses and problem documents, the
 * events that reach the store (or do not), the automatic end of a grant after a recognition, and idempotent retries.
 * Requests authenticate as {@code admin} unless a test says otherwise.
 */
@SpringBootTest(classes = CommandSideApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class GrantApiIT {

    private static final TestDatabase.Database DATABASE = TestDatabase.create();
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static final String EVENTS = "vn.poverty.api.household.";

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", DATABASE::url);
        registry.add("spring.datasource.username", DATABASE::username);
        registry.add("spring.datasource.password", DATABASE::password);
        registry.add("poverty.query-side-url", () -> "http://query.test:8081");
        registry.add("poverty.security.users-file", () -> TestUsers.file().toString());
        registry.add("poverty.security.jwt.hmac-secret", () -> TestUsers.HMAC_SECRET);
    }

    private static final String ADMIN = "admin";

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    // --- granting ----------------------------------------------------------------------------------------------

    @Test
    void policyIsGrantedToAPoorHousehold() {
        String household = poorHousehold();
        long before = eventCount();

        Response response = post(grants(household), grantBody("HEALTH_INSURANCE_FULL", "2023-01-01", "2023-12-31"));

        assertThat(response.status()).as("body %s", response.body()).isEqualTo(201);
        assertThat(response.body().size()).isEqualTo(1);
        assertThat(UUID.fromString(response.body().path("grantId").asText())).isNotNull();
        assertThat(eventCount()).isEqualTo(before + 1);
        assertThat(eventTypesOf(household)).last().isEqualTo(EVENTS + "PolicyGrantedEvent");
        JsonNode granted = lastPayloadOf(household);
        assertThat(granted.path("grantId").asText())
                .isEqualTo(response.body().path("grantId").asText());
        assertThat(granted.path("policyCode").asText()).isEqualTo("HEALTH_INSURANCE_FULL");
        assertThat(granted.path("validFrom").asText()).isEqualTo("2023-01-01");
        assertThat(granted.path("validTo").asText()).isEqualTo("2023-12-31");
        assertThat(granted.path("amount").asLong()).isEqualTo(1_250_000);
        JsonNode metadata = lastMetadataOf(household);
        assertThat(metadata.path("actor").asText()).isEqualTo(ADMIN);
        assertThat(metadata.path("decisionRef").asText()).isEqualTo("77/QĐ-UBND");
    }

    @Test
    void grantWithoutAnAmountIsRecordedWithZero() {
        String household = poorHousehold();
        Map<String, Object> body = new HashMap<>(grantBody("LEGAL_AID", "2023-01-01", "2023-12-31"));
        body.remove("amount");

        Response response = post(grants(household), body);

        assertThat(response.status()).as("body %s", response.body()).isEqualTo(201);
        assertThat(lastPayloadOf(household).path("amount").asLong()).isZero();
    }

    @Test
    void districtOfficerMayGrant() {
        String household = poorHousehold();

        Response response = post(
                grants(household),
                grantBody("LEGAL_AID", "2023-01-01", "2023-12-31"),
                null,
                TestUsers.basic("district"));

        assertThat(response.status()).as("body %s", response.body()).isEqualTo(201);
    }

    @Test
    void communeAndBankOfficersMayNotGrant() {
        String household = poorHousehold();

        for (String user : List.of("officer-c01", "bank")) {
            Response response = writesNothing(() -> post(
                    grants(household),
                    grantBody("LEGAL_AID", "2023-01-01", "2023-12-31"),
                    null,
                    TestUsers.basic(user)));

            assertProblem(response, 403, "/problems/forbidden");
        }
    }

    @Test
    void grantTheHouseholdIsNotEntitledToIsARuleViolation() {
        String household = poorHousehold();

        Response response = writesNothing(
                () -> post(grants(household), grantBody("HEALTH_INSURANCE_PARTIAL", "2023-01-01", "2023-12-31")));

        assertProblem(response, 422, "/problems/rule-violation");
        assertThat(response.body().path("code").asText()).isEqualTo("NOT_ENTITLED");
    }

    @Test
    void grantStartingBeforeTheHouseholdWasRecognisedIsARuleViolation() {
        String household = poorHousehold();

        Response response = writesNothing(
                () -> post(grants(household), grantBody("HEALTH_INSURANCE_FULL", "2022-12-14", "2023-12-31")));

        assertProblem(response, 422, "/problems/rule-violation");
        assertThat(response.body().path("code").asText()).isEqualTo("NOT_ENTITLED");
    }

    @Test
    void overlappingGrantIsARuleViolation() {
        String household = poorHousehold();
        grant(household, "HEALTH_INSURANCE_FULL", "2023-01-01", "2023-12-31");

        Response response = writesNothing(
                () -> post(grants(household), grantBody("HEALTH_INSURANCE_FULL", "2023-12-31", "2024-12-31")));

        assertProblem(response, 422, "/problems/rule-violation");
        assertThat(response.body().path("code").asText()).isEqualTo("OVERLAPPING_GRANT");
    }

    @Test
    void adjacentGrantIsAccepted() {
        String household = poorHousehold();
        grant(household, "HEALTH_INSURANCE_FULL", "2023-01-01", "2023-12-31");

        Response response = post(grants(household), grantBody("HEALTH_INSURANCE_FULL", "2024-01-01", "2024-12-31"));

        assertThat(response.status()).as("body %s", response.body()).isEqualTo(201);
    }

    @Test
    void unknownPolicyIsInvalid() {
        String household = poorHousehold();

        Response response =
                writesNothing(() -> post(grants(household), grantBody("FREE_LUNCH", "2023-01-01", "2023-12-31")));

        assertValidationError(response, "policyCode");
    }

    @Test
    void validToBeforeValidFromIsInvalid() {
        String household = poorHousehold();

        Response response = writesNothing(
                () -> post(grants(household), grantBody("HEALTH_INSURANCE_FULL", "2023-12-31", "2023-01-01")));

        assertValidationError(response, "validTo");
    }

    @Test
    void grantWithoutItsFieldsIsInvalid() {
        String household = poorHousehold();

        Response response = writesNothing(() -> post(grants(household), Map.of("amount", 0)));

        assertProblem(response, 400, "/problems/validation");
        assertThat(response.body().path("errors").findValuesAsText("field"))
                .contains("policyCode", "validFrom", "validTo", "decisionRef");
    }

    @Test
    void negativeAmountIsInvalid() {
        String household = poorHousehold();
        Map<String, Object> body = new HashMap<>(grantBody("LEGAL_AID", "2023-01-01", "2023-12-31"));
        body.put("amount", -1);

        Response response = writesNothing(() -> post(grants(household), body));

        assertValidationError(response, "amount");
    }

    @Test
    void unreadableDateIsInvalid() {
        String household = poorHousehold();
        Map<String, Object> body = new HashMap<>(grantBody("LEGAL_AID", "2023-01-01", "2023-12-31"));
        body.put("validFrom", "01/01/2023");

        Response response = writesNothing(() -> post(grants(household), body));

        assertValidationError(response, "validFrom");
    }

    @Test
    void grantToAnUnknownHouseholdIsNotFound() {
        Response response = writesNothing(
                () -> post(grants(UUID.randomUUID().toString()), grantBody("LEGAL_AID", "2023-01-01", "2023-12-31")));

        assertProblem(response, 404, "/problems/not-found");
    }

    @Test
    void grantToAMalformedHouseholdIdIsNotFound() {
        Response response = writesNothing(
                () -> post(grants("not-a-household"), grantBody("LEGAL_AID", "2023-01-01", "2023-12-31")));

        assertProblem(response, 404, "/problems/not-found");
    }

    // --- revocation --------------------------------------------------------------------------------------------

    @Test
    void grantIsRevoked() {
        String household = poorHousehold();
        String grant = grant(household, "HEALTH_INSURANCE_FULL", "2023-01-01", "2023-12-31");
        long before = eventCount();

        Response response = post(revocation(household, grant), revocationBody("2023-07-01"));

        assertThat(response.status()).as("body %s", response.body()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(json.valueToTree(Map.of("grantId", grant, "revokedOn", "2023-07-01")));
        assertThat(eventCount()).isEqualTo(before + 1);
        assertThat(eventTypesOf(household)).last().isEqualTo(EVENTS + "GrantRevokedEvent");
        JsonNode revoked = lastPayloadOf(household);
        assertThat(revoked.path("grantId").asText()).isEqualTo(grant);
        assertThat(revoked.path("revokedOn").asText()).isEqualTo("2023-07-01");
        assertThat(revoked.path("reason").asText()).isEqualTo("moved away");
    }

    @Test
    void revokedDaysMayBeGrantedAgain() {
        String household = poorHousehold();
        String grant = grant(household, "HEALTH_INSURANCE_FULL", "2023-01-01", "2023-12-31");
        assertThat(post(revocation(household, grant), revocationBody("2023-07-01"))
                        .status())
                .isEqualTo(200);

        Response response = post(grants(household), grantBody("HEALTH_INSURANCE_FULL", "2023-07-01", "2024-06-30"));

        assertThat(response.status()).as("body %s", response.body()).isEqualTo(201);
    }

    @Test
    void revokingTwiceIsAConflict() {
        String household = poorHousehold();
        String grant = grant(household, "HEALTH_INSURANCE_FULL", "2023-01-01", "2023-12-31");
        assertThat(post(revocation(household, grant), revocationBody("2023-07-01"))
                        .status())
                .isEqualTo(200);

        Response response = writesNothing(() -> post(revocation(household, grant), revocationBody("2023-07-01")));

        assertProblem(response, 409, "/problems/conflict");
        assertThat(response.body().path("code").asText()).isEqualTo("GRANT_ALREADY_ENDED");
    }

    @Test
    void revocationOutsideTheValidityIsARuleViolation() {
        String household = poorHousehold();
        String grant = grant(household, "HEALTH_INSURANCE_FULL", "2023-01-01", "2023-12-31");

        Response response = writesNothing(() -> post(revocation(household, grant), revocationBody("2024-01-01")));

        assertProblem(response, 422, "/problems/rule-violation");
        assertThat(response.body().path("code").asText()).isEqualTo("REVOCATION_OUTSIDE_VALIDITY");
    }

    @Test
    void revocationOfAnUnknownGrantIsNotFound() {
        String household = poorHousehold();

        Response response = writesNothing(
                () -> post(revocation(household, UUID.randomUUID().toString()), revocationBody("2023-07-01")));

        assertProblem(response, 404, "/problems/not-found");
    }

    @Test
    void revocationOfAMalformedGrantIdIsNotFound() {
        String household = poorHousehold();

        Response response =
                writesNothing(() -> post(revocation(household, "not-a-grant"), revocationBody("2023-07-01")));

        assertProblem(response, 404, "/problems/not-found");
    }

    @Test
    void revocationOfAGrantOfAnotherHouseholdIsNotFound() {
        String household = poorHousehold();
        String grant = grant(household, "HEALTH_INSURANCE_FULL", "2023-01-01", "2023-12-31");
        String other = poorHousehold();

        Response response = writesNothing(() -> post(revocation(other, grant), revocationBody("2023-07-01")));

        assertProblem(response, 404, "/problems/not-found");
    }

    @Test
    void revocationOfAnUnknownHouseholdIsNotFound() {
        Response response = writesNothing(() -> post(
                revocation(UUID.randomUUID().toString(), UUID.randomUUID().toString()), revocationBody("2023-07-01")));

        assertProblem(response, 404, "/problems/not-found");
    }

    @Test
    void revocationWithoutAReasonIsInvalid() {
        String household = poorHousehold();
        String grant = grant(household, "HEALTH_INSURANCE_FULL", "2023-01-01", "2023-12-31");

        Response response = writesNothing(() -> post(revocation(household, grant), Map.of("revokedOn", "2023-07-01")));

        assertValidationError(response, "reason");
    }

    // --- automatic ending --------------------------------------------------------------------------------------

    @Test
    void recognitionThatEndsTheEntitlementEndsTheGrantOnTheDecisionDate() {
        String household = poorHousehold();
        String grant = grant(household, "HEALTH_INSURANCE_FULL", "2023-01-01", "2023-12-31");
        String escape = assessNotPoor(household, "2023-06-01");
        long before = eventCount();

        Response response = post(recognition(household, escape), recognitionBody("456/QĐ-UBND", "2023-06-15"));

        assertThat(response.status()).as("body %s", response.body()).isEqualTo(200);
        assertThat(response.body().path("status").asText()).isEqualTo("NOT_POOR");
        assertThat(eventCount()).isEqualTo(before + 2);
        List<String> types = eventTypesOf(household);
        assertThat(types.subList(types.size() - 2, types.size()))
                .containsExactly(EVENTS + "AssessmentRecognizedEvent", EVENTS + "GrantEndedEvent");
        assertGrantEnded(household, grant, "HEALTH_INSURANCE_FULL", "2023-06-15", "NOT_POOR", "456/QĐ-UBND");
        // the ended grant can no longer be revoked after its end
        Response revoke = writesNothing(() -> post(revocation(household, grant), revocationBody("2023-07-01")));
        assertProblem(revoke, 409, "/problems/conflict");
    }

    @Test
    void grantRecordedAfterTheRecognitionEndsAtOnce() {
        String household = poorHousehold();
        String escape = assessNotPoor(household, "2023-06-01");
        assertThat(post(recognition(household, escape), recognitionBody("456/QĐ-UBND", "2023-06-15"))
                        .status())
                .isEqualTo(200);
        long before = eventCount();

        Response response = post(grants(household), grantBody("HEALTH_INSURANCE_FULL", "2023-01-01", "2023-12-31"));

        assertThat(response.status()).as("body %s", response.body()).isEqualTo(201);
        String grant = response.body().path("grantId").asText();
        assertThat(eventCount()).isEqualTo(before + 2);
        List<String> types = eventTypesOf(household);
        assertThat(types.subList(types.size() - 2, types.size()))
                .containsExactly(EVENTS + "PolicyGrantedEvent", EVENTS + "GrantEndedEvent");
        assertGrantEnded(household, grant, "HEALTH_INSURANCE_FULL", "2023-06-15", "NOT_POOR", "456/QĐ-UBND");
    }

    @Test
    void recognitionThatKeepsTheEntitlementEndsNothing() {
        String household = poorHousehold();
        grant(household, "LEGAL_AID", "2023-01-01", "2023-12-31");
        String nearPoor = assessment(household, "2023-06-01", 1_450_000, List.of("SANITATION"), "NEAR_POOR");
        long before = eventCount();

        Response response = post(recognition(household, nearPoor), recognitionBody("456/QĐ-UBND", "2023-06-15"));

        assertThat(response.status()).as("body %s", response.body()).isEqualTo(200);
        assertThat(eventCount()).isEqualTo(before + 1);
        assertThat(eventTypesOf(household)).doesNotContain(EVENTS + "GrantEndedEvent");
    }

    // --- idempotency -------------------------------------------------------------------------------------------

    @Test
    void retriedGrantWithTheSameKeyIsGrantedOnce() {
        String household = poorHousehold();
        Map<String, Object> body = grantBody("HEALTH_INSURANCE_FULL", "2023-01-01", "2023-12-31");
        String key = UUID.randomUUID().toString();
        long before = eventCount();

        Response first = post(grants(household), body, key, TestUsers.basic(ADMIN));
        Response retry = post(grants(household), body, key, TestUsers.basic(ADMIN));

        assertThat(first.status()).as("body %s", first.body()).isEqualTo(201);
        assertThat(retry.status()).isEqualTo(201);
        assertThat(retry.body()).isEqualTo(first.body());
        assertThat(retry.header("Idempotent-Replayed")).contains("true");
        assertThat(eventCount()).isEqualTo(before + 1);
        assertThat(eventTypesOf(household))
                .filteredOn((EVENTS + "PolicyGrantedEvent")::equals)
                .hasSize(1);
    }

    @Test
    void repeatedGrantWithoutAKeyIsRefusedAsOverlapping() {
        String household = poorHousehold();
        Map<String, Object> body = grantBody("HEALTH_INSURANCE_FULL", "2023-01-01", "2023-12-31");
        assertThat(post(grants(household), body).status()).isEqualTo(201);

        Response repeat = writesNothing(() -> post(grants(household), body));

        assertProblem(repeat, 422, "/problems/rule-violation");
    }

    @Test
    void retriedRevocationWithTheSameKeyIsRecordedOnce() {
        String household = poorHousehold();
        String grant = grant(household, "HEALTH_INSURANCE_FULL", "2023-01-01", "2023-12-31");
        String key = UUID.randomUUID().toString();
        long before = eventCount();

        Response first = post(revocation(household, grant), revocationBody("2023-07-01"), key, TestUsers.basic(ADMIN));
        Response retry = post(revocation(household, grant), revocationBody("2023-07-01"), key, TestUsers.basic(ADMIN));

        assertThat(first.status()).isEqualTo(200);
        assertThat(retry.status()).isEqualTo(200);
        assertThat(retry.body()).isEqualTo(first.body());
        assertThat(eventCount()).isEqualTo(before + 1);
    }

    @Test
    void sameKeyForAnotherGrantIsAConflict() {
        String household = poorHousehold();
        String key = UUID.randomUUID().toString();
        assertThat(post(
                                grants(household),
                                grantBody("LEGAL_AID", "2023-01-01", "2023-12-31"),
                                key,
                                TestUsers.basic(ADMIN))
                        .status())
                .isEqualTo(201);

        Response response = writesNothing(() -> post(
                grants(household),
                grantBody("HEALTH_INSURANCE_FULL", "2023-01-01", "2023-12-31"),
                key,
                TestUsers.basic(ADMIN)));

        assertProblem(response, 409, "/problems/conflict");
    }

    // --- helpers -----------------------------------------------------------------------------------------------

    record Response(int status, String contentType, JsonNode body, Map<String, List<String>> headers) {
        Optional<String> header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream())
                    .findFirst();
        }
    }

    private Response post(String path, Object body) {
        return post(path, body, null, TestUsers.basic(ADMIN));
    }

    private Response post(String path, Object body, String idempotencyKey, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, application/problem+json")
                .header("Authorization", authorization);
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        try {
            request.POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body), StandardCharsets.UTF_8));
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode parsed = response.body().isEmpty() ? json.nullNode() : json.readTree(response.body());
            return new Response(
                    response.statusCode(),
                    response.headers().firstValue("Content-Type").orElse(""),
                    parsed,
                    response.headers().map());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Runs a request that must be refused and checks that it stored no event. */
    private Response writesNothing(Supplier<Response> request) {
        long before = eventCount();
        Response response = request.get();
        assertThat(response.status())
                .as("a refused request: %s", response.body())
                .isBetween(400, 499);
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

    private void assertGrantEnded(
            String household, String grant, String policyCode, String endedOn, String status, String decisionRef) {
        String sql = "SELECT %s FROM domain_event_entry WHERE aggregate_identifier = ? AND payload_type LIKE ?";
        List<JsonNode> payloads =
                jdbc.queryForList(sql.formatted("payload"), byte[].class, household, "%GrantEndedEvent").stream()
                        .map(this::read)
                        .toList();
        assertThat(payloads).hasSize(1);
        JsonNode ended = payloads.get(0);
        assertThat(ended.path("grantId").asText()).isEqualTo(grant);
        assertThat(ended.path("policyCode").asText()).isEqualTo(policyCode);
        assertThat(ended.path("endedOn").asText()).isEqualTo(endedOn);
        assertThat(ended.path("status").asText()).isEqualTo(status);
        assertThat(ended.path("decisionRef").asText()).isEqualTo(decisionRef);
        JsonNode metadata =
                read(jdbc.queryForObject(sql.formatted("meta_data"), byte[].class, household, "%GrantEndedEvent"));
        assertThat(metadata.path("decisionRef").asText()).isEqualTo(decisionRef);
        assertThat(metadata.path("actor").asText()).isEqualTo(ADMIN);
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

    private JsonNode read(byte[] bytes) {
        try {
            return json.readTree(bytes);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A household of a new rural commune, recognised POOR from 2022-12-15 (the 2023 annual review). */
    private String poorHousehold() {
        String commune = "G" + SEQUENCE.incrementAndGet();
        Response created = post("/api/communes", Map.of("code", commune, "name", "Xã " + commune, "areaType", "RURAL"));
        assertThat(created.status()).as("create commune: %s", created.body()).isEqualTo(201);
        Response registered = post(
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
                                String.format("089%09d", SEQUENCE.incrementAndGet()),
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
                .as("register household: %s", registered.body())
                .isEqualTo(201);
        String household = registered.body().path("householdId").asText();
        Response assessed = post(
                assessments(household),
                Map.of(
                        "period",
                        2023,
                        "kind",
                        "ANNUAL",
                        "assessedOn",
                        "2022-11-20",
                        "incomePerCapita",
                        1_400_000,
                        "deprivations",
                        List.of("HEALTH_INSURANCE", "HOUSING_AREA", "SANITATION")));
        assertThat(assessed.status()).as("assessment: %s", assessed.body()).isEqualTo(201);
        String assessment = assessed.body().path("assessmentId").asText();
        Response recognised = post(recognition(household, assessment), recognitionBody("123/QĐ-UBND", "2022-12-15"));
        assertThat(recognised.status()).as("recognition: %s", recognised.body()).isEqualTo(200);
        assertThat(recognised.body().path("status").asText()).isEqualTo("POOR");
        return household;
    }

    /** An ad-hoc review proposing NOT_POOR, not yet recognised. */
    private String assessNotPoor(String household, String assessedOn) {
        return assessment(household, assessedOn, 1_700_000, List.of(), "NOT_POOR");
    }

    private String assessment(
            String household, String assessedOn, long income, List<String> deprivations, String expected) {
        Response response = post(
                assessments(household),
                Map.of(
                        "period",
                        2023,
                        "kind",
                        "ADHOC",
                        "assessedOn",
                        assessedOn,
                        "incomePerCapita",
                        income,
                        "deprivations",
                        deprivations));
        assertThat(response.status()).as("assessment: %s", response.body()).isEqualTo(201);
        assertThat(response.body().path("proposedStatus").asText()).isEqualTo(expected);
        return response.body().path("assessmentId").asText();
    }

    private String grant(String household, String policyCode, String validFrom, String validTo) {
        Response response = post(grants(household), grantBody(policyCode, validFrom, validTo));
        assertThat(response.status()).as("grant: %s", response.body()).isEqualTo(201);
        return response.body().path("grantId").asText();
    }

    private static Map<String, Object> grantBody(String policyCode, String validFrom, String validTo) {
        return Map.of(
                "policyCode",
                policyCode,
                "validFrom",
                validFrom,
                "validTo",
                validTo,
                "decisionRef",
                "77/QĐ-UBND",
                "amount",
                1_250_000);
    }

    private static Map<String, Object> revocationBody(String revokedOn) {
        return Map.of("revokedOn", revokedOn, "reason", "moved away");
    }

    private static Map<String, Object> recognitionBody(String decisionRef, String decidedOn) {
        return Map.of("decisionRef", decisionRef, "decidedOn", decidedOn);
    }

    private static String assessments(String household) {
        return "/api/households/" + household + "/assessments";
    }

    private static String recognition(String household, String assessment) {
        return assessments(household) + "/" + assessment + "/recognition";
    }

    private static String grants(String household) {
        return "/api/households/" + household + "/grants";
    }

    private static String revocation(String household, String grant) {
        return grants(household) + "/" + grant + "/revocation";
    }
}
