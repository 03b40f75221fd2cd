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
    private final HouseholdRegistry registry;

    RegisterHouseholdHandler(Repository<Household> households, CommuneLookup communes, HouseholdRegistry registry) {
        this.households = households;
        this.communes = communes;
        this.registry = registry;
    }

    @CommandHandler
    HouseholdRegisteredResponse handle(RegisterHouseholdCommand command) throws Exception {
        AreaType areaType = communes.areaTypeOf(command.communeCode());
        registry.register(
                command.householdId(), command.communeCode(), command.head().nationalId());
        households.newInstance(() -> new Household(command, areaType));
        return new HouseholdRegisteredResponse(command.householdId());
    }
}
