package vn.poverty.command.household;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.poverty.api.household.HouseholdStatus.NEAR_POOR;
import static vn.poverty.api.household.HouseholdStatus.NOT_POOR;
import static vn.poverty.api.household.HouseholdStatus.POOR;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import vn.poverty.api.household.HouseholdStatus;
import vn.poverty.api.household.StatusHistory;
import vn.poverty.platform.policy.Policy;
import vn.poverty.platform.policy.PolicyCatalogue;

/**
 * The entitlement table of DESIGN.md §3 "Policies", row by row against the built-in catalogue: every policy for every
 * kind of household, NEWLY_ESCAPED just inside and just outside its 36 months; and a catalogue read from data whose
 * entitlements change from a date.
 */
class EntitlementTest {

    /** The day on which entitlement is judged (a grant's start date). */
    private static final LocalDate ON = LocalDate.of(2025, 6, 15);

    /** DESIGN.md §3 "Policies", copied by hand: policy code → the statuses that entitle on the grant's start date. */
    private static final Map<String, Set<String>> DESIGN_TABLE = new LinkedHashMap<>();

    static {
        DESIGN_TABLE.put("HEALTH_INSURANCE_FULL", Set.of("POOR"));
        DESIGN_TABLE.put("HEALTH_INSURANCE_PARTIAL", Set.of("NEAR_POOR"));
        DESIGN_TABLE.put("ELECTRICITY_SUPPORT", Set.of("POOR"));
        DESIGN_TABLE.put("TUITION_EXEMPTION", Set.of("POOR"));
        DESIGN_TABLE.put("TUITION_REDUCTION", Set.of("NEAR_POOR"));
        DESIGN_TABLE.put("LEARNING_COST_SUPPORT", Set.of("POOR"));
        DESIGN_TABLE.put("LEGAL_AID", Set.of("POOR", "NEAR_POOR"));
        DESIGN_TABLE.put("HOUSING_SUPPORT", Set.of("POOR"));
        DESIGN_TABLE.put("VOCATIONAL_TRAINING", Set.of("POOR", "NEAR_POOR", "NEWLY_ESCAPED"));
        DESIGN_TABLE.put("PRODUCTION_SUPPORT", Set.of("POOR", "NEAR_POOR", "NEWLY_ESCAPED"));
    }

    /**
     * Kinds of household on {@link #ON}, each as the recognitions that make it so, and the row of the design table
     * it falls under ({@code null}: no status of the table).
     */
    enum Situation {
        UNCLASSIFIED(null),
        POOR_HOUSEHOLD("POOR", decision("2022-12-15", POOR)),
        NEAR_POOR_HOUSEHOLD("NEAR_POOR", decision("2022-12-15", NEAR_POOR)),
        NEVER_POOR("NOT_POOR", decision("2022-12-15", NOT_POOR)),
        ESCAPED_35_MONTHS_BEFORE("NEWLY_ESCAPED", decision("2019-12-15", POOR), decision("2022-07-15", NOT_POOR)),
        ESCAPED_FROM_NEAR_POOR_35_MONTHS_BEFORE(
                "NEWLY_ESCAPED", decision("2019-12-15", NEAR_POOR), decision("2022-07-15", NOT_POOR)),
        ESCAPED_36_MONTHS_MINUS_A_DAY_BEFORE(
                "NEWLY_ESCAPED", decision("2019-12-15", POOR), decision("2022-06-16", NOT_POOR)),
        ESCAPED_EXACTLY_36_MONTHS_BEFORE("NOT_POOR", decision("2019-12-15", POOR), decision("2022-06-15", NOT_POOR)),
        ESCAPED_ON_THE_DAY("NEWLY_ESCAPED", decision("2019-12-15", POOR), decision("2025-06-15", NOT_POOR)),
        /** A later review confirming NOT_POOR does not restart or stop the 36 months: the escape counts. */
        ESCAPED_35_MONTHS_BEFORE_AND_CONFIRMED_NOT_POOR_SINCE(
                "NEWLY_ESCAPED",
                decision("2019-12-15", POOR),
                decision("2022-07-15", NOT_POOR),
                decision("2024-12-15", NOT_POOR)),
        /** Still POOR on the day: an escape decided after it does not count yet. */
        ESCAPING_THE_DAY_AFTER("POOR", decision("2019-12-15", POOR), decision("2025-06-16", NOT_POOR)),
        /** Escaped within the 36 months but poor again since: POOR, not newly escaped. */
        ESCAPED_THEN_POOR_AGAIN(
                "POOR", decision("2019-12-15", POOR), decision("2022-12-15", NOT_POOR), decision("2024-12-15", POOR));

