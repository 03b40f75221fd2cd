package vn.poverty.api.household;

import java.time.LocalDate;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Register a household in a commune. Refused (conflict) when another household's head has the same national ID. */
public record RegisterHouseholdCommand(
        @TargetAggregateIdentifier HouseholdId householdId,
        String communeCode,
        String hamlet,
        HouseholdHead head,
        int memberCount,
        boolean meritHousehold,
        boolean ethnicMinority,
        LocalDate registeredOn) {}
