package vn.poverty.platform.eventstore;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.LocalDate;
import java.util.List;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.AnnotationRevisionResolver;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.SerializedType;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.UnknownSerializedType;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.Test;
import vn.poverty.api.commune.AreaType;
import vn.poverty.api.commune.CommuneCreatedEvent;
import vn.poverty.api.commune.HouseholdCountRecordedEvent;

/** The caching serializer writes and reads exactly what Axon's Jackson serializer writes and reads, every time. */
class CachingJacksonSerializerTest {

    private final Serializer axon = JacksonSerializer.builder()
            .revisionResolver(new AnnotationRevisionResolver())
            .objectMapper(new ObjectMapper())
            .build();
    private final Serializer caching = EventSerializerConfiguration.eventSerializer(
            new ObjectMapper(), new AnnotationRevisionResolver(), getClass().getClassLoader());

    @Test
    void isTheCachingOne() {
        assertThat(caching).isInstanceOf(CachingJacksonSerializer.class);
    }

    @Test
    void writesTheSameBytesAndTypesAndReadsThemBackTwice() {
        List<Object> payloads = List.of(
                new CommuneCreatedEvent("P001", "Mỹ Long", AreaType.RURAL),
                new HouseholdCountRecordedEvent("P001", LocalDate.of(2025, 12, 31), 2345),
                MetaData.with("traceId", "t-1").and("user", "district"));
        for (Object payload : payloads) {
            SerializedObject<byte[]> expected = axon.serialize(payload, byte[].class);
            SerializedObject<byte[]> written = caching.serialize(payload, byte[].class);
            assertThat(written.getData()).isEqualTo(expected.getData());
            assertThat(written.getType()).isEqualTo(expected.getType());
            for (int round = 0; round < 2; round++) {
                Object read = caching.deserialize(written);
                assertThat(read).isEqualTo(axon.deserialize(expected)).isEqualTo(payload);
            }
        }
    }

    @Test
    void resolvesEveryKindOfTypeNameAsAxonDoesAlsoTheSecondTime() {
        List<SerializedType> types = List.of(
                new SimpleSerializedType(CommuneCreatedEvent.class.getName(), "1"),
                new SimpleSerializedType(HouseholdCountRecordedEvent.class.getName(), null),
                new SimpleSerializedType("vn.poverty.api.NoSuchEvent", "1"),
                SimpleSerializedType.emptyType(),
                new SimpleSerializedType("int", null));
        for (int round = 0; round < 2; round++) {
            for (SerializedType type : types) {
                assertThat(caching.classForType(type)).as(type.getName()).isEqualTo(axon.classForType(type));
            }
        }
        assertThat(caching.classForType(new SimpleSerializedType("vn.poverty.api.NoSuchEvent", "1")))
                .isEqualTo(UnknownSerializedType.class);
    }

    @Test
    void anUnknownPayloadStaysUnknown() {
        SerializedObject<byte[]> unknown =
                new SimpleSerializedObject<>("{\"a\":1}".getBytes(), byte[].class, "vn.poverty.api.NoSuchEvent", "1");
        for (int round = 0; round < 2; round++) {
            Object read = caching.deserialize(unknown);
            assertThat(read).isInstanceOf(UnknownSerializedType.class);
            assertThat(((UnknownSerializedType) read).serializedType().getName())
                    .isEqualTo("vn.poverty.api.NoSuchEvent");
        }
    }
}
