package vn.poverty.api.household;

import java.time.LocalDate;
import org.axonframework.serialization.Revision;

/**
 * The commune chair's decision made an assessment's proposed status the household's official status from
 * {@code decidedOn}. {@code previousStatus} is the status in force on that date before this decision (an
 * earlier decision of the same date counts). Emitted on recognition; the metadata repeats {@code decisionRef}.
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
