package vn.poverty.localrun;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.Month;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import vn.poverty.localrun.DemoPlan.AreaType;
import vn.poverty.localrun.DemoPlan.CommunePlan;
import vn.poverty.localrun.DemoPlan.HouseholdCount;
import vn.poverty.localrun.DemoPlan.HouseholdPlan;
import vn.poverty.localrun.DemoPlan.ReviewPlan;
import vn.poverty.localrun.DemoPlan.Status;

class DemoPlanTest {

    private static final DemoPlan DEFAULT = DemoData.plan(DemoPlan.DEFAULT_SEED, DemoPlan.DEFAULT_HOUSEHOLDS);

    @Test
    void theSameSeedGivesTheSamePlan() {
        DemoPlan again = DemoData.plan(DemoPlan.DEFAULT_SEED, DemoPlan.DEFAULT_HOUSEHOLDS);

        assertThat(again).isEqualTo(DEFAULT);
        assertThat(again.toString()).isEqualTo(DEFAULT.toString());
    }

    @Test
    void anotherSeedGivesOtherHouseholds() {
        DemoPlan other = DemoData.plan(DemoPlan.DEFAULT_SEED + 1, DemoPlan.DEFAULT_HOUSEHOLDS);

        assertThat(other.households()).isNotEqualTo(DEFAULT.households());
        assertThat(other.communes())
                .extracting(CommunePlan::code)
                .isEqualTo(DEFAULT.communes().stream().map(CommunePlan::code).toList());
    }

    @Test
    void aSmallerPlanIsAPrefixOfALargerOne() {
        // so that a re-run with more households replays the first ones unchanged (same bodies, same keys)
        DemoPlan small = DemoData.plan(DemoPlan.DEFAULT_SEED, 100);

        assertThat(small.communes()).isEqualTo(DEFAULT.communes());
        assertThat(small.households()).isEqualTo(DEFAULT.households().subList(0, 100));
    }

    @Test
    void theDistrictPoorCountFallsEveryYear() {
        List<Integer> poor = poorPerPeriod(DEFAULT);

        assertThat(poor).hasSize(5);
        assertThat(poor.get(0)).isBetween(80, 160); // about three in ten start poor
        assertStrictlyFalling(poor);
    }

    @Test
    void thePoorCountFallsForOtherSeedsAndSizesToo() {
        for (long seed = 1; seed <= 25; seed++) {
            assertStrictlyFalling(poorPerPeriod(DemoData.plan(seed, DemoPlan.DEFAULT_HOUSEHOLDS)));
        }
        for (int households = DemoPlan.MIN_HOUSEHOLDS_FOR_FALLING_POOR_COUNT; households <= 120; households++) {
            assertStrictlyFalling(poorPerPeriod(DemoData.plan(DemoPlan.DEFAULT_SEED, households)));
        }
    }

    @Test
    void nobodyBecomesPoorAndIncomesNeverFall() {
        for (HouseholdPlan household : DEFAULT.households()) {
            List<ReviewPlan> reviews = household.reviews();
            for (int i = 1; i < reviews.size(); i++) {
                if (reviews.get(i).expectedStatus() == Status.POOR) {
                    assertThat(reviews.get(i - 1).expectedStatus())
                            .as(household.toString())
                            .isEqualTo(Status.POOR);
                }
                assertThat(reviews.get(i).incomePerCapita())
                        .as(household.toString())
                        .isGreaterThanOrEqualTo(reviews.get(i - 1).incomePerCapita());
            }
        }
    }

    @Test
    void theExpectedStatusesFollowTheStandardsOfTheDesign() {
        for (HouseholdPlan household : DEFAULT.households()) {
            for (ReviewPlan review : household.reviews()) {
                assertThat(review.expectedStatus())
                        .as(review.toString())
                        .isEqualTo(classifyAsInDesign(
                                review.period(),
                                household.areaType(),
                                review.incomePerCapita(),
                                review.deprivations().size()));
            }
        }
        Map<Integer, Map<Status, Integer>> counts = DEFAULT.expectedStatusCounts();
        assertThat(counts.get(2021).get(Status.NEAR_POOR)).isPositive();
        assertThat(counts.get(2025).get(Status.NOT_POOR))
                .isGreaterThan(counts.get(2021).get(Status.NOT_POOR));
    }

