package vn.poverty.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Writes a {@link ProvincePlan} through the command side's public HTTP API with concurrent clients (each household's
 * own requests in order), like any client: communes and household totals as ADMIN, households, reviews, recognitions
 * and grants as a district officer, loans as a bank officer, all with bearer tokens. Every request carries an
 * {@code Idempotency-Key}, so a retry after a timeout or a 5xx takes effect once.
 */
final class Generator {

    private static final int MAX_ATTEMPTS = 6;
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(5);
    /** The command side's limit of commands per bulk import request, less a margin. */
    static final int MAX_IMPORT_COMMANDS = 2_900;

    /** What the load did. */
    record Result(int households, int skipped, long requests, long refused, long errors, Duration took) {}

    private final Http http;
    private final String commandUrl;
    private final Tokens tokens;
    private final PrintStream out;
    private final int clients;
    private final LongSupplier eventCount;
    private final int importBatch;

    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicInteger done = new AtomicInteger();
    private final AtomicInteger skipped = new AtomicInteger();
    private final Map<String, AtomicInteger> problems = new ConcurrentHashMap<>();

    /**
     * {@code importBatch} households per bulk import request ({@code POST /api/imports/households}), or 0 to send
     * every command to its single endpoint.
     */
    Generator(
            Http http,
            String commandUrl,
            Tokens tokens,
            PrintStream out,
            int clients,
            LongSupplier eventCount,
            int importBatch) {
        this.http = http;
        this.importBatch = importBatch;
        this.commandUrl = commandUrl;
        this.tokens = tokens;
        this.out = out;
        this.clients = clients;
        this.eventCount = eventCount;
    }

