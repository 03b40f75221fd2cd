package vn.poverty.api.household;

/** Result of {@link RecordAssessmentCommand}: the standard applied and the status it proposes. */
public record AssessmentRecordedResponse(
        AssessmentId assessmentId, String standard, HouseholdStatus proposedStatus, int deprivationCount) {}