    @Test
    void reviewsAreHeldInNovemberAndRecognisedInMidDecemberOfThePreviousYear() {
        for (HouseholdPlan household : DEFAULT.households()) {
            assertThat(household.reviews())
                    .extracting(ReviewPlan::period)
                    .containsExactly(2021, 2022, 2023, 2024, 2025);
            for (ReviewPlan review : household.reviews()) {
                int year = review.period() - 1;
                assertThat(review.standard())
                        .isEqualTo(review.period() == 2021 ? "DECISION_59_2015" : "DECREE_07_2021");
                assertThat(review.assessedOn().getYear()).isEqualTo(year);
                assertThat(review.assessedOn().getMonth()).isEqualTo(Month.NOVEMBER);
                assertThat(review.decidedOn()).isBetween(LocalDate.of(year, 12, 10), LocalDate.of(year, 12, 20));
                assertThat(review.decisionRef()).matches("\\d{3}/QĐ-UBND");
                assertThat(review.deprivations())
                        .doesNotHaveDuplicates()
                        .allSatisfy(d -> assertThat(DemoPlan.indicatorsOf(review.standard()))
                                .contains(d));
            }
            assertThat(household.registeredOn().getYear()).isEqualTo(2020);
            assertThat(household.registeredOn())
                    .isBefore(household.reviews().get(0).assessedOn());
        }
    }

    @Test
    void oneCommuneDecidesOnOneDateWithOneDecisionAYear() {
        Map<String, Set<String>> decisions = DEFAULT.households().stream()
                .flatMap(h -> h.reviews().stream()
                        .map(r -> Map.entry(h.communeCode() + "/" + r.period(), r.decisionRef() + " " + r.decidedOn())))
                .collect(Collectors.groupingBy(
                        Map.Entry::getKey, Collectors.mapping(Map.Entry::getValue, Collectors.toSet())));

        assertThat(decisions.values()).allSatisfy(refs -> assertThat(refs).hasSize(1));
    }

    @Test
    void theCommunesAreThoseOfCaoLanhDistrictWithGrowingTotals() {
        assertThat(DEFAULT.communes()).hasSize(18);
        assertThat(DEFAULT.communes())
                .extracting(CommunePlan::code)
                .doesNotHaveDuplicates()
                .first()
                .isEqualTo("CL01");
        assertThat(DEFAULT.communes())
                .filteredOn(c -> c.areaType() == AreaType.URBAN)
                .extracting(CommunePlan::name)
                .containsExactly("Thị trấn Mỹ Thọ");
        assertThat(DEFAULT.communes())
                .extracting(CommunePlan::name)
                .contains(
                        "Xã Ba Sao", "Xã Bình Hàng Tây", "Xã Gáo Giồng", "Xã Mỹ Thọ", "Xã Tân Hội Trung", "Xã An Bình");
        for (CommunePlan commune : DEFAULT.communes()) {
            List<HouseholdCount> counts = commune.counts();
            assertThat(counts)
                    .extracting(HouseholdCount::asOf)
                    .containsExactly(
                            LocalDate.of(2020, 12, 31),
                            LocalDate.of(2021, 12, 31),
                            LocalDate.of(2022, 12, 31),
                            LocalDate.of(2023, 12, 31),
                            LocalDate.of(2024, 12, 31),
                            LocalDate.of(2025, 12, 31));
            assertThat(counts.get(0).totalHouseholds()).isBetween(5, 200);
            for (int i = 1; i < counts.size(); i++) {
                assertThat(counts.get(i).totalHouseholds())
                        .isGreaterThan(counts.get(i - 1).totalHouseholds());
            }
        }
    }

    @Test
    void householdsHaveUniqueNationalIdsAndPlausibleDetails() {
        Set<String> ids = new HashSet<>();
        for (HouseholdPlan household : DEFAULT.households()) {
            assertThat(household.head().nationalId()).matches("087[0-3]\\d{8}");
            assertThat(ids.add(household.head().nationalId()))
                    .as("unique national ID")
                    .isTrue();
            assertThat(household.head().fullName()).matches("\\p{L}+ \\p{L}+ \\p{L}+");
            assertThat(household.memberCount()).isBetween(1, 9);
            assertThat(household.hamlet()).matches(household.areaType() == AreaType.URBAN ? "Khóm [1-4]" : "Ấp [1-5]");
        }
        assertThat(DEFAULT.households())
                .filteredOn(HouseholdPlan::meritHousehold)
                .hasSizeBetween(10, 60);
        assertThat(DEFAULT.households())
                .filteredOn(HouseholdPlan::ethnicMinority)
                .hasSizeBetween(5, 50);
        assertThat(DEFAULT.households())
                .extracting(HouseholdPlan::communeCode)
                .hasSizeGreaterThan(0)
                .containsAll(DEFAULT.communes().stream().map(CommunePlan::code).toList());
    }

    @Test
    void noMeritHouseholdIsPoorAfterThe2021List() {
        for (HouseholdPlan household : DEFAULT.households()) {
            if (household.meritHousehold()) {
                assertThat(household.reviews())
                        .filteredOn(r -> r.period() >= 2022)
                        .extracting(ReviewPlan::expectedStatus)
                        .doesNotContain(Status.POOR);
            }
        }
    }

