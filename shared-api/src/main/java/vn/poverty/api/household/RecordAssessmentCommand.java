package vn.poverty.api.household;

import java.time.LocalDate;
import java.util.List;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Record a review survey. {@code standard} may be {@code null}: the standard in force for {@code period} is used.
 */
public record RecordAssessmentCommand(
        @TargetAggregateIdentifier HouseholdId householdId,
        AssessmentId assessmentId,
        int period,
        AssessmentKind kind,
        LocalDate assessedOn,
        String standard,
        long incomePerCapita,
        List<String> deprivations) {}
