package vn.poverty.localrun;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import vn.poverty.localrun.DemoPlan.CommunePlan;
import vn.poverty.localrun.DemoPlan.HouseholdCount;
import vn.poverty.localrun.DemoPlan.HouseholdPlan;
import vn.poverty.localrun.DemoPlan.ReviewPlan;
import vn.poverty.localrun.DemoPlan.Status;

/**
 * Loads a {@link DemoPlan} through the command side's public HTTP API, like any other client: plain
 * {@link HttpClient} and Jackson, no access to the database.
 *
 * <p>Every POST carries an {@code Idempotency-Key} derived from the plan's seed and the step (e.g.
 * {@code demo-20201215-hh-17-assess-2023}); the body of a step is the same in every run, so after an interrupted load a
 * re-run replays what was already applied (the command side answers with the first response) and carries on from
 * there. When the first commune already exists and the last step of the plan is already applied, the load is skipped.
 */
public final class DemoData {

    /** How many households are loaded at once (each household's own requests go in order). */
    public static final int DEFAULT_PARALLELISM = 4;

    private static final int PROGRESS_EVERY = 50;
    private static final int MAX_ATTEMPTS = 6;
    private static final String REPLAYED_HEADER = "Idempotent-Replayed";

    /** What a load did. {@code proposed} counts the proposed statuses the command side answered, per period. */
    public record Result(
            boolean skipped,
            int requests,
            int replayed,
            int householdsLoaded,
            int householdsSkipped,
            Map<Integer, Map<Status, Integer>> proposed,
            int mismatches,
            Duration took) {}

    /** The load failed: the command side refused a step or could not be reached. */
    public static final class DemoDataException extends RuntimeException {
        DemoDataException(String message) {
            super(message);
        }

        DemoDataException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final URI baseUrl;
    private final PrintStream out;
    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper();
    private final int parallelism;
    private final String authorization;
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger replayed = new AtomicInteger();

    /**
     * @param commandSideBaseUrl e.g. {@code http://localhost:8080}
     * @param out                where progress goes
     * @param parallelism        households loaded at once
     * @param username           HTTP Basic user, or {@code null} when the command side needs no authentication
     * @param password           HTTP Basic password
     */
    public DemoData(String commandSideBaseUrl, PrintStream out, int parallelism, String username, String password) {
        this.baseUrl = URI.create(
                commandSideBaseUrl.endsWith("/")
                        ? commandSideBaseUrl.substring(0, commandSideBaseUrl.length() - 1)
                        : commandSideBaseUrl);
        this.out = out;
        this.parallelism = Math.max(1, parallelism);
        this.authorization = username == null || username.isBlank()
                ? null
                : "Basic "
                        + Base64.getEncoder()
                                .encodeToString((username + ":" + (password == null ? "" : password))
                                        .getBytes(StandardCharsets.UTF_8));
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
    }

    public DemoData(String commandSideBaseUrl, PrintStream out) {
        this(commandSideBaseUrl, out, DEFAULT_PARALLELISM, null, null);
    }

    /** The plan for a seed and a number of households, computed without any I/O. */
    public static DemoPlan plan(long seed, int households) {
        return DemoPlan.generate(seed, households);
    }

