package vn.poverty.api.commune;

/** Events of the commune aggregate, emitted by the command side. */
public sealed interface CommuneEvent permits CommuneCreatedEvent, HouseholdCountRecordedEvent {
    /** The commune's code, which is also its aggregate identifier. */
    String code();
}
