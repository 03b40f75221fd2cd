package vn.poverty.query.household;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import vn.poverty.api.commune.AreaType;
import vn.poverty.api.household.AssessmentCorrectedEvent;
import vn.poverty.api.household.AssessmentId;
import vn.poverty.api.household.AssessmentKind;
import vn.poverty.api.household.AssessmentRecognizedEvent;
import vn.poverty.api.household.AssessmentRecordedEvent;
import vn.poverty.api.household.GrantEndedEvent;
import vn.poverty.api.household.GrantId;
import vn.poverty.api.household.GrantRevokedEvent;
import vn.poverty.api.household.HouseholdHead;
import vn.poverty.api.household.HouseholdId;
import vn.poverty.api.household.HouseholdRegisteredEvent;
import vn.poverty.api.household.HouseholdStatus;
import vn.poverty.api.household.PolicyGrantedEvent;
import vn.poverty.platform.policy.PolicyCatalogue;
import vn.poverty.query.QueryDatabase;
import vn.poverty.query.loan.LoanQueries;
import vn.poverty.query.shared.ProjectionWrites;
import vn.poverty.query.shared.TimeSlice;
import vn.poverty.query.tally.HouseholdTallies;

/**
 * The household projection's handlers called directly on a real PostgreSQL: a redelivered event (a stolen segment
 * claim, a retried batch) changes nothing, a correction takes its recognition's place in the timeline, and a grant is
 * active within its validity until a revocation or an end known at knownAt.
 */
class HouseholdProjectionIT {

    private static final Instant REGISTERED_AT = Instant.parse("2022-11-01T02:00:00Z");
    private static final Instant ASSESSED_AT = Instant.parse("2022-11-21T02:00:00Z");
    private static final Instant RECOGNIZED_AT = Instant.parse("2022-12-16T02:00:00Z");
    private static final Instant CORRECTED_AT = Instant.parse("2024-02-20T03:00:00Z");
    private static final LocalDate DECIDED_ON = LocalDate.of(2022, 12, 15);

    private static final Instant GRANTED_AT = Instant.parse("2022-12-20T03:00:00Z");
    private static final Instant REVOKED_AT = Instant.parse("2023-07-02T03:00:00Z");
    private static final Instant ENDED_AT = Instant.parse("2023-09-02T03:00:00Z");

    private final HouseholdId household = HouseholdId.of(UUID.randomUUID());
    private final AssessmentId assessment = AssessmentId.of(UUID.randomUUID());
    private final GrantId insurance = GrantId.of(UUID.randomUUID());
    private final GrantId electricity = GrantId.of(UUID.randomUUID());

    private final HouseholdRegisteredEvent registered = new HouseholdRegisteredEvent(
            household,
            "C01",
            "Khóm 1",
            AreaType.URBAN,
            new HouseholdHead("Trần Thị Bình", "087000000002", 1975),
            4,
            true,
            false,
            LocalDate.of(2021, 3, 1));
    private final AssessmentRecordedEvent recorded = new AssessmentRecordedEvent(
            household,
            assessment,
            2023,
            AssessmentKind.ANNUAL,
            LocalDate.of(2022, 11, 20),
            "DECREE_07_2021",
            1_400_000,
            List.of("HEALTH_INSURANCE", "HOUSING_AREA", "SANITATION"),
            3,
            HouseholdStatus.POOR);
    private final DomainEventMessage<AssessmentRecognizedEvent> recognized = message(
            2,
            RECOGNIZED_AT,
            new AssessmentRecognizedEvent(
                    household,
                    assessment,
                    "101/QĐ-UBND",
                    DECIDED_ON,
                    HouseholdStatus.POOR,
                    HouseholdStatus.UNCLASSIFIED));
    private final DomainEventMessage<AssessmentCorrectedEvent> corrected = message(
            3,
            CORRECTED_AT,
            new AssessmentCorrectedEvent(
                    household,
                    assessment,
                    1_600_000,
                    List.of("HOUSING_AREA", "SANITATION"),
                    2,
                    HouseholdStatus.NEAR_POOR,
                    HouseholdStatus.POOR,
                    DECIDED_ON,
                    "Thu nhập khai thiếu",
                    "15/QĐ-UBND"));