    Result load(ProvincePlan plan) throws InterruptedException {
        long started = System.nanoTime();
        out.printf(
                "Generator: %d households in %d communes, periods 2021-2025, seed %d, %d clients%n",
                plan.householdCount(), plan.communes().size(), plan.seed(), clients);
        ExecutorService pool = Executors.newFixedThreadPool(clients, daemon("generator"));
        try {
            List<Future<?>> communes = new ArrayList<>();
            for (ProvincePlan.Commune commune : plan.communes()) {
                communes.add(pool.submit(() -> {
                    loadCommune(plan, commune);
                    return null;
                }));
            }
            await(communes);
            out.printf(
                    "  communes: %d created with %d household totals each (%.1f s)%n",
                    plan.communes().size(),
                    plan.communes().get(0).counts().size(),
                    seconds(System.nanoTime() - started));

            if (importBatch > 0) {
                importHouseholds(plan, pool, started);
                return result(started);
            }
            BlockingQueue<ProvincePlan.Household> queue = new ArrayBlockingQueue<>(clients * 8);
            List<Future<?>> workers = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                workers.add(pool.submit(() -> {
                    while (true) {
                        ProvincePlan.Household household = queue.take();
                        if (household.index() < 0) {
                            return null;
                        }
                        loadHousehold(plan, household);
                        done.incrementAndGet();
                    }
                }));
            }
            Thread progress = progressPrinter(plan.householdCount(), started);
            try {
                for (int i = 0; i < plan.householdCount(); i++) {
                    ProvincePlan.Household household = plan.household(i);
                    while (!queue.offer(household, 1, TimeUnit.SECONDS)) {
                        failFast(workers);
                    }
                }
                ProvincePlan.Household poison = new ProvincePlan.Household(
                        -1, null, null, null, 0, false, false, null, List.of(), java.util.Optional.empty());
                for (int i = 0; i < clients; i++) {
                    queue.put(poison);
                }
                await(workers);
            } finally {
                progress.interrupt();
                progress.join(2_000);
            }
        } finally {
            pool.shutdownNow();
        }
        return result(started);
    }

    private Result result(long started) {
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        printProgress(done.get(), started, 0, 0);
        if (!problems.isEmpty()) {
            out.println("  refused or failed requests by kind: " + problems);
        }
        return new Result(done.get() - skipped.get(), skipped.get(), requests.get(), refused.get(), errors.get(), took);
    }

    /**
     * The households in bulk imports of up to {@code importBatch} households and {@link #MAX_IMPORT_COMMANDS} commands,
     * from two clients (the command side runs one import at a time; the second request is parsed meanwhile).
     */
    private void importHouseholds(ProvincePlan plan, ExecutorService pool, long started) throws InterruptedException {
        int importers = Math.min(clients, 2);
        out.printf(
                "  households: bulk imports of up to %d households / %,d commands (POST /api/imports/households),"
                        + " %d clients%n",
                importBatch, MAX_IMPORT_COMMANDS, importers);
        int total = plan.householdCount();
        BlockingQueue<List<ProvincePlan.Household>> batches = new ArrayBlockingQueue<>(importers * 2);
        List<Future<?>> workers = new ArrayList<>();
        Thread progress = progressPrinter(total, started);
        try {
            for (int w = 0; w < importers; w++) {
                workers.add(pool.submit(() -> {
                    while (true) {
                        List<ProvincePlan.Household> batch = batches.take();
                        if (batch.isEmpty()) {
                            return null;
                        }
                        importBatch(plan, batch);
                    }
                }));
            }
            List<ProvincePlan.Household> batch = new ArrayList<>();
            int commands = 0;
            for (int i = 0; i < total; i++) {
                ProvincePlan.Household household = plan.household(i);
                if (!batch.isEmpty()
                        && (batch.size() == importBatch || commands + household.requests() > MAX_IMPORT_COMMANDS)) {
                    offer(batches, batch, workers);
                    batch = new ArrayList<>();
                    commands = 0;
                }
                batch.add(household);
                commands += household.requests();
            }
            if (!batch.isEmpty()) {
                offer(batches, batch, workers);
            }
            for (int w = 0; w < importers; w++) {
                offer(batches, List.of(), workers);
            }
            await(workers);
        } finally {
            progress.interrupt();
            progress.join(2_000);
        }
    }

    private void offer(
            BlockingQueue<List<ProvincePlan.Household>> batches,
            List<ProvincePlan.Household> batch,
            List<Future<?>> workers)
            throws InterruptedException {
        while (!batches.offer(batch, 1, TimeUnit.SECONDS)) {
            failFast(workers);
        }
    }

    private void importBatch(ProvincePlan plan, List<ProvincePlan.Household> batch) throws InterruptedException {
        ObjectNode body = Http.JSON.createObjectNode();
        var households = body.putArray("households");
        int commands = 0;
        for (ProvincePlan.Household household : batch) {
            households.add(importedHousehold(household));
            commands += household.requests();
        }
        int from = batch.get(0).index();
        int to = batch.get(batch.size() - 1).index();
        Http.Reply reply = post(
                "/api/imports/households",
                body,
                tokens.admin,
                key(plan, "import", String.valueOf(from), String.valueOf(to)),
                "import");
        if (reply.status() == 409) {
            // a household of the batch is there already (an earlier run with other batches): keep what is there
            skipped.addAndGet(batch.size());
            done.addAndGet(batch.size());
            AtomicInteger count = problems.computeIfAbsent("import HTTP 409 (skipped)", k -> new AtomicInteger());
            if (count.incrementAndGet() <= 3) {
                out.println("  import " + from + ".." + to + ": " + truncate(reply.text(), 300));
            }
            return;
        }
        require(reply, "import of households " + from + ".." + to, 201);
        requests.addAndGet(commands - 1);
        done.addAndGet(batch.size());
    }

    /** The body of {@code POST /api/households} for a household of the plan. */
    private static ObjectNode registration(ProvincePlan.Household household) {
        ObjectNode body = Http.JSON
                .createObjectNode()
                .put("communeCode", household.communeCode())
                .put("hamlet", household.hamlet());
        body.putObject("head")
                .put("fullName", household.head().fullName())
                .put("nationalId", household.head().nationalId())
                .put("birthYear", household.head().birthYear());
        body.put("memberCount", household.memberCount())
                .put("meritHousehold", household.meritHousehold())
                .put("ethnicMinority", household.ethnicMinority())
                .put("registeredOn", household.registeredOn().toString());
        return body;
    }

    /** A household of the plan as a part of a bulk import: the same data the single endpoints are sent. */
    private static ObjectNode importedHousehold(ProvincePlan.Household household) {
        ObjectNode body = registration(household);
        var reviews = body.putArray("reviews");
        for (ProvincePlan.Review review : household.reviews()) {
            var r = review.plan();
            ObjectNode assessment = reviews.addObject()
                    .put("period", r.period())
                    .put("kind", "ANNUAL")
                    .put("assessedOn", r.assessedOn().toString())
                    .put("standard", r.standard())
                    .put("incomePerCapita", r.incomePerCapita());
            var deprivations = assessment.putArray("deprivations");
            r.deprivations().forEach(deprivations::add);
            assessment
                    .putObject("recognition")
                    .put("decisionRef", r.decisionRef())
                    .put("decidedOn", r.decidedOn().toString());
            var grants = assessment.putArray("grants");
            for (String policy : review.grants()) {
                grants.addObject()
                        .put("policyCode", policy)
                        .put("validFrom", LocalDate.of(r.period(), 1, 1).toString())
                        .put("validTo", LocalDate.of(r.period(), 12, 31).toString())
                        .put("decisionRef", r.decisionRef().replace("QĐ-UBND", "QĐ-CS"))
                        .put("amount", 0);
            }
        }
        var loans = body.putArray("loans");
        household.loan().ifPresent(loan -> {
            ObjectNode l = loans.addObject()
                    .put("programCode", loan.programCode())
                    .put("principal", loan.principal())
                    .put("termMonths", loan.termMonths())
                    .put("purpose", "Chăn nuôi bò sinh sản")
                    .put("appliedOn", loan.appliedOn().toString())
                    .put("approvedOn", loan.approvedOn().toString())
                    .put("disbursedOn", loan.disbursedOn().toString());
            var repayments = l.putArray("repayments");
            for (ProvincePlan.Repayment repayment : loan.repayments()) {
                repayments
                        .addObject()
                        .put("amount", repayment.amount())
                        .put("paidOn", repayment.paidOn().toString());
            }
        });
        return body;
    }

    private void failFast(List<Future<?>> workers) throws InterruptedException {
        for (Future<?> worker : workers) {
            if (worker.isDone()) {
                await(List.of(worker));
                throw new GeneratorException("a generator client stopped early");
            }
        }
    }

    private Thread progressPrinter(int total, long started) {
        Thread thread = new Thread(
                () -> {
                    long lastNanos = System.nanoTime();
                    long lastEvents = safeEventCount();
                    while (!Thread.currentThread().isInterrupted()) {
                        try {
                            Thread.sleep(PROGRESS_EVERY.toMillis());
                        } catch (InterruptedException e) {
                            return;
                        }
                        long now = System.nanoTime();
                        long events = safeEventCount();
                        double rate = (events - lastEvents) / seconds(now - lastNanos);
                        printProgress(total, started, rate, events);
                        lastNanos = now;
                        lastEvents = events;
                    }
                },
                "generator-progress");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private long safeEventCount() {
        try {
            return eventCount.getAsLong();
        } catch (RuntimeException e) {
            return 0;
        }
    }

    private void printProgress(int total, long started, double eventsPerSecond, long events) {
        int n = done.get();
        double elapsed = seconds(System.nanoTime() - started);
        double perSecond = n / Math.max(elapsed, 0.001);
        String eta = n == 0 ? "?" : formatDuration(Math.round((total - n) / perSecond));
        if (events > 0) {
            out.printf(
                    "  households %,d/%,d (%.1f%%), %,d requests, %,d events, %,.0f events/s, %,.1f households/s,"
                            + " elapsed %s, ETA %s%n",
                    n,
                    total,
                    100.0 * n / Math.max(1, total),
                    requests.get(),
                    events,
                    eventsPerSecond,
                    perSecond,
                    formatDuration(Math.round(elapsed)),
                    eta);
        } else {
            out.printf(
                    "  households %,d/%,d done, %,d requests (%,.0f requests/s), %,d refused, %,d failed, in %s%n",
                    n,
                    total,
                    requests.get(),
                    requests.get() / Math.max(elapsed, 0.001),
                    refused.get(),
                    errors.get(),
                    formatDuration(Math.round(elapsed)));
        }
    }

    static String formatDuration(long seconds) {
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return (seconds / 60) + "m" + String.format("%02d", seconds % 60) + "s";
        }
        return (seconds / 3600) + "h" + String.format("%02d", (seconds % 3600) / 60) + "m";
    }

    // ------------------------------------------------------------------------------------------------------------

    private void loadCommune(ProvincePlan plan, ProvincePlan.Commune commune) throws InterruptedException {
        ObjectNode body = Http.JSON
                .createObjectNode()
                .put("code", commune.code())
                .put("name", commune.name())
                .put("areaType", commune.areaType().name());
        Http.Reply created = post("/api/communes", body, tokens.admin, key(plan, "commune", commune.code()), "commune");
        if (created.status() == 409) {
            out.println("  commune " + commune.code() + " exists already: keeping its totals");
            return;
        }
        require(created, "commune " + commune.code(), 201);
        for (var count : commune.counts()) {
            ObjectNode total = Http.JSON
                    .createObjectNode()
                    .put("asOf", count.asOf().toString())
                    .put("totalHouseholds", count.totalHouseholds());
            require(
                    post(
                            "/api/communes/" + commune.code() + "/household-counts",
                            total,
                            tokens.admin,
                            key(plan, "count", commune.code(), count.asOf().toString()),
                            "household-count"),
                    "household total of " + commune.code(),
                    201);
        }
    }

    private void loadHousehold(ProvincePlan plan, ProvincePlan.Household household) throws InterruptedException {
        String step = "hh-" + household.index();
        ObjectNode body = registration(household);
        Http.Reply registered = post("/api/households", body, tokens.district, key(plan, step), "register");
        if (registered.status() == 409) {
            skipped.incrementAndGet();
            return;
        }
        if (!expected(registered, "register", 201)) {
            return;
        }
        String householdId = registered.json().path("householdId").asText();
        for (ProvincePlan.Review review : household.reviews()) {
            var r = review.plan();
            ObjectNode assessment = Http.JSON
                    .createObjectNode()
                    .put("period", r.period())
                    .put("kind", "ANNUAL")
                    .put("assessedOn", r.assessedOn().toString())
                    .put("standard", r.standard())
                    .put("incomePerCapita", r.incomePerCapita());
            var deprivations = assessment.putArray("deprivations");
            r.deprivations().forEach(deprivations::add);
            Http.Reply assessed = post(
                    "/api/households/" + householdId + "/assessments",
                    assessment,
                    tokens.district,
                    key(plan, step, "assess", String.valueOf(r.period())),
                    "assess");
            if (!expected(assessed, "assess", 201)) {
                return;
            }
            String assessmentId = assessed.json().path("assessmentId").asText();
            ObjectNode recognition = Http.JSON
                    .createObjectNode()
                    .put("decisionRef", r.decisionRef())
                    .put("decidedOn", r.decidedOn().toString());
            Http.Reply recognised = post(
                    "/api/households/" + householdId + "/assessments/" + assessmentId + "/recognition",
                    recognition,
                    tokens.district,
                    key(plan, step, "recognise", String.valueOf(r.period())),
                    "recognise");
            if (!expected(recognised, "recognise", 200)) {
                return;
            }
            for (String policy : review.grants()) {
                ObjectNode grant = Http.JSON
                        .createObjectNode()
                        .put("policyCode", policy)
                        .put("validFrom", LocalDate.of(r.period(), 1, 1).toString())
                        .put("validTo", LocalDate.of(r.period(), 12, 31).toString())
                        .put("decisionRef", r.decisionRef().replace("QĐ-UBND", "QĐ-CS"))
                        .put("amount", 0);
                expected(
                        post(
                                "/api/households/" + householdId + "/grants",
                                grant,
                                tokens.district,
                                key(plan, step, "grant", String.valueOf(r.period()), policy),
                                "grant"),
                        "grant",
                        201);
            }
        }
        if (household.loan().isPresent()) {
            loadLoan(plan, step, householdId, household.loan().get());
        }
    }

    private void loadLoan(ProvincePlan plan, String step, String householdId, ProvincePlan.Loan loan)
            throws InterruptedException {
        ObjectNode application = Http.JSON
                .createObjectNode()
                .put("householdId", householdId)
                .put("programCode", loan.programCode())
                .put("principal", loan.principal())
                .put("termMonths", loan.termMonths())
                .put("purpose", "Chăn nuôi bò sinh sản")
                .put("appliedOn", loan.appliedOn().toString());
        Http.Reply applied = post("/api/loans", application, tokens.bank, key(plan, step, "loan"), "loan-apply");
        if (!expected(applied, "loan-apply", 201)) {
            return;
        }
        String loanPath = "/api/loans/" + applied.json().path("loanId").asText();
        if (!expected(
                post(
                        loanPath + "/approval",
                        Http.JSON
                                .createObjectNode()
                                .put("approvedOn", loan.approvedOn().toString()),
                        tokens.bank,
                        key(plan, step, "loan", "approval"),
                        "loan-approve"),
                "loan-approve",
                200)) {
            return;
        }
        if (!expected(
                post(
                        loanPath + "/disbursement",
                        Http.JSON
                                .createObjectNode()
                                .put("disbursedOn", loan.disbursedOn().toString()),
                        tokens.bank,
                        key(plan, step, "loan", "disbursement"),
                        "loan-disburse"),
                "loan-disburse",
                200)) {
            return;
        }
        for (ProvincePlan.Repayment repayment : loan.repayments()) {
            expected(
                    post(
                            loanPath + "/repayments",
                            Http.JSON
                                    .createObjectNode()
                                    .put("amount", repayment.amount())
                                    .put("paidOn", repayment.paidOn().toString()),
                            tokens.bank,
                            key(
                                    plan,
                                    step,
                                    "loan",
                                    "repayment",
                                    repayment.paidOn().toString()),
                            "loan-repay"),
                    "loan-repay",
                    201);
        }
    }

    // ------------------------------------------------------------------------------------------------------------

    /** The load could not go on (the command side is gone, or refuses what it must accept). */
    static final class GeneratorException extends RuntimeException {
        GeneratorException(String message) {
            super(message);
        }

        GeneratorException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private Http.Reply post(String path, JsonNode body, String token, String idempotencyKey, String kind)
            throws InterruptedException {
        byte[] bytes;
        try {
            bytes = Http.JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new GeneratorException("Cannot write JSON", e);
        }
        Http.Request request = Http.postRequest(commandUrl + path, bytes, token, idempotencyKey);
        Exception last = null;
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            try {
                Http.Reply reply = http.send(request);
                if (reply.status() < 500 && reply.status() != 429) {
                    requests.incrementAndGet();
                    return reply;
                }
                last = new GeneratorException("HTTP " + reply.status() + " " + reply.text());
            } catch (IOException e) {
                last = e;
            }
            Thread.sleep(200L << attempt);
        }
        errors.incrementAndGet();
        throw new GeneratorException(
                "POST " + path + " (" + kind + ") failed " + MAX_ATTEMPTS + " times: " + last, last);
    }

    /** Counts a refusal (422) or an unexpected answer; true when the answer is the expected one. */
    private boolean expected(Http.Reply reply, String kind, int status) {
        if (reply.status() == status) {
            return true;
        }
        if (reply.status() == 422) {
            refused.incrementAndGet();
        } else {
            errors.incrementAndGet();
        }
        AtomicInteger count = problems.computeIfAbsent(kind + " HTTP " + reply.status(), k -> new AtomicInteger());
        if (count.incrementAndGet() <= 3) {
            out.println("  " + kind + ": HTTP " + reply.status() + " " + truncate(reply.text(), 300));
        }
        if (reply.status() == 401 || reply.status() == 403) {
            throw new GeneratorException(kind + " was not allowed (HTTP " + reply.status() + "): " + reply.text());
        }
        return false;
    }

    private void require(Http.Reply reply, String what, int status) {
        if (reply.status() != status) {
            throw new GeneratorException(what + ": HTTP " + reply.status() + " " + truncate(reply.text(), 500));
        }
    }

    static String truncate(String text, int length) {
        return text.length() <= length ? text : text.substring(0, length) + "...";
    }

    static String key(ProvincePlan plan, String... step) {
        return "bench-" + plan.seed() + "-" + String.join("-", step);
    }

    private static void await(List<Future<?>> futures) throws InterruptedException {
        for (Future<?> future : futures) {
            try {
                future.get();
            } catch (java.util.concurrent.ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof GeneratorException generator) {
                    throw generator;
                }
                throw new GeneratorException("generator failed: " + cause, cause);
            }
        }
    }

    static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + n.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