    @Test
    void idempotencyKeysAreDeterministicAndNameTheSeedAndTheStep() {
        assertThat(DemoData.key(DEFAULT, "hh-17", "assess", "2023")).isEqualTo("demo-20201215-hh-17-assess-2023");
        assertThat(DemoData.key(DemoData.plan(7, 1), "commune", "CL01")).isEqualTo("demo-7-commune-CL01");
    }

    @Test
    void theRequestCountCoversEveryStep() {
        // 18 communes x (1 creation + 6 totals) + 400 households x (1 registration + 5 x (review + decision))
        // + the grants after each decision
        int grants = DEFAULT.households().stream()
                .mapToInt(h -> h.reviews().stream()
                        .mapToInt(r -> DemoPlan.grantsFor(DEFAULT.seed(), h.index(), r.period(), r.expectedStatus())
                                .size())
                        .sum())
                .sum();
        assertThat(grants).isBetween(800, 1_500);
        int loanRequests = DEFAULT.households().stream()
                .mapToInt(h -> DemoPlan.loanFor(DEFAULT.seed(), h.index(), h.reviews())
                        .map(l -> 3 + l.repayments().size())
                        .orElse(0))
                .sum();
        assertThat(DEFAULT.requestCount()).isEqualTo(18 * 7 + 400 * 11 + grants + loanRequests);
    }

    @Test
    void someHouseholdsBorrowAndSomeLoansFallOverdue() {
        var loans = DEFAULT.households().stream()
                .map(h -> DemoPlan.loanFor(DEFAULT.seed(), h.index(), h.reviews()))
                .flatMap(java.util.Optional::stream)
                .toList();
        assertThat(loans).hasSizeBetween(20, 80);
        assertThat(loans).allSatisfy(l -> {
            assertThat(l.principal()).isBetween(20_000_000L, 60_000_000L);
            assertThat(l.approvedOn()).isAfter(l.appliedOn());
            assertThat(l.disbursedOn()).isAfter(l.approvedOn());
            assertThat(l.repayments().stream()
                            .mapToLong(DemoPlan.Repayment::amount)
                            .sum())
                    .isLessThanOrEqualTo(l.principal());
        });
        // some borrowers stop repaying: fewer repayments than instalments due by the end of the demo
        assertThat(loans).anySatisfy(l -> assertThat(l.repayments()).hasSizeLessThan(3));
    }

    @Test
    void mostPoorHouseholdsGetTheirUniversalPoliciesButNotAll() {
        long poorReviews = DEFAULT.households().stream()
                .flatMap(h -> h.reviews().stream()
                        .filter(r -> r.expectedStatus() == DemoPlan.Status.POOR)
                        .map(r -> DemoPlan.grantsFor(DEFAULT.seed(), h.index(), r.period(), r.expectedStatus())))
                .count();
        long insured = DEFAULT.households().stream()
                .flatMap(h -> h.reviews().stream()
                        .filter(r -> r.expectedStatus() == DemoPlan.Status.POOR)
                        .filter(r -> DemoPlan.grantsFor(DEFAULT.seed(), h.index(), r.period(), r.expectedStatus())
                                .contains("HEALTH_INSURANCE_FULL")))
                .count();
        assertThat(insured).isGreaterThan(poorReviews * 8 / 10).isLessThan(poorReviews);
    }

    // ------------------------------------------------------------------------------------------------------------

    private static List<Integer> poorPerPeriod(DemoPlan plan) {
        return plan.expectedStatusCounts().values().stream()
                .map(row -> row.get(Status.POOR))
                .toList();
    }

    private static void assertStrictlyFalling(List<Integer> values) {
        for (int i = 1; i < values.size(); i++) {
            assertThat(values.get(i)).as("poor count per period " + values).isLessThan(values.get(i - 1));
        }
    }

    /** DESIGN.md's rules, written out again independently of the generator. */
    private static Status classifyAsInDesign(int period, AreaType area, long income, int deprivations) {
        boolean urban = area == AreaType.URBAN;
        if (period <= 2021) {
            if (income <= (urban ? 900_000 : 700_000)) {
                return Status.POOR;
            }
            if (income <= (urban ? 1_300_000 : 1_000_000)) {
                return deprivations >= 3 ? Status.POOR : Status.NEAR_POOR;
            }
            return Status.NOT_POOR;
        }
        if (income <= (urban ? 2_000_000 : 1_500_000)) {
            return deprivations >= 3 ? Status.POOR : Status.NEAR_POOR;
        }
        return Status.NOT_POOR;
    }
}
