package vn.poverty.command.commune;

import java.time.LocalDate;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.axonframework.test.matchers.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import vn.poverty.api.commune.AreaType;
import vn.poverty.api.commune.CommuneCreatedEvent;
import vn.poverty.api.commune.CommuneCreatedResponse;
import vn.poverty.api.commune.CreateCommuneCommand;
import vn.poverty.api.commune.HouseholdCountRecordedEvent;
import vn.poverty.api.commune.HouseholdCountRecordedResponse;
import vn.poverty.api.commune.RecordHouseholdCountCommand;
import vn.poverty.api.error.FailureKind;
import vn.poverty.command.shared.DomainException;

class CommuneTest {

    private static final String MY_THO = "C01";

    private FixtureConfiguration<Commune> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Commune.class);
        fixture.registerAnnotatedCommandHandler(new CreateCommuneHandler(fixture.getRepository()));
    }

    @Test
    void newCommuneIsCreated() {
        fixture.givenNoPriorActivity()
                .when(new CreateCommuneCommand(MY_THO, "Mỹ Thọ", AreaType.URBAN))
                .expectSuccessfulHandlerExecution()
                .expectEvents(created(AreaType.URBAN))
                .expectResultMessagePayload(new CommuneCreatedResponse(MY_THO));
    }

    @Test
    void communeWhoseCodeIsTakenIsAConflict() {
        fixture.given(created(AreaType.RURAL))
                .when(new CreateCommuneCommand(MY_THO, "Another name", AreaType.URBAN))
                .expectNoEvents()
                .expectException(DomainException.class)
                .expectException(Matchers.predicate(e -> e instanceof DomainException domain
                        && domain.failure().kind() == FailureKind.CONFLICT
                        && "COMMUNE_EXISTS".equals(domain.failure().code())));
    }

    @Test
    void householdCountIsRecordedOnAnExistingCommune() {
        fixture.given(created(AreaType.RURAL))
                .when(new RecordHouseholdCountCommand(MY_THO, date("2022-12-31"), 5321))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new HouseholdCountRecordedEvent(MY_THO, date("2022-12-31"), 5321))
                .expectResultMessagePayload(new HouseholdCountRecordedResponse(MY_THO, date("2022-12-31"), 5321));
    }

    @Test
    void laterCountIsRecordedBesideTheEarlierOne() {
        fixture.given(created(AreaType.RURAL), new HouseholdCountRecordedEvent(MY_THO, date("2022-12-31"), 5321))
                .when(new RecordHouseholdCountCommand(MY_THO, date("2023-12-31"), 5400))
                .expectEvents(new HouseholdCountRecordedEvent(MY_THO, date("2023-12-31"), 5400));
    }

    @Test
    void householdCountOfAnUnknownCommuneIsRefused() {
        fixture.givenNoPriorActivity()
                .when(new RecordHouseholdCountCommand("NOWHERE", date("2022-12-31"), 10))
                .expectNoEvents()
                .expectException(AggregateNotFoundException.class);
    }

    private static CommuneCreatedEvent created(AreaType areaType) {
        return new CommuneCreatedEvent(MY_THO, "Mỹ Thọ", areaType);
    }

    private static LocalDate date(String iso) {
        return LocalDate.parse(iso);
    }
}
