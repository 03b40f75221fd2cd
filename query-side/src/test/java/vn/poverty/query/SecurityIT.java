package vn.poverty.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
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
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import vn.poverty.api.access.Role;
import vn.poverty.api.commune.AreaType;
import vn.poverty.api.household.AssessmentId;
import vn.poverty.api.household.AssessmentKind;
import vn.poverty.api.household.HouseholdStatus;
import vn.poverty.testsupport.TestDatabase;
import vn.poverty.testsupport.TestUsers;

/**
 * Authentication, roles and commune scoping of the query side (API.md "Authentication", issue "Authentication, roles
 * and commune scoping"), over HTTP against the app as deployed: HTTP Basic with the accounts of {@link TestUsers} and
 * JWT bearer tokens signed with {@link TestUsers#HMAC_SECRET}. The history is small:
 *
 * <pre>
 * commune C01 Mỹ Thọ (URBAN): 200 households as of 2022-12-31
 *   A  Nguyễn Văn An   Khóm 1         087123456789  POOR 2022-12-15
 *      L  POOR_HOUSEHOLD loan of 30,000,000 VND applied 2023-02-01, approved 02-10, disbursed 03-01
 *   B  Trần Thị Bình   Khóm 2         087000000002  NEAR_POOR 2022-12-15
 * commune C02 Mỹ Hội (RURAL): 1200 households as of 2022-12-31
 *   C  Võ Văn Em       Ấp 1 (merit)   079987654321  POOR 2022-12-20
 *   D  Đặng Thị Giang  Ấp 2           079000000004  never recognised
 * </pre>
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecurityIT {

    private static final TestDatabase.Database DB = TestDatabase.create();
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false);

    /** After the 2022 decisions and totals, before anything of 2023-12-31 was recorded. */
    private static final String AS_OF = "2023-06-30";

    private static final String ID_A = "087123456789";
    private static final String ID_C = "079987654321";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
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
    @Qualifier("requestMappingHandlerMapping")
    private RequestMappingHandlerMapping mappings;

    private final EventHistory history = new EventHistory();

    private String a;
    private String b;
    private String c;
    private String d;
    private String loan;

    @BeforeAll
    void recordTheHistoryAndAwaitItsProjection() {
        history.commune("C01", "Mỹ Thọ", AreaType.URBAN, 200, 250);
        history.commune("C02", "Mỹ Hội", AreaType.RURAL, 1200, 1350);

        a = history.household("C01", AreaType.URBAN, "Khóm 1", "Nguyễn Văn An", ID_A, false);
        recognized(a, "2022-12-15", HouseholdStatus.POOR, 3);
        loan = history.applyForLoan(
                a, "C01", "POOR_HOUSEHOLD", "6.60", 30_000_000, 12, "2023-02-01", HouseholdStatus.POOR);
        history.approveLoan(loan, "2023-02-10");
        history.disburseLoan(loan, "2023-03-01");
        b = history.household("C01", AreaType.URBAN, "Khóm 2", "Trần Thị Bình", "087000000002", false);
        recognized(b, "2022-12-15", HouseholdStatus.NEAR_POOR, 1);
        c = history.household("C02", AreaType.RURAL, "Ấp 1", "Võ Văn Em", ID_C, true);
        recognized(c, "2022-12-20", HouseholdStatus.POOR, 4);
        d = history.household("C02", AreaType.RURAL, "Ấp 2", "Đặng Thị Giang", "079000000004", false);

        history.publishTo(eventStore);
        awaitProjected();
    }

    // ---- who may call what

    /** A way of calling: nobody, an account of the users file, or a bearer token. */
    record Caller(String label, Role role, String authorization) {
        static final Caller ANONYMOUS = new Caller("anonymous", null, null);

        static Caller basic(String user, Role role) {
            return new Caller("Basic " + user, role, TestUsers.basic(user));
        }

        static Caller jwt(String name, List<Role> roles, List<String> communes) {
            return new Caller(
                    "JWT " + name + " " + roles + " " + communes,
                    roles.isEmpty() ? null : roles.get(0),
                    TestUsers.bearer(name, roles.stream().map(Role::name).toList(), communes));
        }

        @Override
        public String toString() {
            return label;
        }
    }

    /**
     * A GET endpoint of the query side: its mapping pattern, a path to call ({@code {A}} for household A of C01,
     * {@code {L}} for its loan), whether it is built yet, and the roles AccessRules lets in.
     */
    record Endpoint(String pattern, String path, boolean built, Set<Role> allowed) {
        @Override
        public String toString() {
            return pattern;
        }
    }

    private static final Set<Role> EVERY_ROLE = EnumSet.allOf(Role.class);

    private static final List<Endpoint> ENDPOINTS = List.of(
            new Endpoint("/api/households/{householdId}", "/api/households/{A}", true, EVERY_ROLE),
            new Endpoint("/api/households", "/api/households", true, EVERY_ROLE),
            new Endpoint("/api/me", "/api/me", true, EVERY_ROLE),
            new Endpoint("/api/reports/poverty", "/api/reports/poverty", true, EVERY_ROLE),
            new Endpoint("/api/communes", "/api/communes", true, EVERY_ROLE),
            new Endpoint("/api/communes/{code}", "/api/communes/C01", true, EVERY_ROLE),
            new Endpoint("/api/reports/coverage", "/api/reports/coverage", true, EVERY_ROLE),
            new Endpoint("/api/reports/coverage/gaps", "/api/reports/coverage/gaps", true, EVERY_ROLE),
            new Endpoint("/api/reports/targets", "/api/reports/targets?fromYear=2022&toYear=2023", true, EVERY_ROLE),
            new Endpoint("/api/loans/{loanId}", "/api/loans/{L}", true, EVERY_ROLE),
            new Endpoint("/api/reports/loans", "/api/reports/loans", true, EVERY_ROLE),
            new Endpoint(
                    "/api/reports/communes/{code}/periodic",
                    "/api/reports/communes/C01/periodic?period=2024-Q3",
                    true,
                    EVERY_ROLE),
            new Endpoint(
                    "/api/audit/verification", "/api/audit/verification", true, EnumSet.of(Role.ADMIN, Role.AUDITOR)),
            new Endpoint(
                    "/api/households/{householdId}/history",
                    "/api/households/{A}/history",
                    true,
                    EnumSet.of(Role.ADMIN, Role.DISTRICT_OFFICER, Role.COMMUNE_OFFICER, Role.AUDITOR)),
            new Endpoint("/api/admin/projections", "/api/admin/projections", true, EnumSet.of(Role.ADMIN)),
            new Endpoint("/api/admin/dead-letters", "/api/admin/dead-letters", true, EnumSet.of(Role.ADMIN)));

    /** Every role once with HTTP Basic and once with a JWT, and users with no role at all. */
    private static List<Caller> callersWithEachRole() {
        return List.of(
                Caller.basic("admin", Role.ADMIN),
                Caller.basic("district", Role.DISTRICT_OFFICER),
                Caller.basic("officer-c01", Role.COMMUNE_OFFICER),
                Caller.basic("bank", Role.BANK_OFFICER),
                Caller.basic("auditor", Role.AUDITOR),
                Caller.basic("nobody", null),
                Caller.jwt("jwt-admin", List.of(Role.ADMIN), List.of()),
                Caller.jwt("jwt-district", List.of(Role.DISTRICT_OFFICER), List.of()),
                Caller.jwt("jwt-officer", List.of(Role.COMMUNE_OFFICER), List.of("C01")),
                Caller.jwt("jwt-bank", List.of(Role.BANK_OFFICER), List.of()),
                Caller.jwt("jwt-auditor", List.of(Role.AUDITOR), List.of()),
                Caller.jwt("jwt-nobody", List.of(), List.of()));
    }

    Stream<Arguments> matrix() {
        List<Arguments> cases = new ArrayList<>();
        for (Endpoint endpoint : ENDPOINTS) {
            cases.add(Arguments.of(endpoint, Caller.ANONYMOUS));
            for (Caller caller : callersWithEachRole()) {
                cases.add(Arguments.of(endpoint, caller));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "GET {0} as {1}")
    @MethodSource("matrix")
    void eachRoleGetsExactlyTheAccessItsRulesGiveAndAnonymousIsUnauthenticated(Endpoint endpoint, Caller caller) {
        String path = endpoint.path().replace("{A}", a).replace("{L}", loan);
        ResponseEntity<String> response = get(caller, path + (path.contains("?") ? "&" : "?") + "asOf=" + AS_OF);

        if (caller.authorization() == null) {
            assertUnauthorized(response);
        } else if (caller.role() == null || !endpoint.allowed().contains(caller.role())) {
            assertProblem(response, 403, "/problems/forbidden");
        } else if (endpoint.built()) {
            assertThat(response.getStatusCode().value())
                    .as("%s: %s", caller, response.getBody())
                    .isEqualTo(200);
        } else {
            // let through by the rules; there is no controller yet
            assertThat(response.getStatusCode().value())
                    .as("%s: %s", caller, response.getBody())
                    .isIn(200, 404);
        }
    }

    @Test
    void theMatrixCoversEveryGetEndpointOfTheApi() {
        Set<String> mapped = new TreeSet<>();
        mappings.getHandlerMethods().forEach((info, method) -> {
            Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
            if (methods.isEmpty() || methods.contains(RequestMethod.GET)) {
                info.getPatternValues().stream()
                        .filter(p -> p.startsWith("/api/"))
                        .forEach(mapped::add);
            }
        });
        Set<String> built = new TreeSet<>();
        ENDPOINTS.stream().filter(Endpoint::built).map(Endpoint::pattern).forEach(built::add);

        assertThat(mapped)
                .as("GET endpoints of the app; move a planned one to built=true when it is built")
                .isEqualTo(built);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/actuator/health", "/v3/api-docs", "/swagger-ui.html"})
    void healthOpenApiDocumentAndSwaggerUiArePublic(String path) {
        ResponseEntity<String> response = get(Caller.ANONYMOUS, path);
        if (response.getStatusCode().is3xxRedirection()) { // swagger-ui.html redirects to swagger-ui/index.html
            URI location = response.getHeaders().getLocation();
            assertThat(location).isNotNull();
            response = get(Caller.ANONYMOUS, location.isAbsolute() ? location.getRawPath() : location.toString());
        }

        assertThat(response.getStatusCode().value())
                .as(path + ": " + response.getBody())
                .isEqualTo(200);
        if (path.equals("/actuator/health")) {
            assertThat(parse(response.getBody()).get("status").asText()).isEqualTo("UP");
        } else if (path.equals("/v3/api-docs")) {
            assertThat(parse(response.getBody()).get("paths").has("/api/households"))
                    .isTrue();
        } else {
            assertThat(response.getBody()).containsIgnoringCase("swagger");
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "/",
                "/index.html",
                "/commune.html",
                "/js/dashboard.js",
                "/css/dashboard.css",
                "/favicon.svg",
                "/webjars/echarts/dist/echarts.esm.min.js"
            })
    void theDashboardsStaticFilesArePublic(String path) {
        ResponseEntity<String> response = get(Caller.ANONYMOUS, path);

        assertThat(response.getStatusCode().value()).as(path).isEqualTo(200);
        assertThat(response.getBody()).as(path).isNotBlank();
        if (path.equals("/")) {
            assertThat(response.getBody()).contains("js/dashboard.js");
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/api/me", "/anything.html", "/actuator/prometheus", "/api/reports/poverty"})
    void besideTheDashboardsFilesNothingBecamePublic(String path) {
        assertUnauthorized(get(Caller.ANONYMOUS, path));
    }

    @Test
    void aScriptsRequestGets401WithoutTheChallengeThatWouldMakeTheBrowserPopItsOwnLoginDialog() {
        for (String authorization : new String[] {null, basicHeader("district", "not-the-password")}) {
            HttpHeaders headers = new HttpHeaders();
            headers.set("X-Requested-With", "XMLHttpRequest");
            if (authorization != null) {
                headers.set(HttpHeaders.AUTHORIZATION, authorization);
            }
            ResponseEntity<String> response =
                    rest.exchange("/api/me", HttpMethod.GET, new HttpEntity<>(headers), String.class);

            assertProblem(response, 401, "/problems/unauthorized");
            assertThat(response.getHeaders().getOrEmpty(HttpHeaders.WWW_AUTHENTICATE))
                    .as("WWW-Authenticate")
                    .isEmpty();
        }
    }

    @Test
    void meTellsTheCallersNameRolesAndCommunes() {
        JsonNode officer = ok(Caller.basic("officer-c01", Role.COMMUNE_OFFICER), "/api/me");
        assertThat(officer.get("name").asText()).isEqualTo("officer-c01");
        assertThat(officer.get("roles").toString()).isEqualTo("[\"COMMUNE_OFFICER\"]");
        assertThat(officer.get("communes").toString()).isEqualTo("[\"C01\"]");
        assertThat(officer.get("communeScoped").asBoolean()).isTrue();

        JsonNode district = ok(Caller.basic("district", Role.DISTRICT_OFFICER), "/api/me");
        assertThat(district.get("roles").toString()).isEqualTo("[\"DISTRICT_OFFICER\"]");
        assertThat(district.get("communes").size()).isZero();
        assertThat(district.get("communeScoped").asBoolean()).isFalse();

        JsonNode token = ok(Caller.jwt("jwt-officer", List.of(Role.COMMUNE_OFFICER), List.of("C02", "C01")), "/api/me");
        assertThat(token.get("name").asText()).isEqualTo("jwt-officer");
        assertThat(token.get("communes").toString()).isEqualTo("[\"C01\",\"C02\"]");
        assertThat(token.get("communeScoped").asBoolean()).isTrue();
    }

    Stream<Arguments> badCredentials() {
        return Stream.of(
                Arguments.of("wrong password", basicHeader("admin", "not-the-password")),
                Arguments.of("unknown user", basicHeader("stranger", TestUsers.PASSWORD)),
                Arguments.of(
                        "token signed with another key",
                        "Bearer " + token("intruder-secret-that-is-long-enough-32b", List.of("ADMIN"), 3600)),
                Arguments.of("expired token", "Bearer " + token(TestUsers.HMAC_SECRET, List.of("ADMIN"), -3600)),
                Arguments.of(
                        "unsigned token (alg none)",
                        "Bearer "
                                + new PlainJWT(new JWTClaimsSet.Builder()
                                                .subject("intruder")
                                                .claim("roles", List.of("ADMIN"))
                                                .expirationTime(
                                                        Date.from(Instant.now().plusSeconds(3600)))
                                                .build())
                                        .serialize()),
                Arguments.of("not a token", "Bearer not.a.token"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badCredentials")
    void badCredentialsAreUnauthenticated(String what, String authorization) {
        assertUnauthorized(get(new Caller(what, Role.ADMIN, authorization), "/api/households"));
    }

    @Test
    void noSessionIsCreated() {
        ResponseEntity<String> response = get(Caller.basic("admin", Role.ADMIN), "/api/households");

        assertThat(response.getStatusCode().value()).isEqualTo(200);
        assertThat(response.getHeaders().getOrEmpty(HttpHeaders.SET_COOKIE)).isEmpty();
    }

    @Test
    void bcryptHashedPasswordOfTheUsersFileIsAccepted() {
        assertThat(get(Caller.basic("bcrypt-user", Role.DISTRICT_OFFICER), "/api/households")
                        .getStatusCode()
                        .value())
                .isEqualTo(200);
    }

    // ---- commune scoping

    Stream<Arguments> communeOfficers() {
        return Stream.of(
                Arguments.of(Caller.basic("officer-c01", Role.COMMUNE_OFFICER), "C01", "C02"),
                Arguments.of(
                        Caller.jwt("jwt-officer-c01", List.of(Role.COMMUNE_OFFICER), List.of("C01")), "C01", "C02"),
                Arguments.of(Caller.basic("officer-c02", Role.COMMUNE_OFFICER), "C02", "C01"),
                Arguments.of(
                        Caller.jwt("jwt-officer-c02", List.of(Role.COMMUNE_OFFICER), List.of("C02")), "C02", "C01"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("communeOfficers")
    void communeOfficerReadsHouseholdsOfItsCommuneAndAnotherCommunesIsNotFound(
            Caller officer, String own, String other) {
        for (String household : householdsOf(own)) {
            assertThat(ok(officer, "/api/households/" + household)
                            .get("communeCode")
                            .asText())
                    .isEqualTo(own);
        }
        for (String household : householdsOf(other)) {
            JsonNode problem = assertProblem(get(officer, "/api/households/" + household), 404, "/problems/not-found");
            // the same answer as for a household that does not exist: no hint that it does
            String unknownId = UUID.randomUUID().toString();
            JsonNode unknown = assertProblem(get(officer, "/api/households/" + unknownId), 404, "/problems/not-found");
            assertThat(problem.get("title")).isEqualTo(unknown.get("title"));
            assertThat(problem.get("detail").asText().replace(household, "?"))
                    .isEqualTo(unknown.get("detail").asText().replace(unknownId, "?"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("communeOfficers")
    void communeOfficerListsOnlyTheHouseholdsOfItsCommune(Caller officer, String own, String other) {
        JsonNode all = ok(officer, "/api/households?asOf=" + AS_OF);
        JsonNode ownOnly = ok(officer, "/api/households?asOf=" + AS_OF + "&communeCode=" + own);
        JsonNode otherOnly = ok(officer, "/api/households?asOf=" + AS_OF + "&communeCode=" + other);
        JsonNode poor = ok(officer, "/api/households?asOf=" + AS_OF + "&status=POOR");

        assertThat(ids(all)).containsExactlyElementsOf(householdsOf(own));
        assertThat(all.get("total").asLong()).isEqualTo(2);
        assertThat(ids(ownOnly)).containsExactlyElementsOf(householdsOf(own));
        assertThat(ids(otherOnly)).isEmpty();
        assertThat(otherOnly.get("total").asLong()).isZero();
        assertThat(ids(poor)).containsExactly(own.equals("C01") ? a : c);
        assertThat(poor.get("total").asLong()).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("communeOfficers")
    void communeOfficersPovertyReportHasOnlyItsCommuneAndItsFiguresAsTheDistricts(
            Caller officer, String own, String other) {
        JsonNode report = ok(officer, "/api/reports/poverty?asOf=" + AS_OF);
        JsonNode narrowedToOther = ok(officer, "/api/reports/poverty?asOf=" + AS_OF + "&communeCode=" + other);

        assertThat(communeCodes(report, "communeCode")).containsExactly(own);
        if (own.equals("C01")) {
            assertFigures(report.get("communes").get(0), 200, 1, 1, "0.50", "0.50", 0);
            assertFigures(report.get("district"), 200, 1, 1, "0.50", "0.50", 0);
        } else {
            assertFigures(report.get("communes").get(0), 1200, 1, 0, "0.08", "0.00", 1);
            assertFigures(report.get("district"), 1200, 1, 0, "0.08", "0.00", 1);
        }
        assertThat(narrowedToOther.get("communes")).isEmpty();
        assertFigures(narrowedToOther.get("district"), 0, 0, 0, "0.00", "0.00", 0);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("communeOfficers")
    void communeOfficerSeesOnlyItsCommune(Caller officer, String own, String other) {
        assertThat(communeCodes(ok(officer, "/api/communes?asOf=" + AS_OF).get("communes"), "code"))
                .containsExactly(own);
        assertThat(ok(officer, "/api/communes/" + own).get("code").asText()).isEqualTo(own);
        assertProblem(get(officer, "/api/communes/" + other), 404, "/problems/not-found");
    }

    @Test
    void communeOfficerWithoutCommunesInItsTokenSeesNothing() {
        Caller officer = Caller.jwt("jwt-officer-nowhere", List.of(Role.COMMUNE_OFFICER), List.of());

        assertProblem(get(officer, "/api/households/" + a), 404, "/problems/not-found");
        assertThat(ok(officer, "/api/households").get("total").asLong()).isZero();
        assertThat(ok(officer, "/api/reports/poverty?asOf=" + AS_OF).get("communes"))
                .isEmpty();
        assertThat(ok(officer, "/api/communes").get("communes")).isEmpty();
        JsonNode coverage = ok(officer, "/api/reports/coverage?asOf=" + AS_OF);
        assertThat(coverage.get("communes")).isEmpty();
        assertThat(coverage.get("policies"))
                .allSatisfy(p -> assertThat(p.get("entitled").asLong()).isZero());
        assertThat(ok(officer, "/api/reports/coverage/gaps?asOf=" + AS_OF)
                        .get("total")
                        .asLong())
                .isZero();
        assertProblem(get(officer, "/api/reports/coverage?communeCode=C01"), 404, "/problems/not-found");
        assertProblem(get(officer, "/api/loans/" + loan), 404, "/problems/not-found");
        JsonNode loans = ok(officer, "/api/reports/loans?asOf=" + AS_OF);
        assertThat(loans.get("communes")).isEmpty();
        assertThat(loans.get("programs"))
                .allSatisfy(p -> assertThat(p.get("active").asLong()).isZero());
    }

    Stream<Caller> districtWideReaders() {
        return Stream.of(
                Caller.basic("admin", Role.ADMIN),
                Caller.basic("district", Role.DISTRICT_OFFICER),
                Caller.basic("auditor", Role.AUDITOR),
                Caller.basic("bank", Role.BANK_OFFICER),
                Caller.jwt("jwt-district", List.of(Role.DISTRICT_OFFICER), List.of()),
                Caller.jwt("jwt-auditor", List.of(Role.AUDITOR), List.of()),
                // communes in a district officer's token do not narrow what it reads
                Caller.jwt("jwt-district-c01", List.of(Role.DISTRICT_OFFICER), List.of("C01")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("districtWideReaders")
    void districtWideReadersSeeEveryCommune(Caller reader) {
        for (String household : List.of(a, b, c, d)) {
            assertThat(get(reader, "/api/households/" + household)
                            .getStatusCode()
                            .value())
                    .isEqualTo(200);
        }
        JsonNode list = ok(reader, "/api/households?asOf=" + AS_OF);
        assertThat(ids(list)).containsExactly(a, b, c, d);
        assertThat(list.get("total").asLong()).isEqualTo(4);
        assertThat(ids(ok(reader, "/api/households?communeCode=C02"))).containsExactly(c, d);

        JsonNode report = ok(reader, "/api/reports/poverty?asOf=" + AS_OF);
        assertThat(communeCodes(report, "communeCode")).containsExactly("C01", "C02");
        // 2/1400 = 0.143 %, 1/1400 = 0.071 %
        assertFigures(report.get("district"), 1400, 2, 1, "0.14", "0.07", 1);

        assertThat(communeCodes(ok(reader, "/api/communes").get("communes"), "code"))
                .containsExactly("C01", "C02");
        assertThat(ok(reader, "/api/communes/C02").get("code").asText()).isEqualTo("C02");
    }

    // ---- the head's national ID

    Stream<Caller> bankOfficers() {
        return Stream.of(
                Caller.basic("bank", Role.BANK_OFFICER), Caller.jwt("jwt-bank", List.of(Role.BANK_OFFICER), List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bankOfficers")
    void bankOfficerSeesOnlyTheLastFourDigitsOfTheNationalId(Caller bank) {
        assertThat(nationalId(ok(bank, "/api/households/" + a))).isEqualTo("********6789");
        assertThat(nationalId(ok(bank, "/api/households/" + c))).isEqualTo("********4321");

        JsonNode list = ok(bank, "/api/households?asOf=" + AS_OF);
        assertThat(list.get("items"))
                .extracting(SecurityIT::nationalId)
                .containsExactly("********6789", "********0002", "********4321", "********0004");
    }

    Stream<Arguments> fullNationalIdReaders() {
        return Stream.of(
                Arguments.of(Caller.basic("admin", Role.ADMIN), List.of("C01", "C02")),
                Arguments.of(Caller.basic("district", Role.DISTRICT_OFFICER), List.of("C01", "C02")),
                Arguments.of(Caller.basic("auditor", Role.AUDITOR), List.of("C01", "C02")),
                Arguments.of(Caller.basic("officer-c01", Role.COMMUNE_OFFICER), List.of("C01")),
                Arguments.of(
                        Caller.jwt("jwt-district", List.of(Role.DISTRICT_OFFICER), List.of()), List.of("C01", "C02")),
                Arguments.of(
                        Caller.jwt("jwt-officer-c01", List.of(Role.COMMUNE_OFFICER), List.of("C01")), List.of("C01")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fullNationalIdReaders")
    void districtOfficersAuditorsAdminsAndTheOwnCommunesOfficersSeeTheNationalIdInFull(
            Caller reader, List<String> communes) {
        assertThat(nationalId(ok(reader, "/api/households/" + a))).isEqualTo(ID_A);
        if (communes.contains("C02")) {
            assertThat(nationalId(ok(reader, "/api/households/" + c))).isEqualTo(ID_C);
        }

        JsonNode list = ok(reader, "/api/households?asOf=" + AS_OF);
        List<String> expected = new ArrayList<>(List.of(ID_A, "087000000002"));
        if (communes.contains("C02")) {
            expected.addAll(List.of(ID_C, "079000000004"));
        }
        assertThat(list.get("items")).extracting(SecurityIT::nationalId).containsExactlyElementsOf(expected);
    }

    @Test
    void bankOfficerWhoIsAlsoACommuneOfficerSeesOtherCommunesNationalIdsMasked() {
        // the issue: in full only to "the household's own commune officers"; bank officers see the last 4 digits
        Caller both = Caller.jwt(
                "jwt-bank-and-officer-c01", List.of(Role.BANK_OFFICER, Role.COMMUNE_OFFICER), List.of("C01"));

        assertThat(nationalId(ok(both, "/api/households/" + a)))
                .as("own commune")
                .isEqualTo(ID_A);
        assertThat(nationalId(ok(both, "/api/households/" + c)))
                .as("another commune")
                .isEqualTo("********4321");
    }

    // ---- paging

    @ParameterizedTest(name = "{0}")
    @MethodSource("pageSizeCallers")
    void pageSizeIsCappedAt200(Caller caller, long total) {
        JsonNode page = ok(caller, "/api/households?size=500");

        assertThat(page.get("size").asInt()).isEqualTo(200);
        assertThat(page.get("total").asLong()).isEqualTo(total);
        assertThat(page.get("items")).hasSize((int) total);
    }

    Stream<Arguments> pageSizeCallers() {
        return Stream.of(
                Arguments.of(Caller.basic("admin", Role.ADMIN), 4L),
                Arguments.of(Caller.basic("bank", Role.BANK_OFFICER), 4L),
                Arguments.of(Caller.basic("officer-c01", Role.COMMUNE_OFFICER), 2L));
    }

    // ---- the history

    /** An annual assessment of 2023 on 2022-11-20 recognised on {@code decidedOn}. */
    private void recognized(String household, String decidedOn, HouseholdStatus status, int deprivations) {
        AssessmentId assessment =
                history.assess(household, 2023, AssessmentKind.ANNUAL, "2022-11-20", 1_400_000, deprivations, status);
        history.recognize(household, assessment, "101/QĐ-UBND", decidedOn, status, HouseholdStatus.UNCLASSIFIED);
    }

    private List<String> householdsOf(String commune) {
        return commune.equals("C01") ? List.of(a, b) : List.of(c, d);
    }

    /** Every event reached its projection (the pooled processors work in parallel segments), bounded to 10 s. */
    private void awaitProjected() {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        Caller admin = Caller.basic("admin", Role.ADMIN);
        while (true) {
            boolean done = count("q_commune") == 2
                    && count("q_commune_household_count") == 4
                    && count("q_household") == 4
                    && count("q_assessment") == 3
                    && count("q_status_fact") == 3
                    && count("q_loan") == 1
                    && count("q_loan_event") == 2
                    && ok(admin, "/api/households?size=200").get("total").asLong() == 4;
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

    // ---- HTTP, tokens and JSON

    private ResponseEntity<String> get(Caller caller, String path) {
        HttpHeaders headers = new HttpHeaders();
        if (caller.authorization() != null) {
            headers.set(HttpHeaders.AUTHORIZATION, caller.authorization());
        }
        return rest.exchange(path, HttpMethod.GET, new HttpEntity<>(headers), String.class);
    }

    private JsonNode ok(Caller caller, String path) {
        ResponseEntity<String> response = get(caller, path);
        assertThat(response.getStatusCode().value())
                .as("GET %s as %s: %s", path, caller, response.getBody())
                .isEqualTo(200);
        return parse(response.getBody());
    }

    private static String basicHeader(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** An HS256 token of {@code roles} signed with {@code secret}, expiring {@code expiresInSeconds} from now. */
    private static String token(String secret, List<String> roles, long expiresInSeconds) {
        try {
            Instant now = Instant.now();
            JWTClaimsSet claims = new JWTClaimsSet.Builder()
                    .subject("intruder")
                    .claim("preferred_username", "intruder")
                    .claim("roles", roles)
                    .issueTime(Date.from(now.minusSeconds(7200)))
                    .expirationTime(Date.from(now.plusSeconds(expiresInSeconds)))
                    .build();
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
            jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void assertUnauthorized(ResponseEntity<String> response) {
        assertProblem(response, 401, "/problems/unauthorized");
        List<String> challenges = response.getHeaders().getOrEmpty(HttpHeaders.WWW_AUTHENTICATE);
        assertThat(challenges)
                .as("WWW-Authenticate")
                .anySatisfy(v -> assertThat(v).startsWith("Basic"));
        assertThat(challenges)
                .as("WWW-Authenticate")
                .anySatisfy(v -> assertThat(v).startsWith("Bearer"));
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
        assertThat(figures.get("poorRate").decimalValue()).as("poorRate").isEqualTo(new BigDecimal(poorRate));
        assertThat(figures.get("nearPoorRate").decimalValue())
                .as("nearPoorRate")
                .isEqualTo(new BigDecimal(nearPoorRate));
        assertThat(figures.get("meritPoor").asLong()).as("meritPoor").isEqualTo(meritPoor);
    }

    private static String nationalId(JsonNode household) {
        return household.get("head").get("nationalId").asText();
    }

    private static List<String> ids(JsonNode page) {
        return StreamSupport.stream(page.get("items").spliterator(), false)
                .map(i -> i.get("householdId").asText())
                .toList();
    }

    /** The codes of a report's {@code communes} (or of a list of communes), in order. */
    private static List<String> communeCodes(JsonNode reportOrList, String field) {
        JsonNode list = reportOrList.has("communes") ? reportOrList.get("communes") : reportOrList;
        return StreamSupport.stream(list.spliterator(), false)
                .map(n -> n.get(field).asText())
                .toList();
    }

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (java.io.IOException e) {
            throw new AssertionError("Not JSON: " + body, e);
        }
    }
}
