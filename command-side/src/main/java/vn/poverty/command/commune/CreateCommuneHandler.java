package vn.poverty.command.commune;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.Repository;
import org.springframework.stereotype.Component;
import vn.poverty.api.commune.CommuneCreatedResponse;
import vn.poverty.api.commune.CreateCommuneCommand;
import vn.poverty.command.shared.DomainException;

/**
 * Creates a commune unless the code is taken. A race between two creations is settled by the event store's unique
 * (aggregate, sequence) key.
 */
@Component
class CreateCommuneHandler {

    private final Repository<Commune> communes;

    CreateCommuneHandler(Repository<Commune> communes) {
        this.communes = communes;
    }

    @CommandHandler
    CommuneCreatedResponse handle(CreateCommuneCommand command) throws Exception {
        if (exists(command.code())) {
            throw DomainException.conflict("COMMUNE_EXISTS", "Commune " + command.code() + " already exists");
        }
        communes.newInstance(() -> new Commune(command));
        return new CommuneCreatedResponse(command.code());
    }

    private boolean exists(String code) {
        try {
            communes.load(code);
            return true;
        } catch (AggregateNotFoundException e) {
            return false;
        }
    }
}
