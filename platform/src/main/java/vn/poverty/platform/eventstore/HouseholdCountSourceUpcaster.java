package vn.poverty.platform.eventstore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.axonframework.serialization.SerializedType;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;
import vn.poverty.api.commune.HouseholdCountRecordedEvent;

/**
 * Revision 1 → 2 of {@link HouseholdCountRecordedEvent}: adds {@code source} = {@value
 * HouseholdCountRecordedEvent#STATISTICS_OFFICE}, where every total recorded before revision 2 came from. Stored
 * events are never rewritten; old ones are upcast each time they are read (by aggregates and projections alike).
 */
public class HouseholdCountSourceUpcaster extends SingleEventUpcaster {

    private static final SerializedType REVISION_1 =
            new SimpleSerializedType(HouseholdCountRecordedEvent.class.getName(), "1");

    @Override
    protected boolean canUpcast(IntermediateEventRepresentation representation) {
        return REVISION_1.equals(representation.getType());
    }

    @Override
    protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation representation) {
        return representation.upcastPayload(
                new SimpleSerializedType(HouseholdCountRecordedEvent.class.getName(), "2"), JsonNode.class, payload -> {
                    ObjectNode upcast = ((ObjectNode) payload).deepCopy();
                    upcast.put("source", HouseholdCountRecordedEvent.STATISTICS_OFFICE);
                    return upcast;
                });
    }
}
