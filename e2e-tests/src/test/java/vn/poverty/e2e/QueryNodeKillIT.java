package vn.poverty.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import vn.poverty.testsupport.TestDatabase;

/**
 * A query node is killed with SIGKILL while it projects a stream of events (load running on the command side) and
 * started again on the same port, several times. Afterwards its projections, resumed from their tokens, hold exactly
 * what the event store says (row counts per event type) and exactly what a fresh rebuild of each projection
 * produces (row counts and an MD5 over every row of every projection table).
 */
class QueryNodeKillIT {

    private static final int CYCLES = 3;
    private static final List<String> PROJECTIONS =
            List.of("commune-projection", "household-projection", "loan-projection");

    private final AtomicBoolean loading = new AtomicBoolean(true);
    private final AtomicInteger stories = new AtomicInteger();
    private final List<String> failures = Collections.synchronizedList(new ArrayList<>());
    private TestDatabase.Database db;
    private AppProcess command;
    private volatile AppProcess query;

    @AfterEach
    void stop() throws Exception {
        loading.set(false);
        for (AppProcess app : new AppProcess[] {command, query}) {
            if (app != null) {
                app.close();
            }
        }
    }

    @Test
    void projectionsResumeFromTheirTokensAndEqualAFreshRebuild() throws Exception {
        db = TestDatabase.create();
        command = AppProcess.start("command-side", db, Map.of());
        query = AppProcess.start("query-side", db, Map.of());
        command.awaitHealthy(FaultKit.STARTUP);
        query.awaitHealthy(FaultKit.STARTUP);
        for (String commune : List.of("K01", "K02")) {
            FaultKit.postOk(
                    command.url("/api/communes"),
                    Map.of("code", commune, "name", "Xã " + commune, "areaType", "RURAL"),
                    201);
            FaultKit.postOk(
                    command.url("/api/communes/" + commune + "/household-counts"),
                    Map.of("asOf", "2022-12-31", "totalHouseholds", 500),
                    201);
        }

        List<Thread> load = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            int client = t;
            Thread thread = new Thread(
                    () -> {
                        long n = client * 1_000_000L;
                        while (loading.get()) {
                            try {
                                FaultKit.householdStory(command, client == 0 ? "K01" : "K02", n++);
                                stories.incrementAndGet();
                            } catch (Exception e) {
                                failures.add(e.toString());
                                return;
                            }
                        }
                    },
                    "load-" + t);
            thread.start();
            load.add(thread);
        }

        Random random = new Random();
        for (int cycle = 0; cycle < CYCLES; cycle++) {
            Thread.sleep(2_000 + random.nextInt(3_000)); // projecting under load, then a kill at a random moment
            query.kill9();
            query = AppProcess.startOnPort("query-side", db, Map.of(), query.port);
            query.awaitHealthy(FaultKit.STARTUP);
        }
        Thread.sleep(2_000);
        loading.set(false);
        for (Thread thread : load) {
            thread.join(60_000);
        }
        assertThat(failures).as("load on the command side").isEmpty();

        long head = head();
        awaitCaughtUp(head, Duration.ofSeconds(180));
        Map<String, String> resumed = FaultKit.projectionFingerprints(db);

        // the projections hold what the event store holds
        assertThat(FaultKit.count(db, "SELECT count(*) FROM q_household"))
                .isEqualTo(events("HouseholdRegisteredEvent"));
        assertThat(FaultKit.count(db, "SELECT count(*) FROM q_assessment"))
                .isEqualTo(events("AssessmentRecordedEvent"));
        assertThat(FaultKit.count(db, "SELECT count(*) FROM q_status_fact"))
                .isEqualTo(events("AssessmentRecognizedEvent") + events("AssessmentCorrectedEvent"));
        assertThat(FaultKit.count(db, "SELECT count(*) FROM q_commune_household_count"))
                .isEqualTo(events("HouseholdCountRecordedEvent"));
        assertThat(FaultKit.count(db, "SELECT count(*) FROM q_loan")).isEqualTo(events("LoanAppliedEvent"));
        assertThat(FaultKit.count(db, "SELECT count(*) FROM q_loan_event WHERE kind IN ('APPROVED', 'DISBURSED')"))
                .isEqualTo(events("LoanApprovedEvent") + events("LoanDisbursedEvent"));
        assertThat(FaultKit.count(db, "SELECT count(DISTINCT loan_id) FROM q_loan_instalment"))
                .isEqualTo(events("LoanDisbursedEvent"));

        // and exactly what a rebuild from the start of the store produces
        for (String projection : PROJECTIONS) {
            FaultKit.postOk(query.url("/api/admin/projections/" + projection + "/rebuild"), Map.of(), 202);
        }
        awaitRebuilt(head, Duration.ofSeconds(240));
        Map<String, String> rebuilt = FaultKit.projectionFingerprints(db);
        System.out.printf(
                "FAULTS query-kill cycles=%d events=%d households=%d stories=%d projections-equal-rebuild=%s%n",
                CYCLES,
                head,
                FaultKit.count(db, "SELECT count(*) FROM q_household"),
                stories.get(),
                rebuilt.equals(resumed));
        assertThat(rebuilt).isEqualTo(resumed);
    }

    private long head() throws Exception {
        return FaultKit.count(db, "SELECT coalesce(max(global_index), 0) FROM domain_event_entry");
    }

    private long events(String type) throws Exception {
        return FaultKit.count(db, "SELECT count(*) FROM domain_event_entry WHERE payload_type LIKE '%." + type + "'");
    }

    /** Every projection's lowest segment position has reached {@code head}, and nothing replays. */
    private void awaitCaughtUp(long head, Duration timeout) throws Exception {
        JsonNode[] last = {null};
        FaultKit.await(
                "the query node catching up to global index " + head,
                timeout,
                () -> {
                    last[0] = FaultKit.getJson(query.url("/api/admin/projections"));
                    for (JsonNode p : last[0].get("projections")) {
                        if (PROJECTIONS.contains(p.get("name").asText())
                                && (p.get("position").asLong() < head
                                        || p.get("replaying").asBoolean())) {
                            return false;
                        }
                    }
                    return true;
                },
                () -> String.valueOf(last[0]));
    }

    private void awaitRebuilt(long head, Duration timeout) throws Exception {
        FaultKit.await(
                "the rebuilds",
                timeout,
                () -> FaultKit.count(db, "SELECT count(*) FROM projection_rebuild WHERE status <> 'DONE'") == 0,
                () -> "open rebuild requests remain");
        awaitCaughtUp(head, timeout);
    }
}
