package vn.poverty.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import vn.poverty.localrun.DemoPlan;

class ProvincePlanTest {

    private static final Set<String> POOR_POLICIES =
            Set.of("HEALTH_INSURANCE_FULL", "ELECTRICITY_SUPPORT", "TUITION_EXEMPTION", "PRODUCTION_SUPPORT");
    private static final Set<String> NEAR_POOR_POLICIES = Set.of("HEALTH_INSURANCE_PARTIAL", "VOCATIONAL_TRAINING");

    @Test
    void theSameSeedGivesTheSamePlan() {
        ProvincePlan a = new ProvincePlan(42, 2_500, 100);
        ProvincePlan b = new ProvincePlan(42, 2_500, 100);

        assertThat(a.communes()).isEqualTo(b.communes());
        // in an order that crosses blocks back and forth
        for (int i : new int[] {0, 1, 999, 1_000, 2_499, 3, 1_500, 0}) {
            assertThat(a.household(i)).isEqualTo(b.household(i));
        }
    }

    @Test
    void anotherSeedGivesAnotherPlan() {
        ProvincePlan a = new ProvincePlan(42, 100, 100);
        ProvincePlan b = new ProvincePlan(43, 100, 100);

        long same = IntStream.range(0, 100)
                .filter(i -> a.household(i).equals(b.household(i)))
                .count();
        assertThat(same).isZero();
    }

    @Test
    void aHouseholdDoesNotDependOnHowManyAreAskedFor() {
        ProvincePlan small = new ProvincePlan(7, 50, 100);
        ProvincePlan large = new ProvincePlan(7, 5_000, 100);

        for (int i = 0; i < 50; i++) {
            assertThat(small.household(i)).isEqualTo(large.household(i));
        }
    }

    @Test
    void communesAreNumberedAndOneInTenIsUrban() {
        ProvincePlan plan = new ProvincePlan(1, 10_000, 100);

        assertThat(plan.communes()).hasSize(100);
        assertThat(plan.communes().get(0).code()).isEqualTo("P001");
        assertThat(plan.communes().get(99).code()).isEqualTo("P100");
        assertThat(plan.communes().stream().filter(c -> c.areaType() == DemoPlan.AreaType.URBAN))
                .hasSize(10);
        int recorded = plan.communes().stream()
                .mapToInt(c -> c.counts().get(0).totalHouseholds())
                .sum();
        // the registered households are about 80% of the recorded totals
        assertThat(recorded).isBetween(12_000, 13_000);
        for (ProvincePlan.Commune commune : plan.communes()) {
            assertThat(commune.counts()).hasSize(6);
        }
    }

    @Test
    void householdsFollowTheRules() {
        ProvincePlan plan = new ProvincePlan(20_260_101L, 2_000, 100);
        Map<String, ProvincePlan.Commune> communes =
                plan.communes().stream().collect(Collectors.toMap(ProvincePlan.Commune::code, Function.identity()));
        Set<String> nationalIds = new HashSet<>();
        int requests = 0;
        int loans = 0;
        for (int i = 0; i < plan.householdCount(); i++) {
            ProvincePlan.Household household = plan.household(i);
            assertThat(household.index()).isEqualTo(i);
            assertThat(nationalIds.add(household.head().nationalId())).isTrue();
            assertThat(household.head().nationalId()).matches("\\d{12}").doesNotStartWith("099");
            ProvincePlan.Commune commune = communes.get(household.communeCode());
            assertThat(commune).isNotNull();
            assertThat(household.reviews()).hasSize(5);
            for (ProvincePlan.Review review : household.reviews()) {
                DemoPlan.ReviewPlan r = review.plan();
                // the command side classifies with the commune's area type: the planned status must follow
                assertThat(DemoPlan.classify(
                                r.standard(),
                                commune.areaType(),
                                r.incomePerCapita(),
                                r.deprivations().size()))
                        .isEqualTo(r.expectedStatus());
                Set<String> entitled = switch (r.expectedStatus()) {
                    case POOR -> POOR_POLICIES;
                    case NEAR_POOR -> NEAR_POOR_POLICIES;
                    case NOT_POOR -> Set.of();
                };
                assertThat(entitled).containsAll(review.grants());
            }
            if (household.loan().isPresent()) {
                loans++;
                ProvincePlan.Loan loan = household.loan().get();
                assertThat(loan.repayments().stream()
                                .mapToLong(ProvincePlan.Repayment::amount)
                                .sum())
                        .isLessThanOrEqualTo(loan.principal());
            }
            requests += household.requests();
        }
        // about a dozen requests (and events) a household; some loans
        assertThat(requests / (double) plan.householdCount()).isBetween(11.0, 20.0);
        assertThat(loans).isPositive();
    }

    @Test
    void nationalIdsStayUniquePastAMillion() {
        List<String> ids = List.of(
                ProvincePlan.nationalId(5, "087012000000"),
                ProvincePlan.nationalId(1_000_005, "087012000000"),
                ProvincePlan.nationalId(2_000_005, "087012000000"));
        assertThat(ids).containsExactly("087012000005", "088012000005", "089012000005");
    }
}
