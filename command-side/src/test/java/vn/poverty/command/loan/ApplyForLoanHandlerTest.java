package vn.poverty.command.loan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static vn.poverty.api.household.AssessmentKind.ADHOC;
import static vn.poverty.api.household.HouseholdStatus.NEAR_POOR;
import static vn.poverty.api.household.HouseholdStatus.NOT_POOR;
import static vn.poverty.api.household.HouseholdStatus.POOR;
import static vn.poverty.api.household.HouseholdStatus.UNCLASSIFIED;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.EventSourcingRepository;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.modelling.command.Repository;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.axonframework.test.matchers.Matchers;
import org.hamcrest.Matcher;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import vn.poverty.api.commune.AreaType;
import vn.poverty.api.error.FailureKind;
import vn.poverty.api.household.AssessmentId;
import vn.poverty.api.household.AssessmentRecognizedEvent;
import vn.poverty.api.household.AssessmentRecordedEvent;
import vn.poverty.api.household.HouseholdHead;
import vn.poverty.api.household.HouseholdId;
import vn.poverty.api.household.HouseholdRegisteredEvent;
import vn.poverty.api.household.HouseholdStatus;
import vn.poverty.api.loan.ApplyForLoanCommand;
import vn.poverty.api.loan.LoanAppliedEvent;
import vn.poverty.api.loan.LoanId;
import vn.poverty.api.loan.LoanResponses.LoanAppliedResponse;
import vn.poverty.command.household.Household;
import vn.poverty.command.shared.DomainException;
import vn.poverty.platform.loan.LoanProgramCatalogue;

/**
 * The loan application (DESIGN.md §3 "Preferential loans"): eligibility by programme and the household's status on
 * the application date (read from the household's own events), the programme's rate, maximum principal and term
 * range on that date, unknown programme or household, and the one-open-loan rule of {@link LoanRegistry}.
 * The handler runs in an {@link AggregateTestFixture} of {@link Loan}; the households come from an in-memory event
 * store; the registry (a table, tested over HTTP in {@code LoanApiIT}) is a mock here.
 */
class ApplyForLoanHandlerTest {

    private static final LoanId LOAN = LoanId.of("7d4a1c52-3f0e-4b8a-9c6d-2e1f0a9b8c7d");
    private static final HouseholdId HOUSEHOLD = HouseholdId.of("5b0f6f5e-2c1d-4c57-8d1e-6a7b9c0d1e2f");
    private static final String COMMUNE = "C07";
    private static final String POOR_HOUSEHOLD = "POOR_HOUSEHOLD";
    private static final String NEAR_POOR_HOUSEHOLD = "NEAR_POOR_HOUSEHOLD";
    private static final String NEWLY_ESCAPED_HOUSEHOLD = "NEWLY_ESCAPED_HOUSEHOLD";
    private static final Map<String, BigDecimal> RATES = Map.of(
            POOR_HOUSEHOLD, new BigDecimal("6.60"),
            NEAR_POOR_HOUSEHOLD, new BigDecimal("7.92"),
            NEWLY_ESCAPED_HOUSEHOLD, new BigDecimal("8.25"));
    private static final LocalDate APPLIED_ON = date("2023-02-01");

