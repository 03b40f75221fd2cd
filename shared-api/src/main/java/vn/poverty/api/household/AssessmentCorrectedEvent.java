package vn.poverty.api.household;

import java.time.LocalDate;
import java.util.List;
import org.axonframework.serialization.Revision;

/**
 * A recognised assessment was re-assessed; the corrected status holds from the original decision date
 * ({@code effectiveFrom}). {@code previousStatus} is what the assessment said before. Emitted on correction.
 */
@Revision("1")
public record AssessmentCorrectedEvent(
        HouseholdId householdId,
        AssessmentId assessmentId,
        long incomePerCapita,
        List<String> deprivations,
        int deprivationCount,
        HouseholdStatus status,
        HouseholdStatus previousStatus,
        LocalDate effectiveFrom,
        String reason,
        String decisionRef)
        implements HouseholdEvent {}
