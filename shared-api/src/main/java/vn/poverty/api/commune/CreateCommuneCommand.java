package vn.poverty.api.commune;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Add a commune to the reference data. Refused with a conflict when the code is taken. */
public record CreateCommuneCommand(
        @TargetAggregateIdentifier String code, String name, AreaType areaType) {}
