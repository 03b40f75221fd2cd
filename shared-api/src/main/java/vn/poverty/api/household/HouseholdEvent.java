package vn.poverty.api.household;

/** Events of the household aggregate, emitted by the command side. */
public sealed interface HouseholdEvent
        permits HouseholdRegisteredEvent,
                AssessmentRecordedEvent,
                AssessmentRecognizedEvent,
                AssessmentCorrectedEvent,
                PolicyGrantedEvent,
                GrantRevokedEvent,
                GrantEndedEvent {
    HouseholdId householdId();
}
