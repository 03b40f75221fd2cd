package vn.poverty.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.poverty.e2e.FaultKit.JSON;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import vn.poverty.testsupport.TestDatabase;
import vn.poverty.testsupport.TestUsers;

/**
 * A command node is killed with SIGKILL ({@code kill -9}) at random moments under load, several times, and started
 * again on the same port. Clients register households and record assessments with an {@code Idempotency-Key} each,
 * over HTTP Basic and JWT, and retry with the same key whatever did not get a definite answer (connection refused:
 * at once; cut off mid-request or "still being processed": later). Afterwards every command that got a 2xx is in the
 * event store, nothing was applied that was not acknowledged or applied twice, the set-based and idempotency tables
 * agree with the events (no partial effects), and a retried key answers what it answered first.
 */
class CommandNodeKillIT {

    private static final int CYCLES = 5;

    private TestDatabase.Database db;
    private volatile AppProcess node;
    private RetryingLoad load;

    @AfterEach
    void stop() throws Exception {
        if (load != null) {
            load.abort();
        }
        if (node != null) {
            node.close();
        }
    }

    @Test
    void everyAcknowledgedCommandSurvivesRepeatedKill9() throws Exception {
        db = TestDatabase.create();
        Map<String, String> env = Map.of(
                "POVERTY_SECURITY_JWT_HMAC_SECRET",
                TestUsers.HMAC_SECRET,
                "POVERTY_QUERY_SIDE_URL",
                "http://localhost:9");
        node = AppProcess.start("command-side", db, env);
        node.awaitHealthy(FaultKit.STARTUP);
        FaultKit.postOk(node.url("/api/communes"), Map.of("code", "C01", "name", "Mỹ Thọ", "areaType", "URBAN"), 201);
        FaultKit.postOk(node.url("/api/communes"), Map.of("code", "C02", "name", "Ba Sao", "areaType", "RURAL"), 201);

        load = new RetryingLoad(() -> node)
                .start(
                        List.of(
                                TestUsers.basic("admin"),
                                TestUsers.bearer("district-jwt", List.of("DISTRICT_OFFICER"), List.of()),
                                TestUsers.basic("officer-c01"),
                                TestUsers.bearer("officer-c02-jwt", List.of("COMMUNE_OFFICER"), List.of("C02"))),
                        List.of("C02", "C01", "C01", "C02"));
        Random random = new Random();
        int cycles = 0;
        for (int cycle = 0; cycle < CYCLES; cycle++) {
            Thread.sleep(1_500 + random.nextInt(4_000)); // load, then a kill at a random moment
            node.kill9();
            cycles++;
            node = AppProcess.startOnPort("command-side", db, env, node.port);
            node.awaitHealthy(FaultKit.STARTUP);
        }
        Thread.sleep(3_000);
        load.stopAndDrain(Duration.ofSeconds(120));

        // every acknowledged command is in the event store
        Set<String> registeredEvents = strings(
                "SELECT aggregate_identifier FROM domain_event_entry WHERE payload_type LIKE '%.HouseholdRegisteredEvent'");
        Set<String> assessmentEvents = strings("SELECT convert_from(payload, 'UTF8')::jsonb ->> 'assessmentId' "
                + "FROM domain_event_entry WHERE payload_type LIKE '%.AssessmentRecordedEvent'");
        List<RetryingLoad.Acked> all = List.copyOf(load.acked);
        long ackedRegistrations =
                all.stream().filter(a -> a.kind() == RetryingLoad.Kind.REGISTER).count();
        long ackedAssessments = all.size() - ackedRegistrations;
        List<String> lost = new ArrayList<>();
        for (RetryingLoad.Acked a : all) {
            Set<String> events = a.kind() == RetryingLoad.Kind.REGISTER ? registeredEvents : assessmentEvents;
            if (!events.contains(a.id())) {
                lost.add(a.kind() + " " + a.id() + " key " + a.key());
            }
        }
        long retriedAndAcked = all.stream().filter(a -> a.attempts() > 1).count();
        System.out.printf(
                "FAULTS command-kill cycles=%d sent=%d attempts=%d refused=%d cut-off=%d acknowledged=%d"
                        + " acknowledged-after-retry=%d rejected=%d unresolved=%d lost=%d%n",
                cycles,
                load.sent.get(),
                load.attempts.get(),
                load.refused.get(),
                load.cutOff.get(),
                all.size(),
                retriedAndAcked,
                load.rejected.size(),
                load.unresolved().size(),
                lost.size());
        assertThat(lost)
                .as("acknowledged commands missing from the event store")
                .isEmpty();
        assertThat(load.rejected).as("commands refused with a 4xx").isEmpty();
        assertThat(load.unresolved()).as("commands without a definite answer").isEmpty();
        assertThat(all).as("every command sent got its 2xx in the end").hasSize(load.sent.get());
        assertThat(cycles).isEqualTo(CYCLES);

        // nothing applied that was not acknowledged, nothing applied twice
        assertThat(registeredEvents).hasSize((int) ackedRegistrations);
        assertThat(assessmentEvents).hasSize((int) ackedAssessments);
        assertThat(FaultKit.count(
                        db,
                        "SELECT count(*) FROM domain_event_entry WHERE payload_type LIKE "
                                + "'%.HouseholdRegisteredEvent'"))
                .isEqualTo(ackedRegistrations);
        assertThat(FaultKit.count(
                        db,
                        "SELECT count(*) FROM domain_event_entry WHERE payload_type LIKE "
                                + "'%.AssessmentRecordedEvent'"))
                .isEqualTo(ackedAssessments);

        // no partial effects: the household register and the idempotency records agree with the events
        assertThat(strings("SELECT household_id FROM household_registry")).isEqualTo(registeredEvents);
        assertThat(FaultKit.count(db, "SELECT count(*) FROM idempotency_key WHERE state <> 'DONE'"))
                .as("keys left in progress")
                .isZero();
        Set<String> recordedIds = strings("SELECT coalesce(response_body::jsonb ->> 'householdId', "
                + "response_body::jsonb ->> 'assessmentId') FROM idempotency_key "
                + "WHERE response_status BETWEEN 200 AND 299");
        Set<String> eventIds = new HashSet<>(registeredEvents);
        eventIds.addAll(assessmentEvents);
        assertThat(recordedIds).isEqualTo(eventIds);

        // a retried key answers what it answered first and changes nothing
        List<RetryingLoad.Acked> sample = new ArrayList<>(all);
        sample.sort(Comparator.comparingInt(RetryingLoad.Acked::attempts).reversed());
        long eventsBefore = FaultKit.count(db, "SELECT count(*) FROM domain_event_entry");
        for (RetryingLoad.Acked a : sample.subList(0, Math.min(25, sample.size()))) {
            HttpResponse<String> again = FaultKit.post(node.url(a.path()), a.authorization(), a.key(), a.body());
            assertThat(again.statusCode()).as(again.body()).isEqualTo(a.status());
            assertThat(JSON.readTree(again.body())).isEqualTo(a.response());
            assertThat(again.headers().firstValue("Idempotent-Replayed")).contains("true");
        }
        assertThat(FaultKit.count(db, "SELECT count(*) FROM domain_event_entry"))
                .isEqualTo(eventsBefore);
    }

    private Set<String> strings(String sql) throws Exception {
        Set<String> values = new HashSet<>();
        try (Connection c = db.connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }
}
