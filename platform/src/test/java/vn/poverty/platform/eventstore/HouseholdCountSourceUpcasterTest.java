package vn.poverty.platform.eventstore;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.serialization.upcasting.event.EventUpcasterChain;
import org.axonframework.serialization.upcasting.event.InitialEventRepresentation;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.junit.jupiter.api.Test;
import vn.poverty.api.commune.HouseholdCountRecordedEvent;

class HouseholdCountSourceUpcasterTest {

    private final JacksonSerializer serializer = JacksonSerializer.builder()
            .objectMapper(new ObjectMapper().registerModule(new JavaTimeModule()))
            .build();

    @Test
    void aStoredRevisionOneEventLoadsWithItsSourceFromTheStatisticsOffice() {
        byte[] revisionOne =
                "{\"code\":\"C01\",\"asOf\":\"2022-12-31\",\"totalHouseholds\":5321}".getBytes(StandardCharsets.UTF_8);

        HouseholdCountRecordedEvent event = upcastAndRead(revisionOne, "1");

        assertThat(event)
                .isEqualTo(new HouseholdCountRecordedEvent(
                        "C01", LocalDate.parse("2022-12-31"), 5321, HouseholdCountRecordedEvent.STATISTICS_OFFICE));
    }

    @Test
    void aRevisionTwoEventKeepsItsOwnSource() {
        byte[] revisionTwo = "{\"code\":\"C01\",\"asOf\":\"2023-12-31\",\"totalHouseholds\":5400,\"source\":\"CENSUS\"}"
                .getBytes(StandardCharsets.UTF_8);

        assertThat(upcastAndRead(revisionTwo, "2").source()).isEqualTo("CENSUS");
    }

    @Test
    void newEventsAreWrittenAsRevisionTwo() {
        SerializedObject<byte[]> written = serializer.serialize(
                new HouseholdCountRecordedEvent("C01", LocalDate.parse("2023-12-31"), 5400), byte[].class);

        assertThat(written.getType().getRevision()).isEqualTo("2");
    }

    private HouseholdCountRecordedEvent upcastAndRead(byte[] payload, String revision) {
        GenericDomainEventEntry<byte[]> entry = new GenericDomainEventEntry<>(
                "Commune",
                "C01",
                1,
                "event-1",
                Instant.parse("2023-01-05T02:00:00Z"),
                HouseholdCountRecordedEvent.class.getName(),
                revision,
                payload,
                "{}".getBytes(StandardCharsets.UTF_8));
        Stream<IntermediateEventRepresentation> upcast = new EventUpcasterChain(new HouseholdCountSourceUpcaster())
                .upcast(Stream.of(new InitialEventRepresentation(entry, serializer)));
        List<IntermediateEventRepresentation> events = upcast.toList();
        assertThat(events).hasSize(1);
        IntermediateEventRepresentation representation = events.get(0);
        assertThat(representation.getType().getRevision()).isEqualTo("2");
        return serializer.deserialize(new SimpleSerializedObject<>(
                representation.getData(byte[].class).getData(), byte[].class, representation.getType()));
    }
}
