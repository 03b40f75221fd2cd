package vn.poverty.command.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
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
 * What the security tests of the command side share: one app on one real PostgreSQL (the subclasses share the Spring
 * context, so it starts once), HTTP Basic accounts of {@link TestUsers} and JWTs signed with
 * {@link TestUsers#HMAC_SECRET}, fixtures created once as {@code admin}, and helpers to send requests with any
 * {@code Authorization} header (or none) and to look at what reached the event store.
 */
@SpringBootTest(classes = CommandSideApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
abstract class SecuredApiTestBase {

    static final TestDatabase.Database DATABASE = TestDatabase.create();
    static final String C01 = "C01";
    static final String C02 = "C02";
    /** Another HS256 key, as long as the real one: tokens signed with it must not get in. */
    static final String FOREIGN_SECRET = "a-foreign-hmac-secret-of-at-least-32-bytes";

    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static Fixtures fixtures;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", DATABASE::url);
        registry.add("spring.datasource.username", DATABASE::username);
        registry.add("spring.datasource.password", DATABASE::password);
        registry.add("poverty.query-side-url", () -> "http://query.test:8081");
        registry.add("poverty.security.users-file", () -> TestUsers.file().toString());
        registry.add("poverty.security.jwt.hmac-secret", () -> TestUsers.HMAC_SECRET);
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    final ObjectMapper json = new ObjectMapper();
    final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final HttpClient following = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();

    /** Communes C01 (rural) and C02 (urban) and one household in each, each with an annual assessment for 2023. */
    record Fixtures(String householdC01, String householdC02) {}

    /** Creates the fixtures on first use (as admin); every subclass sees the same ones. */
    Fixtures fixtures() {
        synchronized (SecuredApiTestBase.class) {
            if (fixtures == null) {
                createCommune(C01, "RURAL");
                createCommune(C02, "URBAN");
                String householdC01 = registerHousehold(C01);
                String householdC02 = registerHousehold(C02);
                expectStatus(post(assessments(householdC01), assessment("ANNUAL"), admin()), 201, "assessment");
                expectStatus(post(assessments(householdC02), assessment("ANNUAL"), admin()), 201, "assessment");
                fixtures = new Fixtures(householdC01, householdC02);
            }
            return fixtures;
        }
    }

    // --- credentials -------------------------------------------------------------------------------------------

    static String admin() {
        return TestUsers.basic("admin");
    }

    static String basic(String user) {
        return TestUsers.basic(user);
    }

    static String basic(String user, String password) {
        return "Basic "
                + java.util.Base64.getEncoder()
                        .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    static String bearer(String name, List<String> roles, List<String> communes) {
        return TestUsers.bearer(name, roles, communes);
    }

    /** A bearer header with a token of the given claims, HS256-signed with {@code secret}. */
    static String bearer(JWTClaimsSet claims, String secret) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
            jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
            return "Bearer " + jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    // --- requests ----------------------------------------------------------------------------------------------

    record Response(int status, String contentType, String text, JsonNode body, Map<String, List<String>> headers) {
        Optional<String> header(String name) {
            return headers(name).stream().findFirst();
        }

        List<String> headers(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream())
                    .toList();
        }
    }

    /** POSTs {@code body} as JSON; {@code authorization} is the header's value, or null for an anonymous call. */
    Response post(String path, Object body, String authorization) {
        try {
            return post(path, json.writeValueAsString(body), authorization);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    Response post(String path, String body, String authorization) {
        return send(path, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8), authorization, null);
    }

    Response send(String path, HttpRequest.BodyPublisher body, String authorization, String idempotencyKey) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, application/problem+json")
                .POST(body);
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return exchange(http, request.build());
    }

    /** GETs {@code path}, following redirects. */
    Response get(String path, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return exchange(following, request.build());
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    private Response exchange(HttpClient client, HttpRequest request) {
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            String contentType = response.headers().firstValue("Content-Type").orElse("");
            JsonNode parsed = json.nullNode();
            if (contentType.contains("json") && !response.body().isEmpty()) {
                parsed = json.readTree(response.body());
            }
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

    // --- fixtures and bodies -----------------------------------------------------------------------------------

    static int next() {
        return SEQUENCE.incrementAndGet();
    }

    static String newCommuneCode() {
        return "S" + next();
    }

    static String newNationalId() {
        return String.format("079%09d", next());
    }

    static Map<String, Object> commune(String code, String areaType) {
        return Map.of("code", code, "name", "Xã " + code, "areaType", areaType);
    }

    static Map<String, Object> householdCount() {
        return Map.of("asOf", LocalDate.of(2000, 1, 1).plusDays(next()).toString(), "totalHouseholds", 5321);
    }

    static Map<String, Object> household(String communeCode) {
        return household(communeCode, newNationalId());
    }

    static Map<String, Object> household(String communeCode, String nationalId) {
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

    /** A 2023 review that proposes POOR in a rural commune; ADHOC ones may be repeated for the same period. */
    static Map<String, Object> assessment(String kind) {
        return Map.of(
                "period",
                2023,
                "kind",
                kind,
                "assessedOn",
                "2022-11-20",
                "incomePerCapita",
                1_400_000,
                "deprivations",
                List.of("HEALTH_INSURANCE", "HOUSING_AREA", "SANITATION"));
    }

    static Map<String, Object> recognitionBody() {
        return Map.of("decisionRef", "123/QĐ-UBND", "decidedOn", "2022-12-15");
    }

    static Map<String, Object> correctionBody() {
        return Map.of(
                "incomePerCapita",
                1_600_000,
                "deprivations",
                List.of("SANITATION"),
                "reason",
                "income misread",
                "decisionRef",
                "130/QĐ-UBND");
    }

    static String assessments(String household) {
        return "/api/households/" + household + "/assessments";
    }

    static String recognition(String household, String assessment) {
        return assessments(household) + "/" + assessment + "/recognition";
    }

    static String correction(String household, String assessment) {
        return assessments(household) + "/" + assessment + "/correction";
    }

    void createCommune(String code, String areaType) {
        expectStatus(post("/api/communes", commune(code, areaType), admin()), 201, "create commune " + code);
    }

    String registerHousehold(String communeCode) {
        Response response =
                expectStatus(post("/api/households", household(communeCode), admin()), 201, "register household");
        return response.body().path("householdId").asText();
    }

    /** A fresh, unrecognised ADHOC assessment of {@code household}, recorded as admin. */
    String recordAssessment(String household) {
        Response response = expectStatus(post(assessments(household), assessment("ADHOC"), admin()), 201, "assessment");
        return response.body().path("assessmentId").asText();
    }

    /** A fresh ADHOC assessment of {@code household}, recognised as admin. */
    String recognisedAssessment(String household) {
        String assessment = recordAssessment(household);
        expectStatus(post(recognition(household, assessment), recognitionBody(), admin()), 200, "recognition");
        return assessment;
    }

    private static Response expectStatus(Response response, int status, String what) {
        assertThat(response.status()).as("%s: %s", what, response.text()).isEqualTo(status);
        return response;
    }

    // --- the event store ---------------------------------------------------------------------------------------

    long eventCount() {
        return jdbc.queryForObject("SELECT count(*) FROM domain_event_entry", Long.class);
    }

    /** The metadata of the event last appended to the store. */
    JsonNode lastEventMetadata() {
        return metadata(jdbc.queryForObject(
                "SELECT meta_data FROM domain_event_entry ORDER BY global_index DESC LIMIT 1", byte[].class));
    }

    /** The metadata of every event of one aggregate, in order. */
    List<JsonNode> metadataOf(String aggregateId) {
        return jdbc
                .queryForList(
                        "SELECT meta_data FROM domain_event_entry WHERE aggregate_identifier = ? "
                                + "ORDER BY sequence_number",
                        byte[].class,
                        aggregateId)
                .stream()
                .map(this::metadata)
                .toList();
    }

    private JsonNode metadata(byte[] bytes) {
        try {
            return json.readTree(bytes);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs a request that must be refused and checks that it stored no event. */
    Response writesNothing(Supplier<Response> request) {
        long before = eventCount();
        Response response = request.get();
        assertThat(response.status())
                .as("a refused request: %s", response.text())
                .isBetween(400, 499);
        assertThat(eventCount()).as("events after a refused request").isEqualTo(before);
        return response;
    }

    // --- assertions --------------------------------------------------------------------------------------------

    static void assertProblem(Response response, int status, String type) {
        assertThat(response.status()).as("status; body %s", response.text()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.body().path("type").asText()).isEqualTo(type);
        assertThat(response.body().path("status").asInt()).isEqualTo(status);
        assertThat(response.body().path("title").asText()).isNotBlank();
        assertThat(response.body().path("detail").asText()).isNotBlank();
    }

    static void assertUnauthorized(Response response) {
        assertProblem(response, 401, "/problems/unauthorized");
        assertThat(response.headers("WWW-Authenticate")).as("WWW-Authenticate").isNotEmpty();
    }

    static void assertForbidden(Response response) {
        assertProblem(response, 403, "/problems/forbidden");
    }
}
