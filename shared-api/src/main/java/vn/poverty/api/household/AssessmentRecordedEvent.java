package vn.poverty.api.household;

import java.time.LocalDate;
import java.util.List;
import org.axonframework.serialization.Revision;

/**
 * A review survey of a household was recorded and classified under a poverty standard. The proposed status is not
 * official until recognised. Emitted on record-assessment.
 */
@Revision("1")
public record AssessmentRecordedEvent(
        HouseholdId householdId,
        AssessmentId assessmentId,
        int period,
        AssessmentKind kind,
        LocalDate assessedOn,
        String standard,
        long incomePerCapita,
        List<String> deprivations,
        int deprivationCount,
        HouseholdStatus proposedStatus)
        implements HouseholdEvent {}
