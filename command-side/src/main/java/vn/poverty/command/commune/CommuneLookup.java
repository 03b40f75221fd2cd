package vn.poverty.command.commune;

import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.Repository;
import org.springframework.stereotype.Component;
import vn.poverty.api.commune.AreaType;
import vn.poverty.command.shared.DomainException;

/** Lets other command handlers read a commune's area type (loads the commune aggregate in the same unit of work). */
@Component
public class CommuneLookup {

    private final Repository<Commune> communes;

    CommuneLookup(Repository<Commune> communes) {
        this.communes = communes;
    }

    /** The commune's area type; refuses with not-found when there is no such commune. */
    public AreaType areaTypeOf(String code) {
        try {
            return communes.load(code).invoke(Commune::areaType);
        } catch (AggregateNotFoundException e) {
            throw DomainException.notFound("COMMUNE_NOT_FOUND", "Commune " + code + " not found");
        }
    }
}
