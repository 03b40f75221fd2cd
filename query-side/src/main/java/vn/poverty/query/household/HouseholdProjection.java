package vn.poverty.query.household;

import java.time.Instant;
import java.time.LocalDate;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.stereotype.Component;
import vn.poverty.api.household.AssessmentCorrectedEvent;
import vn.poverty.api.household.AssessmentRecognizedEvent;
import vn.poverty.api.household.AssessmentRecordedEvent;
import vn.poverty.api.household.GrantEndedEvent;
import vn.poverty.api.household.GrantRevokedEvent;
import vn.poverty.api.household.HouseholdRegisteredEvent;
import vn.poverty.api.household.PolicyGrantedEvent;
import vn.poverty.query.shared.ProjectionWrites;
import vn.poverty.query.shared.Timestamps;
import vn.poverty.query.tally.HouseholdTallies;

/**
 * Keeps the household register ({@code q_household}), its assessments, its status facts ({@code q_status_fact}): one
 * row per recognition or correction, from which any "as of / known at" status is read, and its policy grants
 * ({@code q_grant}) with the revocations and automatic ends that make them inactive ({@code q_grant_end}). Grant
 * events belong to the household aggregate, so in this processing group they arrive in order per household. Every
 * change of a household's facts or grants also updates its report tallies ({@link HouseholdTallies}).
 */
@Component
@ProcessingGroup(HouseholdProjection.GROUP)
class HouseholdProjection {

    static final String GROUP = "household-projection";
    static final String RECOGNITION = "RECOGNITION";
    static final String CORRECTION = "CORRECTION";
    static final String REVOKED = "REVOKED";
    static final String ENDED = "ENDED";

    private final ProjectionWrites writes;
    private final HouseholdTallies tallies;

    HouseholdProjection(ProjectionWrites writes, HouseholdTallies tallies) {
        this.writes = writes;
        this.tallies = tallies;
    }

    @EventHandler
    void on(HouseholdRegisteredEvent event, @Timestamp Instant recordedAt) {
        writes.update(
                """
                INSERT INTO q_household (household_id, commune_code, hamlet, area_type, head_full_name,
                    head_national_id, head_birth_year, member_count, merit_household, ethnic_minority, registered_on,
                    recorded_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (household_id) DO NOTHING""",
                event.householdId().value(),
                event.communeCode(),
                event.hamlet(),
                event.areaType().name(),
                event.head().fullName(),
                event.head().nationalId(),
                event.head().birthYear(),
                event.memberCount(),
                event.meritHousehold(),
                event.ethnicMinority(),
                event.registeredOn(),
                Timestamps.of(recordedAt));
    }

    @EventHandler
    void on(AssessmentRecordedEvent event, @Timestamp Instant recordedAt) {
        writes.update(
                """
                INSERT INTO q_assessment (assessment_id, household_id, period, kind, assessed_on, standard,
                    income_per_capita, deprivations, deprivation_count, proposed_status, recorded_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (assessment_id) DO NOTHING""",
                event.assessmentId().value(),
                event.householdId().value(),
                event.period(),
                event.kind().name(),
                event.assessedOn(),
                event.standard(),
                event.incomePerCapita(),
                String.join(",", event.deprivations()),
                event.deprivationCount(),
                event.proposedStatus().name(),
                Timestamps.of(recordedAt));
    }

    @EventHandler
    void on(AssessmentRecognizedEvent event, DomainEventMessage<?> message) {
        writes.update(
                """
                INSERT INTO q_status_fact (event_id, household_id, assessment_id, fact_kind, effective_from,
                    recognition_sequence, sequence_number, status, decision_ref, recorded_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (event_id) DO NOTHING""",
                message.getIdentifier(),
                event.householdId().value(),
                event.assessmentId().value(),
                RECOGNITION,
                event.decidedOn(),
                message.getSequenceNumber(),
                message.getSequenceNumber(),
                event.status().name(),
                event.decisionRef(),
                Timestamps.of(message.getTimestamp()));
        tallies.changed(event.householdId().value());
    }

    /** A correction takes its recognition's place in the timeline: same effective date and recognition sequence. */
    @EventHandler
    void on(AssessmentCorrectedEvent event, DomainEventMessage<?> message) {
        writes.updateAfter( // reads the recognition's row, which may be written in the same batch
                """
                INSERT INTO q_status_fact (event_id, household_id, assessment_id, fact_kind, effective_from,
                    recognition_sequence, sequence_number, status, decision_ref, recorded_at)
                SELECT ?, household_id, assessment_id, ?, effective_from, recognition_sequence, ?, ?, ?, ?
                FROM q_status_fact WHERE household_id = ? AND assessment_id = ? AND fact_kind = ?
                ON CONFLICT (event_id) DO NOTHING""",
                message.getIdentifier(),
                CORRECTION,
                message.getSequenceNumber(),
                event.status().name(),
                event.decisionRef(),
                Timestamps.of(message.getTimestamp()),
                event.householdId().value(), // the household's index finds the row (there is none on assessment_id)
                event.assessmentId().value(),
                RECOGNITION);
        tallies.changed(event.householdId().value());
    }

    @EventHandler
    void on(PolicyGrantedEvent event, @Timestamp Instant recordedAt) {
        writes.update(
                """
                INSERT INTO q_grant (grant_id, household_id, policy_code, valid_from, valid_to, decision_ref, amount,
                    recorded_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (grant_id) DO NOTHING""",
                event.grantId().value(),
                event.householdId().value(),
                event.policyCode(),
                event.validFrom(),
                event.validTo(),
                event.decisionRef(),
                event.amount(),
                Timestamps.of(recordedAt));
        tallies.changed(event.householdId().value());
    }

    @EventHandler
    void on(GrantRevokedEvent event, DomainEventMessage<?> message) {
        grantEnd(message, event.grantId().value(), REVOKED, event.revokedOn());
        tallies.changed(event.householdId().value());
    }

    @EventHandler
    void on(GrantEndedEvent event, DomainEventMessage<?> message) {
        grantEnd(message, event.grantId().value(), ENDED, event.endedOn());
        tallies.changed(event.householdId().value());
    }

    /** The grant is not active from {@code endedOn} on, for reads knowing of this event. */
    private void grantEnd(DomainEventMessage<?> message, String grantId, String kind, LocalDate endedOn) {
        writes.update("""
                INSERT INTO q_grant_end (event_id, grant_id, kind, ended_on, recorded_at)
                VALUES (?, ?, ?, ?, ?) ON CONFLICT (event_id) DO NOTHING""", message.getIdentifier(), grantId, kind, endedOn, Timestamps.of(message.getTimestamp()));
    }

    /**
     * Empties the projection's tables for a rebuild, in the reset's transaction. TRUNCATE rather than DELETE: the
     * replay then writes into new, empty tables and indexes instead of beside millions of dead rows that autovacuum
     * must clean while it runs (see the design notes, "Where a rebuild's database time goes").
     */
    @ResetHandler
    void reset() {
        tallies.clear();
        writes.update("TRUNCATE q_grant_end, q_grant, q_status_fact, q_assessment, q_household");
    }
}