    private FixtureConfiguration<Loan> fixture;
    private EmbeddedEventStore householdEvents;
    private LoanRegistry registry;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Loan.class);
        householdEvents = EmbeddedEventStore.builder()
                .storageEngine(new InMemoryEventStorageEngine())
                .build();
        Repository<Household> households = EventSourcingRepository.builder(Household.class)
                .eventStore(householdEvents)
                .build();
        registry = mock(LoanRegistry.class);
        fixture.registerAnnotatedCommandHandler(
                new ApplyForLoanHandler(fixture.getRepository(), households, LoanProgramCatalogue.builtIn(), registry));
    }

    @AfterEach
    void tearDown() {
        householdEvents.shutDown();
    }

    // --- eligibility: programme × status on the application date -----------------------------------------------

    /** A household's history up to the application date of 2023-02-01, and its status then. */
    private enum Situation {
        POOR_SINCE_DECEMBER(POOR, false, decided(POOR, "2022-12-15")),
        NEAR_POOR_SINCE_DECEMBER(NEAR_POOR, false, decided(NEAR_POOR, "2022-12-15")),
        ESCAPED_FROM_POOR_LAST_YEAR(NOT_POOR, true, decided(POOR, "2021-12-15"), decided(NOT_POOR, "2022-12-15")),
        ESCAPED_FROM_NEAR_POOR_LAST_YEAR(
                NOT_POOR, true, decided(NEAR_POOR, "2021-12-15"), decided(NOT_POOR, "2022-12-15")),
        // 36 months before 2023-02-01 is 2020-02-01: a decision on that day no longer counts, the day after does
        ESCAPED_JUST_UNDER_36_MONTHS_AGO(NOT_POOR, true, decided(POOR, "2018-12-15"), decided(NOT_POOR, "2020-02-02")),
        ESCAPED_36_MONTHS_AGO(NOT_POOR, false, decided(POOR, "2018-12-15"), decided(NOT_POOR, "2020-02-01")),
        NEVER_POOR(NOT_POOR, false, decided(NOT_POOR, "2022-12-15")),
        UNCLASSIFIED_HOUSEHOLD(UNCLASSIFIED, false);

        final HouseholdStatus status;
        final boolean newlyEscaped;
        final List<Object> decisions;

        @SafeVarargs
        Situation(HouseholdStatus status, boolean newlyEscaped, List<Object>... decisions) {
            this.status = status;
            this.newlyEscaped = newlyEscaped;
            this.decisions = Stream.of(decisions).flatMap(List::stream).toList();
        }

        String eligibleProgram() {
            return switch (this) {
                case POOR_SINCE_DECEMBER -> POOR_HOUSEHOLD;
                case NEAR_POOR_SINCE_DECEMBER -> NEAR_POOR_HOUSEHOLD;
                case ESCAPED_FROM_POOR_LAST_YEAR, ESCAPED_FROM_NEAR_POOR_LAST_YEAR, ESCAPED_JUST_UNDER_36_MONTHS_AGO ->
                    NEWLY_ESCAPED_HOUSEHOLD;
                case ESCAPED_36_MONTHS_AGO, NEVER_POOR, UNCLASSIFIED_HOUSEHOLD -> null;
            };
        }
    }

    static Stream<Arguments> programmesBySituation() {
        return Stream.of(Situation.values())
                .flatMap(situation -> Stream.of(POOR_HOUSEHOLD, NEAR_POOR_HOUSEHOLD, NEWLY_ESCAPED_HOUSEHOLD)
                        .map(program -> Arguments.of(situation, program, program.equals(situation.eligibleProgram()))));
    }

    @ParameterizedTest(name = "{0} applying for {1}: eligible {2}")
    @MethodSource("programmesBySituation")
    void eligibilityFollowsTheStatusOnTheApplicationDate(Situation situation, String program, boolean eligible) {
        household(situation.decisions);

        if (eligible) {
            fixture.givenNoPriorActivity()
                    .when(application(program, 50_000_000, 36, APPLIED_ON))
                    .expectSuccessfulHandlerExecution()
                    .expectEvents(
                            applied(program, 50_000_000, 36, APPLIED_ON, situation.status, situation.newlyEscaped))
                    .expectResultMessagePayload(new LoanAppliedResponse(LOAN, RATES.get(program)));
            verify(registry).open(LOAN, HOUSEHOLD, program);
        } else {
            fixture.givenNoPriorActivity()
                    .when(application(program, 50_000_000, 36, APPLIED_ON))
                    .expectNoEvents()
                    .expectException(DomainException.class)
                    .expectException(failure(FailureKind.RULE_VIOLATION, "NOT_ELIGIBLE"));
            verifyNoInteractions(registry);
        }
    }

    @Test
    void statusIsJudgedOnTheApplicationDateNotOnTheLatestDecision() {
        // POOR from 15 December 2022, escaped on 15 June 2023: an application dated in February is a poor one
        household(decided(POOR, "2022-12-15"), decided(NOT_POOR, "2023-06-15"));

        fixture.givenNoPriorActivity()
                .when(application(POOR_HOUSEHOLD, 50_000_000, 36, date("2023-02-01")))
                .expectEvents(applied(POOR_HOUSEHOLD, 50_000_000, 36, date("2023-02-01"), POOR, false));
    }

    @Test
    void poorProgrammeIsRefusedFromTheEscapeDecisionOn() {
        household(decided(POOR, "2022-12-15"), decided(NOT_POOR, "2023-06-15"));

        fixture.givenNoPriorActivity()
                .when(application(POOR_HOUSEHOLD, 50_000_000, 36, date("2023-06-15")))
                .expectNoEvents()
                .expectException(failure(FailureKind.RULE_VIOLATION, "NOT_ELIGIBLE"));
    }

    @Test
    void newlyEscapedProgrammeIsOpenFromTheEscapeDecisionOn() {
        household(decided(POOR, "2022-12-15"), decided(NOT_POOR, "2023-06-15"));

        fixture.givenNoPriorActivity()
                .when(application(NEWLY_ESCAPED_HOUSEHOLD, 30_000_000, 24, date("2023-06-15")))
                .expectEvents(applied(NEWLY_ESCAPED_HOUSEHOLD, 30_000_000, 24, date("2023-06-15"), NOT_POOR, true))
                .expectResultMessagePayload(new LoanAppliedResponse(LOAN, new BigDecimal("8.25")));
    }

    @Test
    void newlyEscapedProgrammeIsRefusedTheDayBeforeTheEscapeDecision() {
        household(decided(POOR, "2022-12-15"), decided(NOT_POOR, "2023-06-15"));

        fixture.givenNoPriorActivity()
                .when(application(NEWLY_ESCAPED_HOUSEHOLD, 30_000_000, 24, date("2023-06-14")))
                .expectNoEvents()
                .expectException(failure(FailureKind.RULE_VIOLATION, "NOT_ELIGIBLE"));
    }

    @Test
    void applicationDatedBeforeTheFirstRecognitionFindsTheHouseholdUnclassified() {
        household(decided(POOR, "2022-12-15"));

        fixture.givenNoPriorActivity()
                .when(application(POOR_HOUSEHOLD, 50_000_000, 36, date("2022-12-14")))
                .expectNoEvents()
                .expectException(failure(FailureKind.RULE_VIOLATION, "NOT_ELIGIBLE"));
    }

    @Test
    void applicationOnTheDecisionDateIsEligible() {
        household(decided(POOR, "2022-12-15"));

        fixture.givenNoPriorActivity()
                .when(application(POOR_HOUSEHOLD, 50_000_000, 36, date("2022-12-15")))
                .expectEvents(applied(POOR_HOUSEHOLD, 50_000_000, 36, date("2022-12-15"), POOR, false));
    }

    // --- programme terms ---------------------------------------------------------------------------------------

    @Test
    void principalAtTheMaximumIsAccepted() {
        household(decided(POOR, "2022-12-15"));

        fixture.givenNoPriorActivity()
                .when(application(POOR_HOUSEHOLD, 100_000_000, 120, APPLIED_ON))
                .expectEvents(applied(POOR_HOUSEHOLD, 100_000_000, 120, APPLIED_ON, POOR, false));
    }

    @ParameterizedTest
    @CsvSource({"POOR_HOUSEHOLD, POOR", "NEAR_POOR_HOUSEHOLD, NEAR_POOR"})
    void principalOverTheMaximumIsARuleViolation(String program, HouseholdStatus status) {
        household(decided(status, "2022-12-15"));

        fixture.givenNoPriorActivity()
                .when(application(program, 100_000_001, 12, APPLIED_ON))
                .expectNoEvents()
                .expectException(failure(FailureKind.RULE_VIOLATION, "OVER_MAXIMUM"));
        verifyNoInteractions(registry);
    }

    @Test
    void newlyEscapedPrincipalOverTheMaximumIsARuleViolation() {
        household(decided(POOR, "2021-12-15"), decided(NOT_POOR, "2022-12-15"));

        fixture.givenNoPriorActivity()
                .when(application(NEWLY_ESCAPED_HOUSEHOLD, 100_000_001, 12, APPLIED_ON))
                .expectNoEvents()
                .expectException(failure(FailureKind.RULE_VIOLATION, "OVER_MAXIMUM"));
    }

    @ParameterizedTest(name = "{0}, {1} months: accepted {2}")
    @CsvSource({
        "POOR_HOUSEHOLD,            0, false",
        "POOR_HOUSEHOLD,            1, true",
        "POOR_HOUSEHOLD,           61, true",
        "POOR_HOUSEHOLD,          120, true",
        "POOR_HOUSEHOLD,          121, false",
        "NEAR_POOR_HOUSEHOLD,       0, false",
        "NEAR_POOR_HOUSEHOLD,       1, true",
        "NEAR_POOR_HOUSEHOLD,      60, true",
        "NEAR_POOR_HOUSEHOLD,      61, false",
        "NEAR_POOR_HOUSEHOLD,     121, false",
        "NEWLY_ESCAPED_HOUSEHOLD,   0, false",
        "NEWLY_ESCAPED_HOUSEHOLD,   1, true",
        "NEWLY_ESCAPED_HOUSEHOLD,  60, true",
        "NEWLY_ESCAPED_HOUSEHOLD,  61, false",
        "NEWLY_ESCAPED_HOUSEHOLD, 121, false",
    })
    void termMustBeInTheProgrammesRange(String program, int term, boolean accepted) {
        Situation situation = switch (program) {
            case POOR_HOUSEHOLD -> Situation.POOR_SINCE_DECEMBER;
            case NEAR_POOR_HOUSEHOLD -> Situation.NEAR_POOR_SINCE_DECEMBER;
            default -> Situation.ESCAPED_FROM_POOR_LAST_YEAR;
        };
        household(situation.decisions);

        if (accepted) {
            fixture.givenNoPriorActivity()
                    .when(application(program, 20_000_000, term, APPLIED_ON))
                    .expectEvents(
                            applied(program, 20_000_000, term, APPLIED_ON, situation.status, situation.newlyEscaped));
        } else {
            fixture.givenNoPriorActivity()
                    .when(application(program, 20_000_000, term, APPLIED_ON))
                    .expectNoEvents()
                    .expectException(failure(FailureKind.RULE_VIOLATION, "TERM_OUT_OF_RANGE"));
            verifyNoInteractions(registry);
        }
    }

    @Test
    void unknownProgrammeIsInvalid() {
        household(decided(POOR, "2022-12-15"));

        fixture.givenNoPriorActivity()
                .when(application("GOLDEN_HANDSHAKE", 20_000_000, 12, APPLIED_ON))
                .expectNoEvents()
                .expectException(invalidField("programCode"));
        verifyNoInteractions(registry);
    }

    @Test
    void applicationBeforeTheProgrammeOpenedIsARuleViolation() {
        household(decided(POOR, "1999-06-01"));

        fixture.givenNoPriorActivity()
                .when(application(POOR_HOUSEHOLD, 20_000_000, 12, date("1999-12-31")))
                .expectNoEvents()
                .expectException(failure(FailureKind.RULE_VIOLATION, "PROGRAM_NOT_OPEN"));
    }

    @Test
    void unknownHouseholdIsNotFound() {
        fixture.givenNoPriorActivity()
                .when(application(POOR_HOUSEHOLD, 20_000_000, 12, APPLIED_ON))
                .expectNoEvents()
                .expectException(failure(FailureKind.NOT_FOUND, "HOUSEHOLD_NOT_FOUND"));
        verifyNoInteractions(registry);
    }

    // --- one open loan per programme ---------------------------------------------------------------------------

    @Test
    void applicationTheRegistryRefusesWritesNothing() {
        household(decided(POOR, "2022-12-15"));
        doThrow(DomainException.rule("ONE_OPEN_LOAN_PER_PROGRAM", "already has an open loan"))
                .when(registry)
                .open(any(), any(), any());

        fixture.givenNoPriorActivity()
                .when(application(POOR_HOUSEHOLD, 20_000_000, 12, APPLIED_ON))
                .expectNoEvents()
                .expectException(failure(FailureKind.RULE_VIOLATION, "ONE_OPEN_LOAN_PER_PROGRAM"));
    }

    @Test
    void eligibleApplicationIsRegisteredAsAnOpenLoanOfItsProgramme() {
        household(decided(NEAR_POOR, "2022-12-15"));

        fixture.givenNoPriorActivity()
                .when(application(NEAR_POOR_HOUSEHOLD, 20_000_000, 12, APPLIED_ON))
                .expectSuccessfulHandlerExecution()
                .expectResultMessagePayload(new LoanAppliedResponse(LOAN, new BigDecimal("7.92")));
        verify(registry).open(LOAN, HOUSEHOLD, NEAR_POOR_HOUSEHOLD);
    }

    @Test
    void theseTestsKnowEveryProgrammeOfTheCatalogue() {
        assertThat(Set.copyOf(LoanProgramCatalogue.builtIn().codes())).isEqualTo(RATES.keySet());
    }

    // --- test data ---------------------------------------------------------------------------------------------

    private static LocalDate date(String iso) {
        return LocalDate.parse(iso);
    }

    private static ApplyForLoanCommand application(String program, long principal, int term, LocalDate appliedOn) {
        return new ApplyForLoanCommand(LOAN, HOUSEHOLD, program, principal, term, "buy two cows", appliedOn);
    }

    private static LoanAppliedEvent applied(
            String program,
            long principal,
            int term,
            LocalDate appliedOn,
            HouseholdStatus status,
            boolean newlyEscaped) {
        return new LoanAppliedEvent(
                LOAN,
                HOUSEHOLD,
                COMMUNE,
                program,
                principal,
                term,
                RATES.get(program),
                "buy two cows",
                appliedOn,
                status,
                newlyEscaped);
    }

    /** Stores the household: registered in {@link #COMMUNE}, then the given decisions. */
    @SafeVarargs
    private void household(List<Object>... decisions) {
        List<Object> payloads = new ArrayList<>();
        payloads.add(new HouseholdRegisteredEvent(
                HOUSEHOLD,
                COMMUNE,
                "Ấp 3",
                AreaType.RURAL,
                new HouseholdHead("Nguyễn Văn An", "087123456789", 1971),
                4,
                false,
                false,
                date("2015-03-01")));
        for (List<Object> decision : decisions) {
            payloads.addAll(decision);
        }
        List<DomainEventMessage<?>> messages = new ArrayList<>();
        for (Object payload : payloads) {
            messages.add(new GenericDomainEventMessage<>("Household", HOUSEHOLD.value(), messages.size(), payload));
        }
        householdEvents.publish(messages);
    }

    private static int assessments;

    /** An ad-hoc assessment proposing {@code status} and its recognition from {@code decidedOn}. */
    private static List<Object> decided(HouseholdStatus status, String decidedOn) {
        AssessmentId id = AssessmentId.of("assessment-" + (++assessments));
        LocalDate on = date(decidedOn).minusDays(10);
        AssessmentRecordedEvent recorded = switch (status) {
            case POOR ->
                new AssessmentRecordedEvent(
                        HOUSEHOLD,
                        id,
                        on.getYear() + 1,
                        ADHOC,
                        on,
                        "DECREE_07_2021",
                        1_400_000,
                        List.of("HEALTH_INSURANCE", "HOUSING_AREA", "SANITATION"),
                        3,
                        POOR);
            case NEAR_POOR ->
                new AssessmentRecordedEvent(
                        HOUSEHOLD,
                        id,
                        on.getYear() + 1,
                        ADHOC,
                        on,
                        "DECREE_07_2021",
                        1_450_000,
                        List.of("SANITATION"),
                        1,
                        NEAR_POOR);
            case NOT_POOR ->
                new AssessmentRecordedEvent(
                        HOUSEHOLD,
                        id,
                        on.getYear() + 1,
                        ADHOC,
                        on,
                        "DECREE_07_2021",
                        1_700_000,
                        List.of(),
                        0,
                        NOT_POOR);
            case UNCLASSIFIED -> throw new IllegalArgumentException("no assessment proposes UNCLASSIFIED");
        };
        return List.of(
                recorded,
                new AssessmentRecognizedEvent(HOUSEHOLD, id, "QĐ-" + id.value(), date(decidedOn), status, null));
    }

    private static Matcher<Throwable> failure(FailureKind kind, String code) {
        return Matchers.predicate(e -> e instanceof DomainException domain
                && domain.failure().kind() == kind
                && code.equals(domain.failure().code()));
    }

    private static Matcher<Throwable> invalidField(String field) {
        return Matchers.predicate(e -> e instanceof DomainException domain
                && domain.failure().kind() == FailureKind.VALIDATION
                && field.equals(domain.failure().field()));
    }
}
