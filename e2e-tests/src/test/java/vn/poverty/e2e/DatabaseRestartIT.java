package vn.poverty.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import vn.poverty.testsupport.TestDatabase;
import vn.poverty.testsupport.TestUsers;

/**
 * PostgreSQL is stopped under load and started again on the same data directory and port, the apps left running.
 * Both apps report DOWN (503) on {@code /actuator/health} while it is down and UP after; commands during the outage
 * fail with a 5xx (and are retried by the clients with the same Idempotency-Key); nothing acknowledged is lost; the
 * query side resumes projecting, without a restart.
 */
class DatabaseRestartIT {

    private Path dataDirectory;
    private int port;
    private EmbeddedPostgres postgres;
    private AppProcess command;
    private AppProcess query;
    private RetryingLoad load;

    @AfterEach
    void stop() throws Exception {
        if (load != null) {
            load.abort();
        }
        for (AppProcess app : new AppProcess[] {command, query}) {
            if (app != null) {
                app.close();
            }
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void appsReportDownThenUpAndLoseNothingAcknowledged() throws Exception {
        dataDirectory = Files.createTempDirectory("fault-pg-");
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        postgres = startPostgres();
        TestDatabase.Database db =
                new TestDatabase.Database("jdbc:postgresql://localhost:" + port + "/postgres", "postgres", "postgres");
        command = AppProcess.start("command-side", db, Map.of());
        query = AppProcess.start("query-side", db, Map.of());
        command.awaitHealthy(FaultKit.STARTUP);
        query.awaitHealthy(FaultKit.STARTUP);
        FaultKit.postOk(
                command.url("/api/communes"), Map.of("code", "P01", "name", "Phú Mỹ", "areaType", "RURAL"), 201);
        FaultKit.postOk(
                command.url("/api/communes"), Map.of("code", "P02", "name", "Phú Hữu", "areaType", "URBAN"), 201);

        load = new RetryingLoad(() -> command)
                .start(List.of(TestUsers.basic("admin"), TestUsers.basic("district")), List.of("P01", "P02"));
        Thread.sleep(3_000); // load before the outage
        int ackedBefore = load.acked.size();

        long stoppedAt = System.nanoTime();
        postgres.close();
        postgres = null;
        // both apps notice: health DOWN with 503, while they keep running
        CompletableFuture<Long> commandDown = CompletableFuture.supplyAsync(() -> awaitHealth(command, 503));
        CompletableFuture<Long> queryDown = CompletableFuture.supplyAsync(() -> awaitHealth(query, 503));
        long commandDownMs = commandDown.join();
        long queryDownMs = queryDown.join();
        assertThat(command.isAlive() && query.isAlive()).isTrue();

        postgres = startPostgres();
        long restartedAt = System.nanoTime();
        long outageMs = Duration.ofNanos(restartedAt - stoppedAt).toMillis();
        CompletableFuture<Long> commandUp = CompletableFuture.supplyAsync(() -> awaitHealth(command, 200));
        CompletableFuture<Long> queryUp = CompletableFuture.supplyAsync(() -> awaitHealth(query, 200));
        long commandUpMs = commandUp.join();
        long queryUpMs = queryUp.join();
        Thread.sleep(3_000); // load after the outage
        load.stopAndDrain(Duration.ofSeconds(120));

        // a command made after the recovery becomes visible on the query side
        String after = FaultKit.postOk(command.url("/api/households"), FaultKit.household("P01", 42), 201)
                .get("householdId")
                .asText();
        long visibleAt = System.nanoTime();
        FaultKit.await(
                "the household registered after the recovery on the query side",
                Duration.ofSeconds(90),
                () -> FaultKit.get(query.url("/api/households/" + after)).statusCode() == 200,
                () -> "");
        long visibleMs = Duration.ofNanos(System.nanoTime() - visibleAt).toMillis();

        // nothing acknowledged is lost, and the query side has every registered household
        Set<String> registered = strings(
                db,
                "SELECT aggregate_identifier FROM domain_event_entry WHERE payload_type LIKE '%.HouseholdRegisteredEvent'");
        Set<String> assessed = strings(
                db,
                "SELECT convert_from(payload, 'UTF8')::jsonb ->> 'assessmentId' FROM domain_event_entry "
                        + "WHERE payload_type LIKE '%.AssessmentRecordedEvent'");
        List<RetryingLoad.Acked> acked = List.copyOf(load.acked);
        long lost = acked.stream()
                .filter(a -> !(a.kind() == RetryingLoad.Kind.REGISTER ? registered : assessed).contains(a.id()))
                .count();
        FaultKit.await(
                "every registered household projected",
                Duration.ofSeconds(60),
                () -> FaultKit.count(db, "SELECT count(*) FROM q_household") == registered.size(),
                () -> "");
        int serverErrors = load.serverErrors.values().stream()
                .mapToInt(java.util.concurrent.atomic.AtomicInteger::get)
                .sum();
        System.out.printf(
                "FAULTS db-restart outage-ms=%d command-down-after-ms=%d query-down-after-ms=%d command-up-after-ms=%d"
                        + " query-up-after-ms=%d sent=%d acknowledged=%d acknowledged-before-outage=%d"
                        + " server-errors=%d (problem+json %d, by status %s) connection-cut=%d unresolved=%d"
                        + " lost=%d visible-after-recovery-ms=%d%n",
                outageMs,
                commandDownMs,
                queryDownMs,
                commandUpMs,
                queryUpMs,
                load.sent.get(),
                acked.size(),
                ackedBefore,
                serverErrors,
                load.problemServerErrors.get(),
                load.serverErrors,
                load.cutOff.get(),
                load.unresolved().size(),
                lost,
                visibleMs);
        assertThat(lost).isZero();
        assertThat(load.problemServerErrors.get())
                .as("every 5xx during the outage is a problem document: %s", load.serverErrors)
                .isEqualTo(serverErrors);
        assertThat(load.rejected).isEmpty();
        assertThat(load.unresolved()).isEmpty();
        assertThat(acked).hasSize(load.sent.get());
        assertThat(registered)
                .hasSize((int) acked.stream()
                                .filter(a -> a.kind() == RetryingLoad.Kind.REGISTER)
                                .count()
                        + 1);
        assertThat(acked.size()).isGreaterThan(ackedBefore);
    }

    private EmbeddedPostgres startPostgres() throws IOException {
        return EmbeddedPostgres.builder()
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(false)
                .setPort(port)
                .setServerConfig("max_connections", "300")
                .start();
    }

    /** Polls the app's health until it answers {@code status}; returns how long that took. */
    private static long awaitHealth(AppProcess app, int status) {
        long start = System.nanoTime();
        try {
            FaultKit.await(
                    "health " + status + " on port " + app.port,
                    Duration.ofSeconds(120),
                    () -> FaultKit.HTTP
                                    .send(
                                            HttpRequest.newBuilder(URI.create(app.url("/actuator/health")))
                                                    .timeout(Duration.ofSeconds(60))
                                                    .build(),
                                            HttpResponse.BodyHandlers.ofString())
                                    .statusCode()
                            == status,
                    () -> "");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return Duration.ofNanos(System.nanoTime() - start).toMillis();
    }

    private static Set<String> strings(TestDatabase.Database db, String sql) throws Exception {
        Set<String> values = new HashSet<>();
        try (var c = db.connect();
                var s = c.createStatement();
                var rs = s.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }
}
