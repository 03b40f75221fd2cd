package vn.poverty.api.household;

import java.util.List;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Re-assess a recognised assessment; the corrected status applies from the original decision date. */
public record CorrectAssessmentCommand(
        @TargetAggregateIdentifier HouseholdId householdId,
        AssessmentId assessmentId,
        long incomePerCapita,
        List<String> deprivations,
        String reason,
        String decisionRef) {}
