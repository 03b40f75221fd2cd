package vn.poverty.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import vn.poverty.testsupport.TestDatabase;
import vn.poverty.testsupport.TestUsers;

/** What the fault tests share: HTTP calls with a timeout, polling with a deadline, figures read from the database. */
final class FaultKit {

    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    static final String ADMIN = TestUsers.basic("admin");
    /** How long an app may take to start: generous, for a loaded machine (a bound, not a performance figure). */
    static final Duration STARTUP = Duration.ofSeconds(300);

    private FaultKit() {}

    /** A condition polled until it holds; may throw (e.g. while a node restarts), which counts as "not yet". */
    @FunctionalInterface
    interface Check {
        boolean holds() throws Exception;
    }

    static HttpResponse<String> post(String url, String authorization, String idempotencyKey, Object body)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .header("Authorization", authorization)
                .POST(HttpRequest.BodyPublishers.ofString(
                        body instanceof String s ? s : JSON.writeValueAsString(body)));
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A POST that must answer {@code expected}; returns its JSON body. */
    static JsonNode postOk(String url, Object body, int expected) throws Exception {
        HttpResponse<String> response = post(url, ADMIN, null, body);
        if (response.statusCode() != expected) {
            throw new AssertionError("POST " + url + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
    }

    static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(60))
                        .header("Authorization", ADMIN)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode getJson(String url) throws Exception {
        HttpResponse<String> response = get(url);
        if (response.statusCode() != 200) {
            throw new AssertionError("GET " + url + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    /** Polls until the check holds; fails with the last state when the deadline passes. */
    static void await(String what, Duration timeout, Check check, Supplier<String> state) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try {
                if (check.holds()) {
                    return;
                }
                last = null;
            } catch (Exception notYet) {
                last = notYet;
            }
            Thread.sleep(200);
        }
        AssertionError error = new AssertionError(what + " did not happen within " + timeout + "; " + state.get());
        if (last != null) {
            error.initCause(last);
        }
        throw error;
    }

    static long count(TestDatabase.Database db, String sql) throws Exception {
        try (Connection c = db.connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Row count and an MD5 over every row of a table, rows in primary-key order: equal figures, equal contents. */
    static String fingerprint(TestDatabase.Database db, String table, String orderBy) throws Exception {
        try (Connection c = db.connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*), coalesce(md5(string_agg(t::text, '|' ORDER BY "
                        + orderBy + ")), '-') FROM " + table + " t")) {
            rs.next();
            return rs.getLong(1) + " rows md5 " + rs.getString(2);
        }
    }

    /** The fingerprints of the query side's projection tables, by table. */
    static Map<String, String> projectionFingerprints(TestDatabase.Database db) throws Exception {
        Map<String, String> figures = new LinkedHashMap<>();
        figures.put("q_commune", fingerprint(db, "q_commune", "code"));
        figures.put("q_commune_household_count", fingerprint(db, "q_commune_household_count", "event_id"));
        figures.put("q_household", fingerprint(db, "q_household", "household_id"));
        figures.put("q_assessment", fingerprint(db, "q_assessment", "assessment_id"));
        figures.put("q_status_fact", fingerprint(db, "q_status_fact", "event_id"));
        figures.put("q_loan", fingerprint(db, "q_loan", "loan_id"));
        figures.put("q_loan_event", fingerprint(db, "q_loan_event", "event_id"));
        figures.put("q_loan_instalment", fingerprint(db, "q_loan_instalment", "loan_id, instalment"));
        return figures;
    }

    /** A household registration body; {@code n} makes the head's national ID unique. */
    static Map<String, Object> household(String commune, long n) {
        return Map.of(
                "communeCode",
                commune,
                "hamlet",
                "Ấp " + (1 + n % 5),
                "head",
                Map.of(
                        "fullName",
                        "Hộ thử " + n,
                        "nationalId",
                        String.format("%012d", 87_000_000_000L + n),
                        "birthYear",
                        1970 + (int) (n % 30)),
                "memberCount",
                1 + (int) (n % 6),
                "meritHousehold",
                n % 11 == 0,
                "ethnicMinority",
                n % 7 == 0,
                "registeredOn",
                "2021-03-01");
    }

    /**
     * One household's life through the command side (no idempotency keys; the command node stays up): registered,
     * assessed, recognised, and when poor a loan applied for, approved and disbursed. Returns the household's id.
     */
    static String householdStory(AppProcess command, String commune, long n) throws Exception {
        String household = postOk(command.url("/api/households"), household(commune, n), 201)
                .get("householdId")
                .asText();
        JsonNode assessment = postOk(command.url("/api/households/" + household + "/assessments"), assessment(n), 201);
        JsonNode decision = postOk(
                command.url("/api/households/" + household + "/assessments/"
                        + assessment.get("assessmentId").asText() + "/recognition"),
                Map.of("decisionRef", n + "/QĐ-UBND", "decidedOn", "2022-12-15"),
                200);
        if (decision.get("status").asText().equals("POOR")) {
            String loan = postOk(
                            command.url("/api/loans"),
                            Map.of(
                                    "householdId",
                                    household,
                                    "programCode",
                                    "POOR_HOUSEHOLD",
                                    "principal",
                                    10_000_000,
                                    "termMonths",
                                    24,
                                    "purpose",
                                    "two cows",
                                    "appliedOn",
                                    "2023-02-01"),
                            201)
                    .get("loanId")
                    .asText();
            postOk(command.url("/api/loans/" + loan + "/approval"), Map.of("approvedOn", "2023-02-10"), 200);
            postOk(command.url("/api/loans/" + loan + "/disbursement"), Map.of("disbursedOn", "2023-02-15"), 200);
        }
        return household;
    }

    /** An annual assessment for 2023: poor, near poor or not poor depending on {@code n}. */
    static Map<String, Object> assessment(long n) {
        return Map.of(
                "period",
                2023,
                "kind",
                "ANNUAL",
                "assessedOn",
                "2022-11-20",
                "incomePerCapita",
                1_000_000 + 100_000L * (n % 10),
                "deprivations",
                n % 2 == 0 ? java.util.List.of("SANITATION", "HOUSING_AREA", "NUTRITION") : java.util.List.of());
    }
}
