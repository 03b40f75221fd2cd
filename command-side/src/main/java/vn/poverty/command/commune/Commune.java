package vn.poverty.command.commune;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;
import vn.poverty.api.commune.AreaType;
import vn.poverty.api.commune.CommuneCreatedEvent;
import vn.poverty.api.commune.CreateCommuneCommand;
import vn.poverty.api.commune.HouseholdCountRecordedEvent;
import vn.poverty.api.commune.HouseholdCountRecordedResponse;
import vn.poverty.api.commune.RecordHouseholdCountCommand;

/** A commune as reference data that changes over time: its area type and its household totals by date. */
@Aggregate
public class Commune {

    @AggregateIdentifier
    private String code;

    private AreaType areaType;

    protected Commune() {
        // for Axon
    }

    Commune(CreateCommuneCommand command) {
        apply(new CommuneCreatedEvent(command.code(), command.name(), command.areaType()));
    }

    @CommandHandler
    HouseholdCountRecordedResponse handle(RecordHouseholdCountCommand command) {
        String source = command.source() == null || command.source().isBlank()
                ? HouseholdCountRecordedEvent.STATISTICS_OFFICE
                : command.source();
        apply(new HouseholdCountRecordedEvent(code, command.asOf(), command.totalHouseholds(), source));
        return new HouseholdCountRecordedResponse(code, command.asOf(), command.totalHouseholds());
    }

    /** The area type every household of this commune takes (it decides the income line). */
    public AreaType areaType() {
        return areaType;
    }

    @EventSourcingHandler
    void on(CommuneCreatedEvent event) {
        this.code = event.code();
        this.areaType = event.areaType();
    }
}