        final String designRow;
        final List<Decision> decisions;

        Situation(String designRow, Decision... decisions) {
            this.designRow = designRow;
            this.decisions = Arrays.asList(decisions);
        }

        StatusHistory history() {
            return EntitlementTest.history(decisions.toArray(Decision[]::new));
        }
    }

    record Decision(LocalDate date, HouseholdStatus status) {}

    private static Decision decision(String date, HouseholdStatus status) {
        return new Decision(LocalDate.parse(date), status);
    }

    static Stream<Arguments> everyPolicyForEveryHousehold() {
        return DESIGN_TABLE.entrySet().stream()
                .flatMap(row -> Arrays.stream(Situation.values())
                        .map(household -> Arguments.of(
                                row.getKey(),
                                household,
                                household.designRow != null && row.getValue().contains(household.designRow))));
    }

    @ParameterizedTest(name = "{0} for {1}: {2}")
    @MethodSource("everyPolicyForEveryHousehold")
    void builtInCatalogueEntitlesAsTheDesignTable(String policyCode, Situation household, boolean entitled) {
        Policy policy = PolicyCatalogue.builtIn().policy(policyCode).orElseThrow();

        assertThat(PolicyCatalogue.entitled(policy, household.history(), ON)).isEqualTo(entitled);
    }

    @Test
    void householdsOfTheTableAreWhatTheirNamesSay() {
        assertThat(Situation.ESCAPED_35_MONTHS_BEFORE.history().newlyEscapedOn(ON))
                .isTrue();
        assertThat(Situation.ESCAPED_36_MONTHS_MINUS_A_DAY_BEFORE.history().newlyEscapedOn(ON))
                .isTrue();
        assertThat(Situation.ESCAPED_EXACTLY_36_MONTHS_BEFORE.history().newlyEscapedOn(ON))
                .isFalse();
        assertThat(Situation.ESCAPED_EXACTLY_36_MONTHS_BEFORE.history().statusOn(ON))
                .isEqualTo(NOT_POOR);
        assertThat(Situation.UNCLASSIFIED.history().statusOn(ON)).isEqualTo(HouseholdStatus.UNCLASSIFIED);
        assertThat(ON.minusMonths(StatusHistory.NEWLY_ESCAPED_MONTHS)).isEqualTo(LocalDate.of(2022, 6, 15));
    }

    @Test
    void builtInCatalogueHasTheTenPoliciesOfTheDesignWithTheirKinds() {
        PolicyCatalogue catalogue = PolicyCatalogue.builtIn();

        assertThat(catalogue.codes()).containsExactlyInAnyOrderElementsOf(DESIGN_TABLE.keySet());
        assertThat(catalogue.universal())
                .extracting(Policy::policyCode)
                .containsExactlyInAnyOrder("HEALTH_INSURANCE_FULL", "HEALTH_INSURANCE_PARTIAL", "ELECTRICITY_SUPPORT");
        DESIGN_TABLE.forEach((code, statuses) -> assertThat(
                        catalogue.policy(code).orElseThrow().entitledStatusesOn(ON))
                .as(code)
                .isEqualTo(statuses));
    }

    // --- the catalogue as data ----------------------------------------------------------------------------------

