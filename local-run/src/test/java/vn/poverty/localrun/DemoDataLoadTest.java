package vn.poverty.localrun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import vn.poverty.localrun.DemoPlan.AreaType;
import vn.poverty.localrun.DemoPlan.Status;

/**
 * The loader against a small in-memory stand-in for the command side's HTTP API (communes, households, reviews,
 * decisions, and the Idempotency-Key replay of API.md). The real command side is exercised by running the local run.
 */
class DemoDataLoadTest {

    private FakeCommandSide commandSide;
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

    @BeforeEach
    void start() throws IOException {
        commandSide = new FakeCommandSide();
    }

    @AfterEach
    void stop() {
        commandSide.server.stop(0);
    }

    @Test
    void loadsEveryStepOnceWithAKeyOnEveryPost() throws Exception {
        DemoPlan plan = DemoData.plan(DemoPlan.DEFAULT_SEED, 30);

        DemoData.Result result = loader().load(plan);

        assertThat(result.skipped()).isFalse();
        assertThat(result.requests()).isEqualTo(plan.requestCount());
        assertThat(result.replayed()).isZero();
        assertThat(result.mismatches()).isZero();
        assertThat(result.proposed()).isEqualTo(plan.expectedStatusCounts());
        assertThat(commandSide.postsWithoutKey).isZero();
        assertThat(commandSide.households).hasSize(30);
        assertThat(commandSide.communes).hasSize(18);
        assertThat(commandSide.householdCounts).isEqualTo(18 * 6);
        assertThat(commandSide.recognitions).isEqualTo(30 * 5);
        assertThat(commandSide.grants).isPositive();
        assertThat(commandSide.applied).isEqualTo(plan.requestCount());
        assertThat(printed.toString(StandardCharsets.UTF_8))
                .contains("SAMPLE codes", "households: 30/30", "2021  DECISION_59_2015");
    }

    @Test
    void aSecondRunSeesTheCompleteDataAndSkips() throws Exception {
        DemoPlan plan = DemoData.plan(DemoPlan.DEFAULT_SEED, 30);
        loader().load(plan);
        int applied = commandSide.applied;

        DemoData.Result again = loader().load(plan);

        assertThat(again.skipped()).isTrue();
        assertThat(commandSide.applied).isEqualTo(applied);
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("skipping the load");
    }

    @Test
    void aRunAfterAnInterruptedLoadResumesAndAppliesEveryStepOnce() throws Exception {
        // the first 12 households went in before the interruption
        loader().load(DemoData.plan(DemoPlan.DEFAULT_SEED, 12));
        DemoPlan plan = DemoData.plan(DemoPlan.DEFAULT_SEED, 30);

        DemoData.Result result = loader().load(plan);

        assertThat(result.skipped()).isFalse();
        assertThat(result.replayed()).isGreaterThanOrEqualTo(18 * 7 + 12 * 11);
        assertThat(commandSide.households).hasSize(30);
        assertThat(commandSide.recognitions).isEqualTo(30 * 5);
        assertThat(commandSide.householdCounts).isEqualTo(18 * 6);
        assertThat(result.proposed()).isEqualTo(plan.expectedStatusCounts());
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("resuming");
    }

    @Test
    void aRefusedStepStopsTheLoadWithTheProblemDetail() {
        commandSide.refuseAssessments = true;

        assertThatThrownBy(() -> loader().load(DemoData.plan(DemoPlan.DEFAULT_SEED, 3)))
                .isInstanceOf(DemoData.DemoDataException.class)
                .hasMessageContaining("HTTP 400")
                .hasMessageContaining("Indicator 'X' is not part of");
    }

    private DemoData loader() {
        return new DemoData(
                "http://127.0.0.1:" + commandSide.server.getAddress().getPort(), out, 3, null, null);
    }

    /** Just enough of the command side: its answers, the 409s of API.md and the Idempotency-Key replay. */
    private static final class FakeCommandSide {
        private record Stored(String requestHash, int status, String body) {}

        final HttpServer server;
        final ObjectMapper json = new ObjectMapper();
        final Map<String, Stored> idempotency = new HashMap<>();
        final Map<String, AreaType> communes = new HashMap<>();
        final Map<String, AreaType> households = new HashMap<>();
        final Set<String> nationalIds = new HashSet<>();
        final Map<String, String> assessments = new HashMap<>(); // assessment id -> status
        final Set<String> recognised = new HashSet<>();
        int householdCounts;
        int recognitions;
        int grants;
        int loans;
        int applied;
        int postsWithoutKey;
        volatile boolean refuseAssessments;

