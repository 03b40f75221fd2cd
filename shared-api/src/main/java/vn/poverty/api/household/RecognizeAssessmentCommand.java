package vn.poverty.api.household;

import java.time.LocalDate;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The commune chair's decision that makes an assessment's proposed status official from {@code decidedOn}. */
public record RecognizeAssessmentCommand(
        @TargetAggregateIdentifier HouseholdId householdId,
        AssessmentId assessmentId,
        String decisionRef,
        LocalDate decidedOn) {}
