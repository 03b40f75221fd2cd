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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import vn.poverty.testsupport.TestDatabase;
import vn.poverty.testsupport.TestUsers;

/**
 * Scale-out (issue 9): two command nodes and two query nodes on one database. Mixed load goes through both command
 * nodes, including commands on the same household sent to both nodes at the same instant (they collide on the
 * (aggregate, sequence) key and the loser is retried); the query nodes share every projection's segments. Afterwards
 * every projection equals a fresh rebuild of itself, and both query nodes held segments while the load ran.
 */
class ScaleOutIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final int WORKERS = 6;
    private static final int HOUSEHOLDS_PER_WORKER = 10;
    private static final List<String> PROJECTION_TABLES = List.of(
            "q_commune",
            "q_commune_household_count",
            "q_household",
            "q_assessment",
            "q_status_fact",
            "q_grant",
            "q_grant_end",
            "q_loan",
            "q_loan_event",
            "q_loan_instalment");
    private static final List<String> PROJECTIONS =
            List.of("commune-projection", "household-projection", "loan-projection");

    private static TestDatabase.Database db;
    private static AppProcess commandA;
    private static AppProcess commandB;
    private static AppProcess queryA;
    private static AppProcess queryB;

    @BeforeAll
    static void startTwoCommandAndTwoQueryNodes() throws Exception {
        db = TestDatabase.create();
        Map<String, String> balancing =
                Map.of("POVERTY_NODES_BALANCE_INTERVAL_MS", "1000", "POVERTY_NODES_RELEASE_MS", "8000");
        commandA = AppProcess.start("command-side", db, Map.of());
        commandB = AppProcess.start("command-side", db, Map.of());
        queryA = AppProcess.start("query-side", db, balancing);
        queryB = AppProcess.start("query-side", db, balancing);
        for (AppProcess app : List.of(commandA, commandB, queryA, queryB)) {
            app.awaitHealthy(Duration.ofSeconds(300));
        }
    }

    @AfterAll
    static void stop() throws Exception {
        for (AppProcess app : new AppProcess[] {commandA, commandB, queryA, queryB}) {
            if (app != null) {
                app.close();
            }
        }
    }

    @Test
    void twoCommandNodesAndTwoQueryNodesShareTheWorkAndEveryProjectionEqualsARebuild() throws Exception {
        post(commandA, "/api/communes", Map.of("code", "S01", "name", "Tân Thuận", "areaType", "RURAL"));
        post(commandB, "/api/communes", Map.of("code", "S02", "name", "Bình Hàng", "areaType", "RURAL"));
        post(commandA, "/api/communes/S01/household-counts", Map.of("asOf", "2022-12-31", "totalHouseholds", 900));
        post(commandB, "/api/communes/S02/household-counts", Map.of("asOf", "2022-12-31", "totalHouseholds", 800));

        // the balancer shares the segments out before any load: both query nodes hold some of every group's
        String nodeA = queryA.pid() + "@";
        String nodeB = queryB.pid() + "@";
        awaitOwners(Duration.ofSeconds(60), nodeA, nodeB);

        Map<String, Set<String>> ownersSeen = new ConcurrentHashMap<>();
        AtomicBoolean loading = new AtomicBoolean(true);
        Thread sampler = new Thread(() -> {
            while (loading.get()) {
                try {
                    owners().forEach((group, owners) -> ownersSeen
                            .computeIfAbsent(group, g -> ConcurrentHashMap.newKeySet())
                            .addAll(owners));
                    Thread.sleep(200);
                } catch (Exception e) {
                    return;
                }
            }
        });
        sampler.start();

        AtomicInteger acknowledged = new AtomicInteger();
        ExecutorService workers = Executors.newFixedThreadPool(WORKERS * 2);
        List<Future<?>> done = new ArrayList<>();
        for (int w = 0; w < WORKERS; w++) {
            int worker = w;
            done.add(workers.submit(() -> {
                for (int i = 0; i < HOUSEHOLDS_PER_WORKER; i++) {
                    household(worker, i, workers, acknowledged);
                }
                return null;
            }));
        }
        for (Future<?> future : done) {
            future.get(5, TimeUnit.MINUTES);
        }
        loading.set(false);
        sampler.join();
        workers.shutdown();

        int households = WORKERS * HOUSEHOLDS_PER_WORKER;
        awaitCaughtUp(queryA);
        awaitCaughtUp(queryB);
        assertThat(count("SELECT count(*) FROM q_household")).isEqualTo(households);
        assertThat(count("SELECT count(*) FROM q_assessment")).isEqualTo(3L * households);
        assertThat(count("SELECT count(*) FROM q_loan")).isEqualTo(households);
        assertThat(count("SELECT count(*) FROM domain_event_entry")).isEqualTo(4L + acknowledged.get());

        // both query nodes held segments of every group while events were flowing
        for (String group : PROJECTIONS) {
            assertThat(ownersSeen.get(group))
                    .as("owners of %s during the load", group)
                    .anySatisfy(owner -> assertThat(owner).startsWith(nodeA))
                    .anySatisfy(owner -> assertThat(owner).startsWith(nodeB));
        }

        Map<String, String> before = contents();
        for (String projection : PROJECTIONS) {
            HttpResponse<String> rebuild = send(
                    HttpRequest.newBuilder(URI.create(queryB.url("/api/admin/projections/" + projection + "/rebuild")))
                            .header("Authorization", TestUsers.basic("admin"))
                            .POST(HttpRequest.BodyPublishers.noBody()));
            assertThat(rebuild.statusCode()).as(rebuild.body()).isEqualTo(202);
        }
        awaitRebuilt();
        Map<String, String> after = contents();
        assertThat(after).isEqualTo(before);
        System.out.printf(
                "SCALE-OUT command-nodes=2 query-nodes=2 commands-acknowledged=%d households=%d owners=%s%n",
                acknowledged.get(), households, ownersSeen);
    }

    /**
     * One household's life through both command nodes: registered on one, assessed and recognised on the other, two
     * further periods assessed on both nodes at the same instant, then a loan applied for, approved, disbursed and
     * partly repaid.
     */
    private static void household(int worker, int i, ExecutorService pool, AtomicInteger acknowledged)
            throws Exception {
        AppProcess one = (worker + i) % 2 == 0 ? commandA : commandB;
        AppProcess other = one == commandA ? commandB : commandA;
        String commune = worker % 2 == 0 ? "S01" : "S02";
        Map<String, Object> head = Map.of(
                "fullName",
                "Hộ " + worker + "-" + i,
                "nationalId",
                String.format("0871%02d%06d", worker, i),
                "birthYear",
                1972);
        Map<String, Object> registration = new LinkedHashMap<>();
        registration.put("communeCode", commune);
        registration.put("hamlet", "Ấp " + (1 + i % 4));
        registration.put("head", head);
        registration.put("memberCount", 4);
        registration.put("meritHousehold", false);
        registration.put("ethnicMinority", false);
        registration.put("registeredOn", "2021-03-01");
        String household =
                post(one, "/api/households", registration).get("householdId").asText();
        acknowledged.incrementAndGet();
        String assessment = post(
                        other,
                        "/api/households/" + household + "/assessments",
                        assessment(2023, "2022-11-20", 1_000_000))
                .get("assessmentId")
                .asText();
        acknowledged.incrementAndGet();
        post(
                one,
                "/api/households/" + household + "/assessments/" + assessment + "/recognition",
                Map.of("decisionRef", "12/QĐ-UBND", "decidedOn", "2022-12-15"));
        acknowledged.incrementAndGet();
        // the same aggregate from both nodes at once
        Future<JsonNode> onA = pool.submit(() -> post(
                commandA, "/api/households/" + household + "/assessments", assessment(2024, "2023-11-20", 1_100_000)));
        Future<JsonNode> onB = pool.submit(() -> post(
                commandB, "/api/households/" + household + "/assessments", assessment(2025, "2024-11-20", 1_200_000)));
        onA.get(60, TimeUnit.SECONDS);
        onB.get(60, TimeUnit.SECONDS);
        acknowledged.addAndGet(2);
        String loan = post(
                        other,
                        "/api/loans",
                        Map.of(
                                "householdId",
                                household,
                                "programCode",
                                "POOR_HOUSEHOLD",
                                "principal",
                                24_000_000,
                                "termMonths",
                                24,
                                "purpose",
                                "chăn nuôi",
                                "appliedOn",
                                "2023-02-01"))
                .get("loanId")
                .asText();
        post(one, "/api/loans/" + loan + "/approval", Map.of("approvedOn", "2023-02-05"));
        post(other, "/api/loans/" + loan + "/disbursement", Map.of("disbursedOn", "2023-02-10"));
        post(one, "/api/loans/" + loan + "/repayments", Map.of("amount", 1_000_000, "paidOn", "2023-03-10"));
        acknowledged.addAndGet(4);
    }

    private static Map<String, Object> assessment(int period, String assessedOn, long income) {
        return Map.of(
                "period",
                period,
                "kind",
                "ANNUAL",
                "assessedOn",
                assessedOn,
                "incomePerCapita",
                income,
                "deprivations",
                List.of("SANITATION", "HOUSING_AREA", "NUTRITION"));
    }

    /** Per processing group, the owners of its segments now. */
    private static Map<String, Set<String>> owners() throws Exception {
        Map<String, Set<String>> owners = new LinkedHashMap<>();
        try (Connection c = db.connect();
                Statement s = c.createStatement();
                ResultSet rs =
                        s.executeQuery("SELECT processor_name, owner FROM token_entry WHERE owner IS NOT NULL")) {
            while (rs.next()) {
                owners.computeIfAbsent(rs.getString(1), g -> new java.util.HashSet<>())
                        .add(rs.getString(2));
            }
        }
        return owners;
    }

    private static void awaitOwners(Duration timeout, String nodeA, String nodeB) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, Set<String>> owners = Map.of();
        while (System.nanoTime() < deadline) {
            Map<String, Set<String>> now = owners();
            owners = now;
            boolean shared = PROJECTIONS.stream().allMatch(group -> {
                Set<String> of = now.getOrDefault(group, Set.of());
                return of.stream().anyMatch(o -> o.startsWith(nodeA))
                        && of.stream().anyMatch(o -> o.startsWith(nodeB));
            });
            if (shared) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("segments not shared by both query nodes in " + timeout + ": " + owners + "\n"
                + queryA.tail() + "\n" + queryB.tail());
    }

    private static void awaitCaughtUp(AppProcess node) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            last = get(node, "/api/admin/projections");
            boolean caughtUp = true;
            for (JsonNode projection : last.get("projections")) {
                caughtUp &= !projection.get("replaying").asBoolean()
                        && projection.get("position").asLong()
                                >= projection.get("head").asLong();
            }
            if (caughtUp) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("projections not caught up in 120 s: " + last);
    }

    private static void awaitRebuilt() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
        while (System.nanoTime() < deadline) {
            if (count("SELECT count(*) FROM projection_rebuild WHERE status <> 'DONE'") == 0) {
                awaitCaughtUp(queryA);
                awaitCaughtUp(queryB);
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("rebuilds not done in 180 s");
    }

    /** Each projection table's row count and a digest of all its rows. */
    private static Map<String, String> contents() throws Exception {
        Map<String, String> contents = new LinkedHashMap<>();
        try (Connection c = db.connect();
                Statement s = c.createStatement()) {
            for (String table : PROJECTION_TABLES) {
                try (ResultSet rs = s.executeQuery("SELECT count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY"
                        + " t::text), '')) FROM " + table + " t")) {
                    rs.next();
                    contents.put(table, rs.getLong(1) + " rows, " + rs.getString(2));
                }
            }
        }
        return contents;
    }

    private static long count(String sql) throws Exception {
        try (Connection c = db.connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static JsonNode post(AppProcess node, String path, Object body) throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(node.url(path)))
                .header("Content-Type", "application/json")
                .header("Authorization", TestUsers.basic("admin"))
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
        assertThat(response.statusCode())
                .as("POST %s on node %d: %s", path, node.port, response.body())
                .isBetween(200, 299);
        return JSON.readTree(response.body());
    }

    private static JsonNode get(AppProcess node, String path) throws Exception {
        HttpResponse<String> response = send(
                HttpRequest.newBuilder(URI.create(node.url(path))).header("Authorization", TestUsers.basic("admin")));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