    /** LEGAL_AID drops NEAR_POOR from 2024 and HOUSING_SUPPORT adds NEWLY_ESCAPED (later entry written first). */
    private static final String CHANGING_CATALOGUE = """
            [
              { "policyCode": "LEGAL_AID", "kind": "NEED_BASED", "entitlements": [
                  { "from": "2024-01-01", "statuses": ["POOR"] },
                  { "from": "2010-01-01", "statuses": ["POOR", "NEAR_POOR"] } ] },
              { "policyCode": "HOUSING_SUPPORT", "kind": "NEED_BASED", "entitlements": [
                  { "from": "2010-01-01", "statuses": ["POOR"] },
                  { "from": "2024-07-01", "statuses": ["POOR", "NEWLY_ESCAPED"] } ] }
            ]
            """;

    @Test
    void policyLosesAStatusFromTheDateTheCatalogueSays() throws IOException {
        Policy legalAid = read(CHANGING_CATALOGUE).policy("LEGAL_AID").orElseThrow();
        StatusHistory nearPoor = Situation.NEAR_POOR_HOUSEHOLD.history();
        StatusHistory poor = Situation.POOR_HOUSEHOLD.history();

        assertThat(PolicyCatalogue.entitled(legalAid, nearPoor, LocalDate.of(2023, 12, 31)))
                .isTrue();
        assertThat(PolicyCatalogue.entitled(legalAid, nearPoor, LocalDate.of(2024, 1, 1)))
                .isFalse();
        assertThat(PolicyCatalogue.entitled(legalAid, poor, LocalDate.of(2023, 12, 31)))
                .isTrue();
        assertThat(PolicyCatalogue.entitled(legalAid, poor, LocalDate.of(2024, 1, 1)))
                .isTrue();
    }

    @Test
    void policyGainsNewlyEscapedFromTheDateTheCatalogueSays() throws IOException {
        Policy housing = read(CHANGING_CATALOGUE).policy("HOUSING_SUPPORT").orElseThrow();
        StatusHistory escaped = history(decision("2023-01-15", POOR), decision("2024-01-15", NOT_POOR));

        assertThat(PolicyCatalogue.entitled(housing, escaped, LocalDate.of(2024, 6, 30)))
                .isFalse();
        assertThat(PolicyCatalogue.entitled(housing, escaped, LocalDate.of(2024, 7, 1)))
                .isTrue();
    }

    @Test
    void nobodyIsEntitledBeforeAPolicysFirstEntitlement() throws IOException {
        Policy legalAid = read(CHANGING_CATALOGUE).policy("LEGAL_AID").orElseThrow();
        StatusHistory poorSince2005 = history(decision("2005-01-01", POOR));

        assertThat(PolicyCatalogue.entitled(legalAid, poorSince2005, LocalDate.of(2009, 12, 31)))
                .isFalse();
        assertThat(PolicyCatalogue.entitled(legalAid, poorSince2005, LocalDate.of(2010, 1, 1)))
                .isTrue();
    }

    @Test
    void catalogueReadFromDataKnowsOnlyItsPolicies() throws IOException {
        PolicyCatalogue catalogue = read(CHANGING_CATALOGUE);

        assertThat(catalogue.codes()).containsExactly("LEGAL_AID", "HOUSING_SUPPORT");
        assertThat(catalogue.policy("HEALTH_INSURANCE_FULL")).isEmpty();
        assertThat(catalogue.universal()).isEmpty();
    }

    private static PolicyCatalogue read(String json) throws IOException {
        return PolicyCatalogue.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }

    private static StatusHistory history(Decision... decisions) {
        List<StatusHistory.Fact> facts = new ArrayList<>();
        for (int i = 0; i < decisions.length; i++) {
            facts.add(new StatusHistory.Fact("assessment-" + i, decisions[i].date(), i, i, decisions[i].status()));
        }
        return StatusHistory.of(facts);
    }
}