    private final PolicyGrantedEvent insuranceGranted = new PolicyGrantedEvent(
            household,
            insurance,
            "HEALTH_INSURANCE_FULL",
            LocalDate.of(2023, 1, 1),
            LocalDate.of(2023, 12, 31),
            "7/QĐ-UBND",
            1_200_000);
    private final PolicyGrantedEvent electricityGranted = new PolicyGrantedEvent(
            household,
            electricity,
            "ELECTRICITY_SUPPORT",
            LocalDate.of(2023, 1, 1),
            LocalDate.of(2023, 12, 31),
            "8/QĐ-UBND",
            0);
    /** The insurance revoked from 2023-07-01. */
    private final DomainEventMessage<GrantRevokedEvent> revoked = message(
            4,
            REVOKED_AT,
            new GrantRevokedEvent(household, insurance, LocalDate.of(2023, 7, 1), "Đã có bảo hiểm khác"));
    /** The electricity support ended from 2023-09-01 by a recognition. */
    private final DomainEventMessage<GrantEndedEvent> ended = message(
            5,
            ENDED_AT,
            new GrantEndedEvent(
                    household,
                    electricity,
                    "ELECTRICITY_SUPPORT",
                    LocalDate.of(2023, 9, 1),
                    HouseholdStatus.NEAR_POOR,
                    "99/QĐ-UBND"));

    private JdbcTemplate jdbc;
    private HouseholdProjection projection;
    private HouseholdQueries queries;

    @BeforeEach
    void freshDatabase() {
        jdbc = QueryDatabase.migrated();
        queries = new HouseholdQueries(jdbc, new LoanQueries(jdbc));
        projection = new HouseholdProjection(
                new ProjectionWrites(jdbc), new HouseholdTallies(jdbc, queries, PolicyCatalogue.builtIn()));
    }

    @Test
    void registrationHandledTwiceKeepsOneHousehold() {
        projection.on(registered, REGISTERED_AT);
        projection.on(registered, REGISTERED_AT);

        assertThat(count("q_household")).isEqualTo(1);
        HouseholdView view =
                queries.find(household.value(), now(LocalDate.of(2023, 1, 1))).orElseThrow();
        assertThat(view.head()).isEqualTo(new HouseholdView.Head("Trần Thị Bình", "087000000002", 1975));
        assertThat(view.meritHousehold()).isTrue();
        assertThat(view.status()).isEqualTo(HouseholdStatus.UNCLASSIFIED);
    }

    @Test
    void assessmentHandledTwiceKeepsOneAssessment() {
        projection.on(recorded, ASSESSED_AT);
        projection.on(recorded, ASSESSED_AT);

        assertThat(count("q_assessment")).isEqualTo(1);
        assertThat(jdbc.queryForMap("SELECT deprivations, deprivation_count, proposed_status FROM q_assessment"))
                .containsEntry("deprivations", "HEALTH_INSURANCE,HOUSING_AREA,SANITATION")
                .containsEntry("deprivation_count", 3)
                .containsEntry("proposed_status", "POOR");
    }

    @Test
    void recognitionHandledTwiceKeepsOneStatusFact() {
        projection.on(registered, REGISTERED_AT);
        projection.on(recognized.getPayload(), recognized);
        projection.on(recognized.getPayload(), recognized);

        assertThat(count("q_status_fact")).isEqualTo(1);
        HouseholdView view = queries.find(household.value(), now(DECIDED_ON)).orElseThrow();
        assertThat(view.status()).isEqualTo(HouseholdStatus.POOR);
        assertThat(view.statusSince()).isEqualTo(DECIDED_ON);
    }

    @Test
    void correctionHandledTwiceKeepsOneCorrectionInTheRecognitionsPlace() {
        projection.on(registered, REGISTERED_AT);
        projection.on(recognized.getPayload(), recognized);
        projection.on(corrected.getPayload(), corrected);
        projection.on(corrected.getPayload(), corrected);

        assertThat(count("q_status_fact")).isEqualTo(2);
        Map<String, Object> correction = jdbc.queryForMap("""
                SELECT effective_from, recognition_sequence, sequence_number, status, decision_ref
                FROM q_status_fact WHERE fact_kind = 'CORRECTION'""");
        assertThat(correction)
                .containsEntry("effective_from", java.sql.Date.valueOf(DECIDED_ON))
                .containsEntry("recognition_sequence", 2L)
                .containsEntry("sequence_number", 3L)
                .containsEntry("status", "NEAR_POOR")
                .containsEntry("decision_ref", "15/QĐ-UBND");
    }

