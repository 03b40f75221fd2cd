package vn.poverty.command.household;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.modelling.command.Repository;
import org.springframework.stereotype.Component;
import vn.poverty.api.commune.AreaType;
import vn.poverty.api.household.HouseholdRegisteredResponse;
import vn.poverty.api.household.RegisterHouseholdCommand;
import vn.poverty.command.commune.CommuneLookup;

/** Registers a household: the commune must exist (it gives the area type) and the head's national ID be free. */
@Component
class RegisterHouseholdHandler {

    private final Repository<Household> households;
    private final CommuneLookup communes;
    private final NationalIdRegistry nationalIds;

    RegisterHouseholdHandler(Repository<Household> households, CommuneLookup communes, NationalIdRegistry nationalIds) {
        this.households = households;
        this.communes = communes;
        this.nationalIds = nationalIds;
    }

    @CommandHandler
    HouseholdRegisteredResponse handle(RegisterHouseholdCommand command) throws Exception {
        AreaType areaType = communes.areaTypeOf(command.communeCode());
        nationalIds.claim(command.head().nationalId(), command.householdId());
        households.newInstance(() -> new Household(command, areaType));
        return new HouseholdRegisteredResponse(command.householdId());
    }
}