        FakeCommandSide() throws IOException {
            System.setProperty("sun.net.httpserver.nodelay", "true"); // else Nagle's algorithm adds ~40 ms a request
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", this::handle);
            server.setExecutor(Executors.newFixedThreadPool(4));
            server.start();
        }

        private void handle(HttpExchange exchange) throws IOException {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String path = exchange.getRequestURI().getPath();
            String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
            String hash = path + "\n" + new String(body, StandardCharsets.UTF_8);
            Stored answer;
            boolean replay = false;
            synchronized (this) {
                if (key == null) {
                    postsWithoutKey++;
                    answer = apply(path, json.readTree(body));
                } else if (idempotency.containsKey(key)) {
                    answer = idempotency.get(key);
                    if (!answer.requestHash().equals(hash)) {
                        answer = new Stored(hash, 409, "{\"detail\":\"key reused with another body\"}");
                    } else {
                        replay = true;
                    }
                } else {
                    answer = apply(path, json.readTree(body));
                    idempotency.put(key, new Stored(hash, answer.status(), answer.body()));
                }
            }
            if (replay) {
                exchange.getResponseHeaders().add("Idempotent-Replayed", "true");
            }
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(answer.status(), bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        }

        private Stored apply(String path, JsonNode body) {
            List<String> parts = new ArrayList<>(Arrays.asList(path.substring(1).split("/")));
            if (path.equals("/api/communes")) {
                if (communes.containsKey(body.get("code").asText())) {
                    return conflict("Commune exists");
                }
                communes.put(
                        body.get("code").asText(),
                        AreaType.valueOf(body.get("areaType").asText()));
                return ok(201, "{\"code\":\"" + body.get("code").asText() + "\"}");
            }
            if (parts.size() == 4 && parts.get(3).equals("household-counts")) {
                householdCounts++;
                return ok(201, "{}");
            }
            if (path.equals("/api/households")) {
                if (!nationalIds.add(body.at("/head/nationalId").asText())) {
                    return conflict("Duplicate national ID");
                }
                String id = UUID.randomUUID().toString();
                households.put(id, communes.get(body.get("communeCode").asText()));
                return ok(201, "{\"householdId\":\"" + id + "\"}");
            }
            if (parts.size() == 4 && parts.get(3).equals("assessments")) {
                if (refuseAssessments) {
                    return new Stored(null, 400, "{\"status\":400,\"detail\":\"Indicator 'X' is not part of it\"}");
                }
                String standard = body.get("standard").asText();
                Status status = DemoPlan.classify(
                        standard,
                        households.get(parts.get(2)),
                        body.get("incomePerCapita").asLong(),
                        body.get("deprivations").size());
                String id = UUID.randomUUID().toString();
                assessments.put(id, status.name());
                return ok(
                        201,
                        "{\"assessmentId\":\"" + id + "\",\"standard\":\"" + standard
                                + "\",\"proposedStatus\":\"" + status + "\",\"deprivationCount\":"
                                + body.get("deprivations").size() + "}");
            }
            if (parts.size() == 2 && parts.get(1).equals("loans")) {
                loans++;
                return ok(201, "{\"loanId\":\"" + UUID.randomUUID() + "\",\"annualRatePercent\":6.60}");
            }
            if (parts.size() == 4 && parts.get(1).equals("loans")) {
                return ok(parts.get(3).equals("repayments") ? 201 : 200, "{\"state\":\"DISBURSED\"}");
            }
            if (parts.size() == 4 && parts.get(3).equals("grants")) {
                grants++;
                return ok(201, "{\"grantId\":\"" + UUID.randomUUID() + "\"}");
            }
            if (parts.size() == 6 && parts.get(5).equals("recognition")) {
                if (!recognised.add(parts.get(4))) {
                    return conflict("Already recognised");
                }
                recognitions++;
                return ok(200, "{\"status\":\"" + assessments.get(parts.get(4)) + "\"}");
            }
            return new Stored(null, 404, "{\"detail\":\"no such path " + path + "\"}");
        }

        private Stored ok(int status, String body) {
            applied++;
            return new Stored(null, status, body);
        }

        private static Stored conflict(String detail) {
            return new Stored(null, 409, "{\"status\":409,\"detail\":\"" + detail + "\"}");
        }
    }
}