    @Test
    void correctionIsSeenOnlyWhenKnownAtIsAfterItWasRecorded() {
        projection.on(registered, REGISTERED_AT);
        projection.on(recognized.getPayload(), recognized);
        projection.on(corrected.getPayload(), corrected);

        LocalDate asOf = LocalDate.of(2023, 6, 30);
        HouseholdView before = queries.find(household.value(), new TimeSlice(asOf, CORRECTED_AT.minusSeconds(1)))
                .orElseThrow();
        HouseholdView after = queries.find(household.value(), new TimeSlice(asOf, CORRECTED_AT))
                .orElseThrow();

        assertThat(before.status()).isEqualTo(HouseholdStatus.POOR);
        assertThat(after.status()).isEqualTo(HouseholdStatus.NEAR_POOR);
        assertThat(after.statusSince()).isEqualTo(DECIDED_ON);
        assertThat(queries.find(household.value(), new TimeSlice(asOf, REGISTERED_AT.minusSeconds(1))))
                .isEmpty();
    }

    @Test
    void listFilterAndHouseholdViewAgreeOnTheCorrectedStatus() {
        projection.on(registered, REGISTERED_AT);
        projection.on(recognized.getPayload(), recognized);
        projection.on(corrected.getPayload(), corrected);
        TimeSlice slice = now(LocalDate.of(2023, 6, 30));

        var nearPoor = queries.list(new HouseholdQueries.Filter("C01", HouseholdStatus.NEAR_POOR, null), 0, 50, slice);
        var poor = queries.list(new HouseholdQueries.Filter("C01", HouseholdStatus.POOR, null), 0, 50, slice);

        assertThat(nearPoor.total()).isEqualTo(1);
        assertThat(nearPoor.items()).extracting(HouseholdView::status).containsExactly(HouseholdStatus.NEAR_POOR);
        assertThat(poor.total()).isZero();
        assertThat(poor.items()).isEmpty();
    }

    @Test
    void grantHandledTwiceKeepsOneGrant() {
        projection.on(registered, REGISTERED_AT);
        projection.on(insuranceGranted, GRANTED_AT);
        projection.on(insuranceGranted, GRANTED_AT);

        assertThat(count("q_grant")).isEqualTo(1);
        assertThat(jdbc.queryForMap("SELECT household_id, policy_code, decision_ref, amount FROM q_grant"))
                .containsEntry("household_id", household.value())
                .containsEntry("policy_code", "HEALTH_INSURANCE_FULL")
                .containsEntry("decision_ref", "7/QĐ-UBND")
                .containsEntry("amount", 1_200_000L);
        assertThat(queries.find(household.value(), now(LocalDate.of(2023, 6, 30)))
                        .orElseThrow()
                        .grants())
                .containsExactly(new HouseholdView.Grant(
                        insurance.value(),
                        "HEALTH_INSURANCE_FULL",
                        LocalDate.of(2023, 1, 1),
                        LocalDate.of(2023, 12, 31),
                        true));
    }

    @Test
    void revocationAndEndHandledTwiceKeepOneEndEach() {
        projection.on(registered, REGISTERED_AT);
        projection.on(insuranceGranted, GRANTED_AT);
        projection.on(electricityGranted, GRANTED_AT);
        projection.on(revoked.getPayload(), revoked);
        projection.on(revoked.getPayload(), revoked);
        projection.on(ended.getPayload(), ended);
        projection.on(ended.getPayload(), ended);

        assertThat(count("q_grant")).isEqualTo(2);
        assertThat(jdbc.queryForList("SELECT grant_id, kind, ended_on FROM q_grant_end ORDER BY ended_on"))
                .containsExactly(
                        Map.of(
                                "grant_id",
                                insurance.value(),
                                "kind",
                                "REVOKED",
                                "ended_on",
                                java.sql.Date.valueOf("2023-07-01")),
                        Map.of(
                                "grant_id",
                                electricity.value(),
                                "kind",
                                "ENDED",
                                "ended_on",
                                java.sql.Date.valueOf("2023-09-01")));
    }

