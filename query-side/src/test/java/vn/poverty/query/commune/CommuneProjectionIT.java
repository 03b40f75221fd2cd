package vn.poverty.query.commune;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import vn.poverty.api.commune.AreaType;
import vn.poverty.api.commune.CommuneCreatedEvent;
import vn.poverty.api.commune.HouseholdCountRecordedEvent;
import vn.poverty.query.QueryDatabase;
import vn.poverty.query.shared.ProjectionWrites;
import vn.poverty.query.shared.TimeSlice;

/** The commune projection's handlers called directly on a real PostgreSQL. */
class CommuneProjectionIT {

    private static final Instant CREATED_AT = Instant.parse("2022-10-01T00:00:00Z");
    private static final Instant COUNTED_AT = Instant.parse("2023-01-05T00:00:00Z");
    private static final Instant RECOUNTED_AT = Instant.parse("2023-03-01T00:00:00Z");
    private static final LocalDate YEAR_END = LocalDate.of(2022, 12, 31);

    private JdbcTemplate jdbc;
    private CommuneProjection projection;
    private CommuneQueries queries;

    @BeforeEach
    void freshDatabase() {
        jdbc = QueryDatabase.migrated();
        projection = new CommuneProjection(new ProjectionWrites(jdbc));
        queries = new CommuneQueries(jdbc);
    }

    @Test
    void communeCreatedTwiceKeepsOneCommune() {
        var created = new CommuneCreatedEvent("C01", "Mỹ Thọ", AreaType.URBAN);
        projection.on(created, CREATED_AT);
        projection.on(created, CREATED_AT);

        assertThat(count("q_commune")).isEqualTo(1);
        assertThat(queries.all(new TimeSlice(YEAR_END, Instant.now()), null))
                .containsExactly(new CommuneQueries.CommuneView("C01", "Mỹ Thọ", "URBAN", null));
    }

    @Test
    void householdCountHandledTwiceKeepsOneCount() {
        projection.on(new CommuneCreatedEvent("C01", "Mỹ Thọ", AreaType.URBAN), CREATED_AT);
        var counted = count(1, COUNTED_AT, new HouseholdCountRecordedEvent("C01", YEAR_END, 200));
        projection.on(counted.getPayload(), counted);
        projection.on(counted.getPayload(), counted);

        assertThat(count("q_commune_household_count")).isEqualTo(1);
        assertThat(queries.find("C01", new TimeSlice(YEAR_END, Instant.now()))
                        .orElseThrow()
                        .totalHouseholds())
                .isEqualTo(200);
    }

    @Test
    void totalIsTheLatestCountDatedOnOrBeforeAsOf() {
        projection.on(new CommuneCreatedEvent("C01", "Mỹ Thọ", AreaType.URBAN), CREATED_AT);
        var first = count(1, COUNTED_AT, new HouseholdCountRecordedEvent("C01", YEAR_END, 200));
        var second = count(2, COUNTED_AT, new HouseholdCountRecordedEvent("C01", LocalDate.of(2023, 12, 31), 250));
        projection.on(second.getPayload(), second);
        projection.on(first.getPayload(), first);

        assertThat(total(LocalDate.of(2022, 12, 30), Instant.now())).isNull();
        assertThat(total(YEAR_END, Instant.now())).isEqualTo(200);
        assertThat(total(LocalDate.of(2023, 12, 30), Instant.now())).isEqualTo(200);
        assertThat(total(LocalDate.of(2023, 12, 31), Instant.now())).isEqualTo(250);
    }

    @Test
    void recountOfTheSameDateReplacesTheEarlierCountFromWhenItWasRecorded() {
        projection.on(new CommuneCreatedEvent("C01", "Mỹ Thọ", AreaType.URBAN), CREATED_AT);
        var counted = count(1, COUNTED_AT, new HouseholdCountRecordedEvent("C01", YEAR_END, 200));
        var recounted = count(2, RECOUNTED_AT, new HouseholdCountRecordedEvent("C01", YEAR_END, 210));
        projection.on(counted.getPayload(), counted);
        projection.on(recounted.getPayload(), recounted);

        assertThat(total(YEAR_END, RECOUNTED_AT.minusSeconds(1))).isEqualTo(200);
        assertThat(total(YEAR_END, RECOUNTED_AT)).isEqualTo(210);
    }

    @Test
    void communeIsUnknownBeforeItWasRecorded() {
        projection.on(new CommuneCreatedEvent("C01", "Mỹ Thọ", AreaType.URBAN), CREATED_AT);

        assertThat(queries.find("C01", new TimeSlice(YEAR_END, CREATED_AT.minusSeconds(1))))
                .isEmpty();
        assertThat(queries.all(new TimeSlice(YEAR_END, CREATED_AT.minusSeconds(1)), null))
                .isEmpty();
    }

    private Integer total(LocalDate asOf, Instant knownAt) {
        return queries.find("C01", new TimeSlice(asOf, knownAt)).orElseThrow().totalHouseholds();
    }

    private int count(String table) {
        return jdbc.queryForObject("SELECT count(*) FROM " + table, Integer.class);
    }

    private static DomainEventMessage<HouseholdCountRecordedEvent> count(
            long sequence, Instant recordedAt, HouseholdCountRecordedEvent event) {
        return new GenericDomainEventMessage<>(
                "Commune",
                event.code(),
                sequence,
                event,
                MetaData.emptyInstance(),
                UUID.randomUUID().toString(),
                recordedAt);
    }
}
