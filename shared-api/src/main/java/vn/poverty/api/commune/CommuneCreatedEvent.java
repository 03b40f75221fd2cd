package vn.poverty.api.commune;

import org.axonframework.serialization.Revision;

/** A commune (or ward / town) was added to the reference data. Emitted by the command side on create-commune. */
@Revision("1")
public record CommuneCreatedEvent(String code, String name, AreaType areaType) implements CommuneEvent {}