    @Test
    void grantIsActiveWithinItsValidityUntilAnEndKnownAtKnownAt() {
        projection.on(registered, REGISTERED_AT);
        projection.on(insuranceGranted, GRANTED_AT);
        projection.on(revoked.getPayload(), revoked);

        assertThat(active(LocalDate.of(2022, 12, 31), Instant.now()))
                .as("before validFrom")
                .isFalse();
        assertThat(active(LocalDate.of(2023, 1, 1), Instant.now()))
                .as("on validFrom")
                .isTrue();
        assertThat(active(LocalDate.of(2023, 6, 30), Instant.now()))
                .as("the day before the revocation")
                .isTrue();
        assertThat(active(LocalDate.of(2023, 7, 1), Instant.now()))
                .as("from revokedOn")
                .isFalse();
        assertThat(active(LocalDate.of(2023, 7, 1), REVOKED_AT.minusSeconds(1)))
                .as("revocation not known yet")
                .isTrue();
        assertThat(active(LocalDate.of(2023, 12, 31), REVOKED_AT.minusSeconds(1)))
                .as("on validTo")
                .isTrue();
        assertThat(active(LocalDate.of(2024, 1, 1), REVOKED_AT.minusSeconds(1)))
                .as("after validTo")
                .isFalse();
        assertThat(queries.find(household.value(), new TimeSlice(LocalDate.of(2023, 6, 30), GRANTED_AT.minusSeconds(1)))
                        .orElseThrow()
                        .grants())
                .as("grant not known yet")
                .isEmpty();
    }

    @Test
    void rebuildAfterResetGivesTheSameRowsAsTheLiveProjection() {
        Runnable all = () -> {
            projection.on(registered, REGISTERED_AT);
            projection.on(recorded, ASSESSED_AT);
            projection.on(recognized.getPayload(), recognized);
            projection.on(corrected.getPayload(), corrected);
            projection.on(insuranceGranted, GRANTED_AT);
            projection.on(electricityGranted, GRANTED_AT);
            projection.on(revoked.getPayload(), revoked);
            projection.on(ended.getPayload(), ended);
        };
        all.run();
        List<Map<String, Object>> live = snapshot();

        projection.reset();
        assertThat(count("q_household")
                        + count("q_assessment")
                        + count("q_status_fact")
                        + count("q_grant")
                        + count("q_grant_end"))
                .isZero();
        all.run();

        assertThat(snapshot()).isEqualTo(live);
    }

    private boolean active(LocalDate asOf, Instant knownAt) {
        List<HouseholdView.Grant> grants = queries.find(household.value(), new TimeSlice(asOf, knownAt))
                .orElseThrow()
                .grants();
        assertThat(grants).hasSize(1);
        return grants.get(0).active();
    }

    private List<Map<String, Object>> snapshot() {
        List<Map<String, Object>> rows = new java.util.ArrayList<>();
        rows.addAll(jdbc.queryForList("SELECT * FROM q_household ORDER BY household_id"));
        rows.addAll(jdbc.queryForList("SELECT * FROM q_assessment ORDER BY assessment_id"));
        rows.addAll(jdbc.queryForList("SELECT * FROM q_status_fact ORDER BY event_id"));
        rows.addAll(jdbc.queryForList("SELECT * FROM q_grant ORDER BY grant_id"));
        rows.addAll(jdbc.queryForList("SELECT * FROM q_grant_end ORDER BY event_id"));
        return rows;
    }

    private int count(String table) {
        return jdbc.queryForObject("SELECT count(*) FROM " + table, Integer.class);
    }

    private static TimeSlice now(LocalDate asOf) {
        return new TimeSlice(asOf, Instant.now());
    }

    private <T> DomainEventMessage<T> message(long sequence, Instant recordedAt, T payload) {
        return new GenericDomainEventMessage<>(
                "Household",
                household.value(),
                sequence,
                payload,
                MetaData.emptyInstance(),
                UUID.randomUUID().toString(),
                recordedAt);
    }
}
