package vn.poverty.e2e;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import vn.poverty.testsupport.TestDatabase;
import vn.poverty.testsupport.TestUsers;

/**
 * Two query-side nodes on one database: a rebuild asked of one node is carried out by both (the node holding the
 * segments releases them, one node resets the tokens, both start again), and afterwards both answer exactly what
 * they answered before.
 */
class TwoQueryNodesRebuildIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static TestDatabase.Database db;
    private static AppProcess commandSide;
    private static AppProcess queryA;
    private static AppProcess queryB;

    @BeforeAll
    static void startOneCommandAndTwoQueryNodes() throws Exception {
        db = TestDatabase.create();
        commandSide = AppProcess.start("command-side", db, Map.of());
        queryA = AppProcess.start("query-side", db, Map.of());
        queryB = AppProcess.start("query-side", db, Map.of());
        commandSide.awaitHealthy(Duration.ofSeconds(300));
        queryA.awaitHealthy(Duration.ofSeconds(300));
        queryB.awaitHealthy(Duration.ofSeconds(300));
    }

    @AfterAll
    static void stop() throws Exception {
        for (AppProcess app : new AppProcess[] {commandSide, queryA, queryB}) {
            if (app != null) {
                app.close();
            }
        }
    }

    @Test
    void bothNodesProjectAndARebuildAskedOfOneLeavesBothAnsweringAsBefore() throws Exception {
        post("/api/communes", Map.of("code", "N01", "name", "Nhị Mỹ", "areaType", "RURAL"), 201);
        post("/api/communes/N01/household-counts", Map.of("asOf", "2022-12-31", "totalHouseholds", 40), 201);
        for (int i = 0; i < 12; i++) {
            String household = post(
                            "/api/households",
                            Map.of(
                                    "communeCode",
                                    "N01",
                                    "hamlet",
                                    "Ấp " + (1 + i % 3),
                                    "head",
                                    Map.of(
                                            "fullName",
                                            "Hộ " + i,
                                            "nationalId",
                                            String.format("0870000%05d", i),
                                            "birthYear",
                                            1970),
                                    "memberCount",
                                    4,
                                    "meritHousehold",
                                    false,
                                    "ethnicMinority",
                                    false,
                                    "registeredOn",
                                    "2021-03-01"),
                            201)
                    .get("householdId")
                    .asText();
            JsonNode assessment = post(
                    "/api/households/" + household + "/assessments",
                    Map.of(
                            "period",
                            2023,
                            "kind",
                            "ANNUAL",
                            "assessedOn",
                            "2022-11-20",
                            "incomePerCapita",
                            1_000_000 + 100_000L * i,
                            "deprivations",
                            i % 2 == 0 ? List.of("SANITATION", "HOUSING_AREA", "NUTRITION") : List.of()),
                    201);
            post(
                    "/api/households/" + household + "/assessments/"
                            + assessment.get("assessmentId").asText() + "/recognition",
                    Map.of("decisionRef", "9/QĐ-UBND", "decidedOn", "2022-12-15"),
                    200);
        }
        String report = "/api/reports/poverty?asOf=2023-06-30";
        String list = "/api/households?communeCode=N01&size=200&asOf=2023-06-30";
        // every household registered and recognised, on both nodes, before anything is compared
        Predicate<JsonNode> allTwelve = l -> l.get("total").asInt() == 12
                && java.util.stream.StreamSupport.stream(l.get("items").spliterator(), false)
                        .noneMatch(h -> h.get("status").asText().equals("UNCLASSIFIED"));
        JsonNode listBefore = await(queryA, list, allTwelve);
        assertThat(await(queryB, list, allTwelve)).isEqualTo(listBefore);
        JsonNode beforeA = get(queryA, report);
        assertThat(get(queryB, report)).isEqualTo(beforeA);
        assertThat(beforeA.get("district").get("poor").asInt()
                        + beforeA.get("district").get("nearPoor").asInt())
                .isEqualTo(12 - countNotPoor());
        // Both nodes hold segments (SegmentBalancer shares them out): whichever node is asked, the other one must give
        // its claims up for the reset.
        Set<String> owners = segmentOwners("household-projection");
        assertThat(owners).isNotEmpty();

        HttpResponse<String> rebuild = HTTP.send(
                HttpRequest.newBuilder(URI.create(queryB.url("/api/admin/projections/household-projection/rebuild")))
                        .header("Authorization", TestUsers.basic("admin"))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(rebuild.statusCode()).as(rebuild.body()).isEqualTo(202);

        awaitRebuilt(queryA);
        awaitRebuilt(queryB);
        assertThat(await(queryA, list, allTwelve)).isEqualTo(listBefore);
        assertThat(await(queryB, list, allTwelve)).isEqualTo(listBefore);
        assertThat(get(queryA, report)).isEqualTo(beforeA);
        assertThat(get(queryB, report)).isEqualTo(beforeA);
    }

    /** Households 1, 3, 5, … have no deprivations; those above the 1.5 M line are NOT_POOR (i = 6..11 odd). */
    private static int countNotPoor() {
        int notPoor = 0;
        for (int i = 0; i < 12; i++) {
            if (1_000_000 + 100_000L * i > 1_500_000) {
                notPoor++;
            }
        }
        return notPoor;
    }

    private static void awaitRebuilt(AppProcess node) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            last = get(node, "/api/admin/projections");
            for (JsonNode projection : last.get("projections")) {
                if (projection.get("name").asText().equals("household-projection")
                        && !projection.get("replaying").asBoolean()
                        && projection.get("progress").asDouble() >= 1.0
                        && requestsOpen() == 0) {
                    return;
                }
            }
            Thread.sleep(250);
        }
        throw new AssertionError("household-projection was not rebuilt in 90 s: " + last);
    }

    private static long requestsOpen() throws Exception {
        try (Connection c = db.connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM projection_rebuild WHERE status <> 'DONE'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static Set<String> segmentOwners(String group) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        Set<String> owners = new HashSet<>();
        while (System.nanoTime() < deadline) {
            owners.clear();
            try (Connection c = db.connect();
                    Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT DISTINCT owner FROM token_entry WHERE processor_name = '"
                            + group + "' AND owner IS NOT NULL")) {
                while (rs.next()) {
                    owners.add(rs.getString(1));
                }
            }
            if (!owners.isEmpty()) {
                return owners;
            }
            Thread.sleep(250);
        }
        return owners;
    }

    private static JsonNode await(AppProcess node, String path, Predicate<JsonNode> done) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            last = get(node, path);
            if (done.test(last)) {
                return last;
            }
            Thread.sleep(150);
        }
        throw new AssertionError("no answer as expected in 30 s: " + last);
    }

    private static JsonNode post(String path, Object body, int expected) throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create(commandSide.url(path)))
                        .header("Content-Type", "application/json")
                        .header("Authorization", TestUsers.basic("admin"))
                        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(expected);
        return JSON.readTree(response.body());
    }

    private static JsonNode get(AppProcess node, String path) throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create(node.url(path)))
                        .header("Authorization", TestUsers.basic("admin"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }
}
