package vn.poverty.command.commune;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.Repository;
import org.springframework.stereotype.Component;
import vn.poverty.api.commune.AreaType;
import vn.poverty.command.shared.DomainException;

/**
 * Lets other command handlers read a commune's area type. A commune's area type is fixed by its creation (no event
 * changes it), so it is loaded from the aggregate once per commune and node, then kept: registering a household does
 * not load, nor lock, its commune's aggregate again (registrations in one commune would otherwise wait on each other).
 */
@Component
public class CommuneLookup {

    private final Repository<Commune> communes;
    private final Map<String, AreaType> areaTypes = new ConcurrentHashMap<>();

    CommuneLookup(Repository<Commune> communes) {
        this.communes = communes;
    }

    /** The commune's area type; refuses with not-found when there is no such commune. */
    public AreaType areaTypeOf(String code) {
        AreaType known = areaTypes.get(code);
        if (known != null) {
            return known;
        }
        try {
            AreaType areaType = communes.load(code).invoke(Commune::areaType);
            areaTypes.put(code, areaType);
            return areaType;
        } catch (AggregateNotFoundException e) {
            throw DomainException.notFound("COMMUNE_NOT_FOUND", "Commune " + code + " not found");
        }
    }
}
