package vn.poverty.query.commune;

import java.time.Instant;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.stereotype.Component;
import vn.poverty.api.commune.CommuneCreatedEvent;
import vn.poverty.api.commune.HouseholdCountRecordedEvent;
import vn.poverty.query.shared.ProjectionWrites;
import vn.poverty.query.shared.Timestamps;

/** Keeps {@code q_commune} and {@code q_commune_household_count} (the rate denominators over time). */
@Component
@ProcessingGroup(CommuneProjection.GROUP)
class CommuneProjection {

    static final String GROUP = "commune-projection";

    private final ProjectionWrites writes;

    CommuneProjection(ProjectionWrites writes) {
        this.writes = writes;
    }

    @EventHandler
    void on(CommuneCreatedEvent event, @Timestamp Instant recordedAt) {
        writes.update("""
                INSERT INTO q_commune (code, name, area_type, recorded_at) VALUES (?, ?, ?, ?)
                ON CONFLICT (code) DO NOTHING""", event.code(), event.name(), event.areaType().name(), Timestamps.of(recordedAt));
    }

    @EventHandler
    void on(HouseholdCountRecordedEvent event, DomainEventMessage<?> message) {
        writes.update(
                """
                INSERT INTO q_commune_household_count
                    (event_id, code, as_of, total_households, sequence_number, recorded_at)
                VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (event_id) DO NOTHING""",
                message.getIdentifier(),
                event.code(),
                event.asOf(),
                event.totalHouseholds(),
                message.getSequenceNumber(),
                Timestamps.of(message.getTimestamp()));
    }

    /**
     * Empties the projection's tables for a rebuild, in the reset's transaction. TRUNCATE rather than DELETE: the
     * replay then writes into new, empty tables and indexes instead of beside millions of dead rows that autovacuum
     * must clean while it runs (see the design notes, "Where a rebuild's database time goes").
     */
    @ResetHandler
    void reset() {
        writes.update("TRUNCATE q_commune_household_count, q_commune");
    }
}