    /** Sends the plan, or skips it when it was loaded before. */
    public Result load(DemoPlan plan) throws InterruptedException {
        long started = System.nanoTime();
        out.printf(
                "Demo data: %d communes of Cao Lanh district (codes %s..%s are SAMPLE codes, not official "
                        + "administrative codes), %d households, reviews for periods %d-%d; seed %d, %d requests%n",
                plan.communes().size(),
                plan.communes().get(0).code(),
                plan.communes().get(plan.communes().size() - 1).code(),
                plan.households().size(),
                DemoPlan.FIRST_PERIOD,
                DemoPlan.LAST_PERIOD,
                plan.seed(),
                plan.requestCount());
        out.println("  into the command side at " + baseUrl);

        Map<Integer, Map<Status, Integer>> proposed = emptyCounts();
        AtomicInteger mismatches = new AtomicInteger();

        CommunePlan first = plan.communes().get(0);
        Reply firstCommune = createCommune(plan, first);
        boolean resuming = false;
        if (firstCommune.status() == 409 || firstCommune.replayed()) {
            Completeness completeness = probeCompleteness(plan);
            if (completeness != Completeness.INCOMPLETE) {
                out.println("Demo data: commune " + first.code() + " already exists and the last step of the plan "
                        + (completeness == Completeness.COMPLETE
                                ? "was already applied"
                                : "is already there (loaded without these idempotency keys)")
                        + "; the demo data is complete - skipping the load.");
                return new Result(true, requests.get(), replayed.get(), 0, 0, proposed, 0, since(started));
            }
            resuming = true;
            out.println("Demo data: an earlier load was interrupted - resuming; steps already applied are replayed "
                    + "by their Idempotency-Key and take effect only once.");
        }

        boolean firstExists = firstCommune.status() == 409;
        for (CommunePlan commune : plan.communes()) {
            boolean exists = commune == first
                    ? firstExists
                    : createCommune(plan, commune).status() == 409;
            if (exists) {
                out.println("  commune " + commune.code() + " exists already (created outside this load): "
                        + "keeping its household totals as they are");
                continue;
            }
            for (HouseholdCount count : commune.counts()) {
                ObjectNode body = json.createObjectNode()
                        .put("asOf", count.asOf().toString())
                        .put("totalHouseholds", count.totalHouseholds());
                expect(
                        post(
                                "/api/communes/" + commune.code() + "/household-counts",
                                body,
                                key(plan, "count", commune.code(), count.asOf().toString())),
                        "household total of " + commune.code() + " as of " + count.asOf(),
                        201);
            }
        }
        out.printf(
                "  communes: %d with %d household totals each (%s)%n",
                plan.communes().size(), first.counts().size(), resuming ? "checked" : "created");

        List<HouseholdPlan> households = plan.households();
        AtomicInteger done = new AtomicInteger();
        AtomicInteger skipped = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(parallelism, runnable -> {
            Thread thread = new Thread(runnable, "demo-data");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (HouseholdPlan household : households) {
                futures.add(pool.submit(() -> {
                    HouseholdOutcome outcome = loadHousehold(plan, household);
                    synchronized (proposed) {
                        outcome.proposed()
                                .forEach(
                                        (period, status) -> proposed.get(period).merge(status, 1, Integer::sum));
                    }
                    mismatches.addAndGet(outcome.mismatches());
                    if (outcome.skipped()) {
                        skipped.incrementAndGet();
                    }
                    int n = done.incrementAndGet();
                    if (n % PROGRESS_EVERY == 0 || n == households.size()) {
                        out.printf(
                                "  households: %d/%d (%.1f s)%n",
                                n, households.size(), since(started).toMillis() / 1000.0);
                    }
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                try {
                    future.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    pool.shutdownNow();
                    Throwable cause = e.getCause();
                    if (cause instanceof DemoDataException demo) {
                        throw demo;
                    }
                    throw new DemoDataException("Demo data load failed: " + cause, cause);
                }
            }
        } finally {
            pool.shutdownNow();
        }

        Result result = new Result(
                false,
                requests.get(),
                replayed.get(),
                households.size() - skipped.get(),
                skipped.get(),
                proposed,
                mismatches.get(),
                since(started));
        printSummary(plan, result);
        return result;
    }

    // ------------------------------------------------------------------------------------------------------------

    private enum Completeness {
        COMPLETE,
        PRESENT_WITHOUT_KEYS,
        INCOMPLETE
    }

    /**
     * Replays the plan's last household (its registration, then its reviews and decisions). When every request is
     * answered from the idempotency record, the whole plan was applied before. Steps that were not applied yet are
     * applied now, which is harmless: the full load replays them later.
     */
    private Completeness probeCompleteness(DemoPlan plan) {
        if (plan.households().isEmpty()) {
            return Completeness.COMPLETE;
        }
        HouseholdPlan last = plan.households().get(plan.households().size() - 1);
        int replayedBefore = replayed.get();
        int requestsBefore = requests.get();
        HouseholdOutcome outcome = loadHousehold(plan, last);
        if (outcome.skipped() && outcome.registrationConflict()) {
            return Completeness.PRESENT_WITHOUT_KEYS;
        }
        boolean allReplayed = replayed.get() - replayedBefore == requests.get() - requestsBefore;
        return allReplayed ? Completeness.COMPLETE : Completeness.INCOMPLETE;
    }

    private Reply createCommune(DemoPlan plan, CommunePlan commune) {
        ObjectNode body = json.createObjectNode()
                .put("code", commune.code())
                .put("name", commune.name())
                .put("areaType", commune.areaType().name());
        Reply reply = post("/api/communes", body, key(plan, "commune", commune.code()));
        return expect(reply, "commune " + commune.code(), 201, 409);
    }

    /** The replies for one household: proposed status per period, how many differed from the plan. */
    private record HouseholdOutcome(
            Map<Integer, Status> proposed, int mismatches, boolean skipped, boolean registrationConflict) {}

    private HouseholdOutcome loadHousehold(DemoPlan plan, HouseholdPlan household) {
        String step = "hh-" + household.index();
        ObjectNode head = json.createObjectNode()
                .put("fullName", household.head().fullName())
                .put("nationalId", household.head().nationalId())
                .put("birthYear", household.head().birthYear());
        ObjectNode body = json.createObjectNode()
                .put("communeCode", household.communeCode())
                .put("hamlet", household.hamlet());
        body.set("head", head);
        body.put("memberCount", household.memberCount())
                .put("meritHousehold", household.meritHousehold())
                .put("ethnicMinority", household.ethnicMinority())
                .put("registeredOn", household.registeredOn().toString());
        Reply registered = expect(
                post("/api/households", body, key(plan, step)),
                "registration of household #" + household.index(),
                201,
                409);
        Map<Integer, Status> proposed = new TreeMap<>();
        if (registered.status() == 409) {
            out.println("  household #" + household.index() + " (national ID "
                    + household.head().nationalId() + ") is already registered outside this load: skipping it");
            return new HouseholdOutcome(proposed, 0, true, true);
        }
        String householdId = text(registered, "householdId");

        int mismatches = 0;
        for (ReviewPlan review : household.reviews()) {
            ObjectNode assessment = json.createObjectNode()
                    .put("period", review.period())
                    .put("kind", "ANNUAL")
                    .put("assessedOn", review.assessedOn().toString())
                    .put("standard", review.standard())
                    .put("incomePerCapita", review.incomePerCapita());
            assessment
                    .putArray("deprivations")
                    .addAll(review.deprivations().stream()
                            .map(json.getNodeFactory()::textNode)
                            .toList());
            String what = "period " + review.period() + " review of household #" + household.index();
            Reply assessed = expect(
                    post(
                            "/api/households/" + householdId + "/assessments",
                            assessment,
                            key(plan, step, "assess", String.valueOf(review.period()))),
                    what,
                    201,
                    422);
            if (assessed.status() == 422) {
                out.println("  " + what + " was refused (" + detail(assessed) + "): skipping its later reviews");
                return new HouseholdOutcome(proposed, mismatches, true, false);
            }
            Status status = Status.valueOf(text(assessed, "proposedStatus"));
            proposed.put(review.period(), status);
            if (status != review.expectedStatus()) {
                mismatches++;
            }
            ObjectNode recognition = json.createObjectNode()
                    .put("decisionRef", review.decisionRef())
                    .put("decidedOn", review.decidedOn().toString());
            expect(
                    post(
                            "/api/households/" + householdId + "/assessments/" + text(assessed, "assessmentId")
                                    + "/recognition",
                            recognition,
                            key(plan, step, "recognise", String.valueOf(review.period()))),
                    "recognition of the " + what,
                    200,
                    409);
            for (String policy : DemoPlan.grantsFor(plan.seed(), household.index(), review.period(), status)) {
                ObjectNode grant = json.createObjectNode()
                        .put("policyCode", policy)
                        .put("validFrom", LocalDate.of(review.period(), 1, 1).toString())
                        .put("validTo", LocalDate.of(review.period(), 12, 31).toString())
                        .put("decisionRef", review.decisionRef().replace("QĐ-UBND", "QĐ-CS"))
                        .put("amount", 0);
                expect(
                        post(
                                "/api/households/" + householdId + "/grants",
                                grant,
                                key(plan, step, "grant", String.valueOf(review.period()), policy)),
                        policy + " for the " + what,
                        201,
                        422);
            }
        }
        DemoPlan.LoanPlan loan = DemoPlan.loanFor(plan.seed(), household.index(), household.reviews())
                .orElse(null);
        if (loan != null) {
            loadLoan(plan, step, householdId, loan);
        }
        return new HouseholdOutcome(proposed, mismatches, false, false);
    }

    private void loadLoan(DemoPlan plan, String step, String householdId, DemoPlan.LoanPlan loan) {
        String what = loan.programCode() + " loan of household " + step;
        ObjectNode application = json.createObjectNode()
                .put("householdId", householdId)
                .put("programCode", loan.programCode())
                .put("principal", loan.principal())
                .put("termMonths", loan.termMonths())
                .put("purpose", "Chăn nuôi bò sinh sản")
                .put("appliedOn", loan.appliedOn().toString());
        Reply applied = expect(post("/api/loans", application, key(plan, step, "loan")), what, 201, 422);
        if (applied.status() == 422) {
            out.println("  " + what + " was refused (" + detail(applied) + ")");
            return;
        }
        String loanPath = "/api/loans/" + text(applied, "loanId");
        expect(
                post(
                        loanPath + "/approval",
                        json.createObjectNode()
                                .put("approvedOn", loan.approvedOn().toString()),
                        key(plan, step, "loan", "approval")),
                "approval of the " + what,
                200,
                409);
        expect(
                post(
                        loanPath + "/disbursement",
                        json.createObjectNode()
                                .put("disbursedOn", loan.disbursedOn().toString()),
                        key(plan, step, "loan", "disbursement")),
                "disbursement of the " + what,
                200,
                409);
        for (DemoPlan.Repayment repayment : loan.repayments()) {
            expect(
                    post(
                            loanPath + "/repayments",
                            json.createObjectNode()
                                    .put("amount", repayment.amount())
                                    .put("paidOn", repayment.paidOn().toString()),
                            key(
                                    plan,
                                    step,
                                    "loan",
                                    "repayment",
                                    repayment.paidOn().toString())),
                    "repayment of the " + what,
                    201,
                    409,
                    422);
        }
    }

    private void printSummary(DemoPlan plan, Result result) {
        Map<Integer, Map<Status, Integer>> expected = plan.expectedStatusCounts();
        out.printf(
                "Demo data loaded in %.1f s: %d requests (%d answered from an earlier run), %d households%s%n",
                result.took().toMillis() / 1000.0,
                result.requests(),
                result.replayed(),
                result.householdsLoaded(),
                result.householdsSkipped() == 0 ? "" : " (" + result.householdsSkipped() + " skipped)");
        out.println("Proposed statuses of the demo households per period (as the command side classified them):");
        out.println("  period  standard          POOR  NEAR_POOR  NOT_POOR");
        for (var row : result.proposed().entrySet()) {
            Map<Status, Integer> counts = row.getValue();
            out.printf(
                    "  %6d  %-16s  %4d  %9d  %8d%n",
                    row.getKey(),
                    DemoPlan.standardFor(row.getKey()),
                    counts.get(Status.POOR),
                    counts.get(Status.NEAR_POOR),
                    counts.get(Status.NOT_POOR));
        }
        if (result.mismatches() > 0 || (result.householdsSkipped() == 0 && !expected.equals(result.proposed()))) {
            out.println("  NOTE: " + result.mismatches() + " proposed statuses differ from the plan's expectation "
                    + expected + " - has a poverty standard changed?");
        }
        out.println("  The communes' recorded household totals are scaled to the demo's "
                + plan.households().size() + " households, so the rates look like a real commune's.");
    }

    // ------------------------------------------------------------------------------------------------------------
    // HTTP

    /** One answer of the command side. */
    record Reply(int status, JsonNode body, boolean replayed) {}

    private Reply post(String path, JsonNode body, String idempotencyKey) {
        byte[] bytes;
        try {
            bytes = json.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new DemoDataException("Cannot write JSON for " + path, e);
        }
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json; charset=UTF-8")
                .header("Accept", "application/json, application/problem+json")
                .header("Idempotency-Key", idempotencyKey)
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes));
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        HttpRequest request = builder.build();
        Exception last = null;
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            try {
                HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
                if (response.statusCode() >= 500 || response.statusCode() == 429) {
                    // safe to retry: the Idempotency-Key makes the command take effect once
                    last = new DemoDataException("HTTP " + response.statusCode() + " from POST " + path + ": "
                            + new String(response.body(), StandardCharsets.UTF_8));
                } else {
                    requests.incrementAndGet();
                    boolean wasReplayed = response.headers()
                            .firstValue(REPLAYED_HEADER)
                            .map("true"::equalsIgnoreCase)
                            .orElse(false);
                    if (wasReplayed) {
                        replayed.incrementAndGet();
                    }
                    JsonNode answer = response.body().length == 0 ? json.nullNode() : json.readTree(response.body());
                    return new Reply(response.statusCode(), answer, wasReplayed);
                }
            } catch (IOException e) {
                last = e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DemoDataException("Interrupted while sending POST " + path, e);
            }
            if (attempt < MAX_ATTEMPTS) {
                sleep(250L << attempt);
            }
        }
        throw new DemoDataException(
                "POST " + baseUrl + path + " failed after " + MAX_ATTEMPTS + " attempts: " + last
                        + " - is the command side running at " + baseUrl + "?",
                last);
    }

    private Reply expect(Reply reply, String what, int... accepted) {
        for (int status : accepted) {
            if (reply.status() == status) {
                return reply;
            }
        }
        if (reply.status() == 401 || reply.status() == 403) {
            throw new DemoDataException("The command side refused " + what + " with HTTP " + reply.status()
                    + ": it needs a user with the ADMIN role; set POVERTY_DEMO_USER and POVERTY_DEMO_PASSWORD");
        }
        throw new DemoDataException(
                "The command side refused " + what + " with HTTP " + reply.status() + ": " + detail(reply));
    }

    private static String detail(Reply reply) {
        JsonNode detail = reply.body().path("detail");
        return detail.isMissingNode() || detail.isNull() ? reply.body().toString() : detail.asText();
    }

    private static String text(Reply reply, String field) {
        JsonNode value = reply.body().path(field);
        if (!value.isTextual()) {
            throw new DemoDataException("Unexpected answer from the command side, no '" + field + "': " + reply.body());
        }
        return value.asText();
    }

    /** An Idempotency-Key for one step: the same seed and step give the same key in every run. */
    static String key(DemoPlan plan, String... step) {
        return "demo-" + plan.seed() + "-" + String.join("-", step);
    }

    private static Map<Integer, Map<Status, Integer>> emptyCounts() {
        Map<Integer, Map<Status, Integer>> counts = new TreeMap<>();
        for (int period = DemoPlan.FIRST_PERIOD; period <= DemoPlan.LAST_PERIOD; period++) {
            Map<Status, Integer> row = new EnumMap<>(Status.class);
            for (Status status : Status.values()) {
                row.put(status, 0);
            }
            counts.put(period, row);
        }
        return counts;
    }

    private static Duration since(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DemoDataException("Interrupted", e);
        }
    }
}
