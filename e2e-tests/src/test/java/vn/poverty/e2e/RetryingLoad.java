package vn.poverty.e2e;

import static vn.poverty.e2e.FaultKit.JSON;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Clients that register households and record assessments on a command node, each command with its own
 * {@code Idempotency-Key}, and retry with the same key every command that got no definite answer: a refused
 * connection (node down) at once; a request cut off mid-way (it may have been applied) once the server's claim on the
 * key expired; "still being processed" (the claim of a cut-off request) and 5xx a little later. A 2xx is an
 * acknowledgement; any other 4xx a rejection (none expected).
 */
final class RetryingLoad {

    /** The server holds the claim of a request cut off mid-way for 30 s (IdempotencyFilter.LEASE_MILLIS). */
    static final long LEASE_MILLIS = 31_000;

    enum Kind {
        REGISTER,
        ASSESS
    }

    /** One command as its client keeps it until it has a definite answer. */
    static final class Command {
        final Kind kind;
        final String key = UUID.randomUUID().toString();
        final String path;
        final String body;
        final String authorization;
        int attempts;
        long dueAt;

        Command(Kind kind, String path, Object body, String authorization) throws IOException {
            this.kind = kind;
            this.path = path;
            this.body = JSON.writeValueAsString(body);
            this.authorization = authorization;
        }
    }

    /** A command that got a 2xx: its key, request and first response. */
    record Acked(
            Kind kind,
            String key,
            String path,
            String body,
            String authorization,
            int attempts,
            int status,
            JsonNode response) {
        String id() {
            return response.path(kind == Kind.REGISTER ? "householdId" : "assessmentId")
                    .asText();
        }
    }

    private final Supplier<AppProcess> node;
    private final AtomicBoolean generating = new AtomicBoolean(true);
    final AtomicInteger sent = new AtomicInteger();
    final AtomicInteger attempts = new AtomicInteger();
    final AtomicInteger cutOff = new AtomicInteger();
    final AtomicInteger refused = new AtomicInteger();
    /** 5xx answers by status, and how many of them were problem documents. */
    final Map<Integer, AtomicInteger> serverErrors = new ConcurrentHashMap<>();

    final AtomicInteger problemServerErrors = new AtomicInteger();
    final List<Acked> acked = Collections.synchronizedList(new ArrayList<>());
    final List<String> rejected = Collections.synchronizedList(new ArrayList<>());
    private final List<Command> unresolved = Collections.synchronizedList(new ArrayList<>());
    private final List<Thread> threads = new ArrayList<>();

    RetryingLoad(Supplier<AppProcess> node) {
        this.node = node;
    }

    /** Starts one client thread per authorization, each registering in its commune. */
    RetryingLoad start(List<String> authorizations, List<String> communes) {
        for (int i = 0; i < authorizations.size(); i++) {
            int client = i;
            Thread thread = new Thread(
                    () -> run(client, authorizations.get(client), communes.get(client)), "retrying-client-" + client);
            thread.start();
            threads.add(thread);
        }
        return this;
    }

    /** Stops sending new commands and waits until every sent command has a definite answer (or the timeout). */
    void stopAndDrain(Duration timeout) throws InterruptedException {
        generating.set(false);
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Thread thread : threads) {
            thread.join(
                    Math.max(1, Duration.ofNanos(deadline - System.nanoTime()).toMillis()));
        }
    }

    /** Commands that never got a definite answer (the clients gave up at the drain deadline). */
    List<Command> unresolved() {
        return List.copyOf(unresolved);
    }

    void abort() {
        generating.set(false);
        threads.forEach(Thread::interrupt);
    }

    private void run(int client, String authorization, String commune) {
        Random random = new Random(client);
        Deque<String> toAssess = new ArrayDeque<>();
        List<Command> open = new ArrayList<>();
        long n = (client + 1) * 1_000_000L + System.nanoTime() % 1_000 * 1_000;
        long drainDeadline = Long.MAX_VALUE;
        try {
            while (true) {
                boolean load = generating.get();
                if (!load && drainDeadline == Long.MAX_VALUE) {
                    drainDeadline = System.currentTimeMillis() + 100_000;
                }
                long now = System.currentTimeMillis();
                Command due =
                        open.stream().filter(c -> c.dueAt <= now).findFirst().orElse(null);
                if (due == null && !load) {
                    if (open.isEmpty() || now > drainDeadline) {
                        unresolved.addAll(open);
                        return;
                    }
                    Thread.sleep(100);
                    continue;
                }
                if (due == null) {
                    if (!toAssess.isEmpty() && random.nextBoolean()) {
                        due = new Command(
                                Kind.ASSESS,
                                "/api/households/" + toAssess.poll() + "/assessments",
                                FaultKit.assessment(n++),
                                authorization);
                    } else {
                        due = new Command(
                                Kind.REGISTER, "/api/households", FaultKit.household(commune, n++), authorization);
                    }
                    sent.incrementAndGet();
                    open.add(due);
                }
                attempt(due, open, toAssess);
            }
        } catch (InterruptedException stopped) {
            unresolved.addAll(open);
        } catch (Exception e) {
            rejected.add("client " + client + " failed: " + e);
            unresolved.addAll(open);
        }
    }

    private void attempt(Command command, List<Command> open, Deque<String> toAssess) throws Exception {
        command.attempts++;
        attempts.incrementAndGet();
        HttpResponse<String> response;
        try {
            response = FaultKit.post(node.get().url(command.path), command.authorization, command.key, command.body);
        } catch (ConnectException down) {
            // the node is down: the request never reached it; again with the same key
            refused.incrementAndGet();
            Thread.sleep(250);
            command.dueAt = 0; // first in line: no new command before this one got through
            return;
        } catch (IOException cut) {
            // cut off mid-way: it may or may not have been applied; again with the same key once the claim expired
            cutOff.incrementAndGet();
            command.dueAt = System.currentTimeMillis() + LEASE_MILLIS;
            return;
        }
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            JsonNode body = JSON.readTree(response.body());
            acked.add(new Acked(
                    command.kind,
                    command.key,
                    command.path,
                    command.body,
                    command.authorization,
                    command.attempts,
                    status,
                    body));
            open.remove(command);
            if (command.kind == Kind.REGISTER && generating.get()) {
                toAssess.add(body.get("householdId").asText());
            }
        } else if (status == 409 && response.body().contains("still being processed")) {
            command.dueAt = System.currentTimeMillis() + 5_000; // the claim of a request cut off mid-way
        } else if (status >= 500) {
            serverErrors.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
            if (response.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json")) {
                problemServerErrors.incrementAndGet();
            }
            command.dueAt = System.currentTimeMillis() + 1_000;
        } else {
            rejected.add(command.kind + " " + command.path + " → " + status + " " + response.body());
            open.remove(command);
        }
    }
}
