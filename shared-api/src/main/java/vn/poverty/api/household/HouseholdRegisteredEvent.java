package vn.poverty.api.household;

import java.time.LocalDate;
import org.axonframework.serialization.Revision;
import vn.poverty.api.commune.AreaType;

/** A household was registered in a commune; its area type is the commune's. Emitted on register-household. */
@Revision("1")
public record HouseholdRegisteredEvent(
        HouseholdId householdId,
        String communeCode,
        String hamlet,
        AreaType areaType,
        HouseholdHead head,
        int memberCount,
        boolean meritHousehold,
        boolean ethnicMinority,
        LocalDate registeredOn)
        implements HouseholdEvent {}
