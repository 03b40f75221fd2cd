package vn.poverty.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import vn.poverty.testsupport.TestDatabase;
import vn.poverty.testsupport.TestUsers;

/**
 * Both packaged apps, started at the same moment on one empty database (so their migrations race), then a write on
 * the command side that must show in the query side's household view and poverty report.
 */
class BothAppsOnOneDatabaseIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static TestDatabase.Database db;
    private static AppProcess commandSide;
    private static AppProcess querySide;

    @BeforeAll
    static void startBothAppsAtOnce() throws Exception {
        db = TestDatabase.create();
        querySide = AppProcess.start("query-side", db, Map.of());
        commandSide = AppProcess.start(
                "command-side", db, Map.of("POVERTY_QUERY_SIDE_URL", "http://localhost:" + querySide.port));
        commandSide.awaitHealthy(Duration.ofSeconds(300));
        querySide.awaitHealthy(Duration.ofSeconds(300));
    }

    @AfterAll
    static void stop() throws Exception {
        if (commandSide != null) {
            commandSide.close();
        }
        if (querySide != null) {
            querySide.close();
        }
    }

    @Test
    void aRecognitionOnTheCommandSideShowsInTheQuerySidesPovertyReport() throws Exception {
        post("/api/communes", Map.of("code", "E2E", "name", "Mỹ Thọ", "areaType", "URBAN"), 201);
        post("/api/communes/E2E/household-counts", Map.of("asOf", "2022-12-31", "totalHouseholds", 400), 201);
        HttpResponse<String> registered = postRaw(
                "/api/households",
                Map.of(
                        "communeCode",
                        "E2E",
                        "hamlet",
                        "Khóm 1",
                        "head",
                        Map.of("fullName", "Trần Thị Bình", "nationalId", "087000000001", "birthYear", 1980),
                        "memberCount",
                        3,
                        "meritHousehold",
                        false,
                        "ethnicMinority",
                        false,
                        "registeredOn",
                        "2021-03-01"));
        assertThat(registered.statusCode()).isEqualTo(201);
        String householdId = JSON.readTree(registered.body()).get("householdId").asText();
        assertThat(registered.headers().firstValue("Location"))
                .contains(querySide.url("/api/households/" + householdId));

        JsonNode assessment = post(
                "/api/households/" + householdId + "/assessments",
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
                        java.util.List.of("HEALTH_INSURANCE", "HOUSING_AREA", "SANITATION")),
                201);
        assertThat(assessment.get("proposedStatus").asText()).isEqualTo("POOR");
        post(
                "/api/households/" + householdId + "/assessments/"
                        + assessment.get("assessmentId").asText() + "/recognition",
                Map.of("decisionRef", "12/QĐ-UBND", "decidedOn", "2022-12-15"),
                200);

        JsonNode report = awaitQuery(
                "/api/reports/poverty?asOf=2023-12-31",
                r -> r.get("district").get("poor").asInt() == 1);
        JsonNode e2e = null;
        for (JsonNode commune : report.get("communes")) {
            if (commune.get("communeCode").asText().equals("E2E")) {
                e2e = commune;
            }
        }
        assertThat(e2e).isNotNull();
        assertThat(e2e.get("poorRate").decimalValue()).isEqualByComparingTo("0.25");
        JsonNode before = get("/api/reports/poverty?asOf=2022-12-14");
        assertThat(before.get("district").get("poor").asInt()).isZero();
        JsonNode household = get("/api/households/" + householdId + "?asOf=2022-12-15");
        assertThat(household.get("status").asText()).isEqualTo("POOR");
        assertThat(household.get("statusSince").asText()).isEqualTo("2022-12-15");
        // the events carry who did it: visible once history is served; here the write needed the admin's login
        HttpResponse<String> anonymous = HTTP.send(
                HttpRequest.newBuilder(URI.create(querySide.url("/api/reports/poverty")))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("Content-Type")).contains("application/problem+json");
    }

    @Test
    void theAuditorsCommandLineVerifierVerifiesTheStoreTheAppsWrote() throws Exception {
        post("/api/communes", Map.of("code", "AUD", "name", "Ba Sao", "areaType", "RURAL"), 201);
        JsonNode verification = awaitQuery(
                "/api/audit/verification",
                r -> r.get("events").asLong() >= 1 && r.get("unchainedEvents").asLong() == 0);
        assertThat(verification.get("verified").asBoolean()).isTrue();

        java.nio.file.Path jar = java.nio.file.Path.of("..", "audit-chain", "target", "audit-chain-verifier.jar");
        Process verifier = new ProcessBuilder(
                        java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java")
                                .toString(),
                        "-jar",
                        jar.toAbsolutePath().toString(),
                        "--url",
                        db.url(),
                        "--user",
                        db.username(),
                        "--password",
                        db.password())
                .redirectErrorStream(true)
                .start();
        String output = new String(verifier.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(verifier.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(verifier.exitValue()).as(output).isZero();
        assertThat(output).contains("VERIFIED:");
    }

    private static JsonNode post(String path, Object body, int expectedStatus) throws Exception {
        HttpResponse<String> response = postRaw(path, body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(expectedStatus);
        return JSON.readTree(response.body());
    }

    private static HttpResponse<String> postRaw(String path, Object body) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(commandSide.url(path)))
                        .header("Content-Type", "application/json")
                        .header("Authorization", TestUsers.basic("admin"))
                        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode get(String path) throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create(querySide.url(path)))
                        .header("Authorization", TestUsers.basic("admin"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static JsonNode awaitQuery(String path, java.util.function.Predicate<JsonNode> done) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            last = get(path);
            if (done.test(last)) {
                return last;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("The query side did not show the write within 15 s; last answer: " + last);
    }
}
