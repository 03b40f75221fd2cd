package vn.poverty.query.household;

import java.time.Instant;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import vn.poverty.api.household.AssessmentCorrectedEvent;
import vn.poverty.api.household.AssessmentRecognizedEvent;
import vn.poverty.api.household.AssessmentRecordedEvent;
import vn.poverty.api.household.HouseholdRegisteredEvent;
import vn.poverty.query.shared.Timestamps;

/**
 * Keeps the household register ({@code q_household}), its assessments and its status facts
 * ({@code q_status_fact}): one row per recognition or correction, from which any "as of / known at" status is read.
 */
@Component
@ProcessingGroup(HouseholdProjection.GROUP)
class HouseholdProjection {

    static final String GROUP = "household-projection";
    static final String RECOGNITION = "RECOGNITION";
    static final String CORRECTION = "CORRECTION";

    private final JdbcTemplate jdbc;

    HouseholdProjection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(HouseholdRegisteredEvent event, @Timestamp Instant recordedAt) {
        jdbc.update("""
                INSERT INTO q_household (household_id, commune_code, hamlet, area_type, head_full_name,
                    head_national_id, head_birth_year, member_count, merit_household, ethnic_minority, registered_on,
                    recorded_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (household_id) DO NOTHING""",
                event.householdId().value(), event.communeCode(), event.hamlet(), event.areaType().name(),
                event.head().fullName(), event.head().nationalId(), event.head().birthYear(), event.memberCount(),
                event.meritHousehold(), event.ethnicMinority(), event.registeredOn(), Timestamps.of(recordedAt));
    }

    @EventHandler
    void on(AssessmentRecordedEvent event, @Timestamp Instant recordedAt) {
        jdbc.update("""
                INSERT INTO q_assessment (assessment_id, household_id, period, kind, assessed_on, standard,
                    income_per_capita, deprivations, deprivation_count, proposed_status, recorded_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (assessment_id) DO NOTHING""",
                event.assessmentId().value(), event.householdId().value(), event.period(), event.kind().name(),
                event.assessedOn(), event.standard(), event.incomePerCapita(), String.join(",", event.deprivations()),
                event.deprivationCount(), event.proposedStatus().name(), Timestamps.of(recordedAt));
    }

    @EventHandler
    void on(AssessmentRecognizedEvent event, DomainEventMessage<?> message) {
        jdbc.update("""
                INSERT INTO q_status_fact (event_id, household_id, assessment_id, fact_kind, effective_from,
                    recognition_sequence, sequence_number, status, decision_ref, recorded_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (event_id) DO NOTHING""",
                message.getIdentifier(), event.householdId().value(), event.assessmentId().value(), RECOGNITION,
                event.decidedOn(), message.getSequenceNumber(), message.getSequenceNumber(), event.status().name(),
                event.decisionRef(), Timestamps.of(message.getTimestamp()));
    }

    /** A correction takes its recognition's place in the timeline: same effective date and recognition sequence. */
    @EventHandler
    void on(AssessmentCorrectedEvent event, DomainEventMessage<?> message) {
        jdbc.update("""
                INSERT INTO q_status_fact (event_id, household_id, assessment_id, fact_kind, effective_from,
                    recognition_sequence, sequence_number, status, decision_ref, recorded_at)
                SELECT ?, household_id, assessment_id, ?, effective_from, recognition_sequence, ?, ?, ?, ?
                FROM q_status_fact WHERE assessment_id = ? AND fact_kind = ?
                ON CONFLICT (event_id) DO NOTHING""",
                message.getIdentifier(), CORRECTION, message.getSequenceNumber(), event.status().name(),
                event.decisionRef(), Timestamps.of(message.getTimestamp()), event.assessmentId().value(),
                RECOGNITION);
    }

    @ResetHandler
    void reset() {
        jdbc.update("DELETE FROM q_status_fact");
        jdbc.update("DELETE FROM q_assessment");
        jdbc.update("DELETE FROM q_household");
    }
}
