package vn.poverty.api.household;

import java.time.LocalDate;
import org.axonframework.serialization.Revision;

/**
 * The commune chair's decision made an assessment's proposed status the household's official status from
 * {@code decidedOn}. {@code previousStatus} is the status the household had the day before. Emitted on recognition.
 */
@Revision("1")
public record AssessmentRecognizedEvent(
        HouseholdId householdId,
        AssessmentId assessmentId,
        String decisionRef,
        LocalDate decidedOn,
        HouseholdStatus status,
        HouseholdStatus previousStatus)
        implements HouseholdEvent {}
