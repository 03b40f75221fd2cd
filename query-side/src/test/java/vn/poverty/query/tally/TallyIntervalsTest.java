package vn.poverty.query.tally;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import vn.poverty.api.household.HouseholdStatus;
import vn.poverty.api.household.StatusHistory;
import vn.poverty.platform.policy.Policy;
import vn.poverty.platform.policy.PolicyCatalogue;
import vn.poverty.query.household.HouseholdGrant;
import vn.poverty.query.tally.TallyIntervals.Figure;
import vn.poverty.query.tally.TallyIntervals.Interval;

class TallyIntervalsTest {

    private static final LocalDate FIRST = LocalDate.of(2019, 1, 1);
    private static final LocalDate LAST = LocalDate.of(2031, 12, 31);

    /** The built-in universal policies and one whose entitled statuses change on a date, NEWLY_ESCAPED included. */
    private static final List<Policy> POLICIES = policies();

    private static List<Policy> policies() {
        List<Policy> policies = new ArrayList<>(PolicyCatalogue.builtIn().universal());
        policies.add(new Policy(
                "CHANGING",
                Policy.Kind.UNIVERSAL,
                List.of(
                        new Policy.Entitlement(LocalDate.of(2020, 1, 1), Set.of("POOR")),
                        new Policy.Entitlement(LocalDate.of(2023, 7, 1), Set.of("POOR", "NEAR_POOR", "NEWLY_ESCAPED")),
                        new Policy.Entitlement(LocalDate.of(2027, 3, 15), Set.of("NEWLY_ESCAPED")))));
        return policies;
    }

    @Test
    void aHouseholdWithoutDecisionsCountsNowhere() {
        assertThat(TallyIntervals.of(StatusHistory.of(List.of()), List.of(), true, POLICIES))
                .isEmpty();
    }

    @Test
    void poorThenEscapedIsNewlyEscapedForThirtySixMonths() {
        StatusHistory history = StatusHistory.of(List.of(
                fact("a1", LocalDate.of(2021, 12, 15), 1, 1, HouseholdStatus.POOR),
                fact("a2", LocalDate.of(2022, 12, 15), 3, 3, HouseholdStatus.NOT_POOR)));
        List<Interval> intervals = TallyIntervals.of(history, List.of(), true, POLICIES);
        assertThat(intervals)
                .contains(
                        new Interval(
                                new Figure("STATUS", "POOR"), LocalDate.of(2021, 12, 15), LocalDate.of(2022, 12, 15)),
                        new Interval(
                                new Figure("STATUS", "MERIT_POOR"),
                                LocalDate.of(2021, 12, 15),
                                LocalDate.of(2022, 12, 15)),
                        new Interval(new Figure("STATUS", "NOT_POOR"), LocalDate.of(2022, 12, 15), null),
                        // entitled as newly escaped from the policy's 2023-07-01 version until 36 months after escaping
                        new Interval(
                                new Figure("ENTITLED", "CHANGING"),
                                LocalDate.of(2023, 7, 1),
                                LocalDate.of(2025, 12, 15)));
    }

    /** Random histories and grants: the intervals agree with the point rules on every day of 2019–2031. */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20})
    void intervalsAgreeWithThePointRulesOnEveryDay(long seed) {
        Random random = new Random(seed);
        for (int household = 0; household < 10; household++) {
            List<StatusHistory.Fact> facts = new ArrayList<>();
            int decisions = random.nextInt(6);
            long sequence = 0;
            for (int d = 0; d < decisions; d++) {
                LocalDate date = FIRST.plusDays(random.nextInt(3000));
                if (random.nextInt(5) == 0 && !facts.isEmpty()) {
                    date = facts.get(random.nextInt(facts.size())).effectiveFrom(); // same-day decisions
                }
                long recognition = ++sequence;
                facts.add(fact("a" + d, date, recognition, recognition, randomStatus(random)));
                if (random.nextInt(3) == 0) {
                    facts.add(fact("a" + d, date, recognition, ++sequence, randomStatus(random))); // a correction
                }
            }
            List<HouseholdGrant> grants = new ArrayList<>();
            int grantCount = random.nextInt(4);
            for (int g = 0; g < grantCount; g++) {
                Policy policy = POLICIES.get(random.nextInt(POLICIES.size()));
                LocalDate from = FIRST.plusDays(random.nextInt(3500));
                LocalDate to = from.plusDays(random.nextInt(1200));
                LocalDate inactive = random.nextBoolean() ? null : from.plusDays(random.nextInt(1500));
                grants.add(new HouseholdGrant("g" + g, "h", policy.policyCode(), from, to, inactive));
            }
            boolean merit = random.nextBoolean();
            StatusHistory history = StatusHistory.of(facts);
            List<Interval> intervals = TallyIntervals.of(history, grants, merit, POLICIES);
            for (LocalDate day = FIRST; !day.isAfter(LAST); day = day.plusDays(1)) {
                Set<Figure> expected = TallyIntervals.figuresOn(day, history, grants, merit, POLICIES);
                Set<Figure> actual = new HashSet<>();
                for (Interval interval : intervals) {
                    if (!day.isBefore(interval.from()) && (interval.to() == null || day.isBefore(interval.to()))) {
                        assertThat(actual.add(interval.figure()))
                                .as("overlapping intervals of %s on %s", interval.figure(), day)
                                .isTrue();
                    }
                }
                assertThat(actual)
                        .as("seed %d household %d on %s", seed, household, day)
                        .isEqualTo(expected);
            }
        }
    }

    private static HouseholdStatus randomStatus(Random random) {
        HouseholdStatus[] statuses = {HouseholdStatus.POOR, HouseholdStatus.NEAR_POOR, HouseholdStatus.NOT_POOR};
        return statuses[random.nextInt(statuses.length)];
    }

    private static StatusHistory.Fact fact(
            String assessment, LocalDate date, long recognition, long sequence, HouseholdStatus status) {
        return new StatusHistory.Fact(assessment, date, recognition, sequence, status);
    }
}
