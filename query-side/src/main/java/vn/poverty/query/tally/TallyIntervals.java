package vn.poverty.query.tally;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import vn.poverty.api.household.HouseholdStatus;
import vn.poverty.api.household.StatusHistory;
import vn.poverty.platform.policy.Policy;
import vn.poverty.platform.policy.PolicyCatalogue;
import vn.poverty.query.household.HouseholdGrant;

/**
 * The date intervals during which one household counts in each report figure, derived from the same point rules the
 * reports use ({@link StatusHistory#statusOn}, {@link PolicyCatalogue#entitled}, {@link HouseholdGrant#activeOn}).
 * Those rules only change value on a known set of dates (decision dates, the end of a newly-escaped window, a
 * policy's entitlement dates, a grant's first day, the day after its last, its end), so evaluating them on each such
 * date and keeping the runs gives intervals that agree with them on every day (TallyIntervalsTest checks this day
 * by day).
 */
public final class TallyIntervals {

    public static final String STATUS = "STATUS";
    public static final String ENTITLED = "ENTITLED";
    public static final String COVERED = "COVERED";
    /** The item of merit households (người có công) that are poor. */
    public static final String MERIT_POOR = "MERIT_POOR";

    /** One figure a household counts in: metric STATUS (item: a status or MERIT_POOR), ENTITLED or COVERED (item: a policy). */
    public record Figure(String metric, String item) {}

    /** The household counts in {@code figure} from {@code from} until the day before {@code to} (null: open). */
    public record Interval(Figure figure, LocalDate from, LocalDate to) {}

    private TallyIntervals() {}

    public static List<Interval> of(
            StatusHistory history, List<HouseholdGrant> grants, boolean merit, List<Policy> universal) {
        TreeSet<LocalDate> changes = new TreeSet<>();
        for (StatusHistory.Decision decision : history.decisions()) {
            LocalDate from = decision.effectiveFrom();
            changes.add(from);
            LocalDate windowEnd = from.plusMonths(StatusHistory.NEWLY_ESCAPED_MONTHS);
            for (int d = -2; d <= 2; d++) {
                changes.add(windowEnd.plusDays(d));
            }
        }
        if (changes.isEmpty()) {
            return List.of(); // UNCLASSIFIED on every day: no figure
        }
        LocalDate first = changes.first();
        universal.forEach(policy -> policy.entitlements().forEach(e -> changes.add(e.from())));
        for (HouseholdGrant grant : grants) {
            changes.add(grant.validFrom());
            if (grant.validTo() != null) {
                changes.add(grant.validTo().plusDays(1));
            }
            if (grant.inactiveFrom() != null) {
                changes.add(grant.inactiveFrom());
            }
        }
        List<Interval> intervals = new ArrayList<>();
        Map<Figure, LocalDate> open = new HashMap<>();
        for (LocalDate day : changes.tailSet(first, true)) {
            Set<Figure> now = figuresOn(day, history, grants, merit, universal);
            for (var entry : List.copyOf(open.entrySet())) {
                if (!now.contains(entry.getKey())) {
                    intervals.add(new Interval(entry.getKey(), entry.getValue(), day));
                    open.remove(entry.getKey());
                }
            }
            now.forEach(figure -> open.putIfAbsent(figure, day));
        }
        open.forEach((figure, from) -> intervals.add(new Interval(figure, from, null)));
        intervals.sort(java.util.Comparator.comparing((Interval i) -> i.figure().metric())
                .thenComparing(i -> i.figure().item())
                .thenComparing(Interval::from));
        return intervals;
    }

    /** The figures the household counts in on {@code day}, by the point rules. */
    static Set<Figure> figuresOn(
            LocalDate day, StatusHistory history, List<HouseholdGrant> grants, boolean merit, List<Policy> universal) {
        Set<Figure> figures = new LinkedHashSet<>();
        HouseholdStatus status = history.statusOn(day);
        if (status != HouseholdStatus.UNCLASSIFIED) {
            figures.add(new Figure(STATUS, status.name()));
        }
        if (status == HouseholdStatus.POOR && merit) {
            figures.add(new Figure(STATUS, MERIT_POOR));
        }
        for (Policy policy : universal) {
            if (PolicyCatalogue.entitled(policy, history, day)) {
                figures.add(new Figure(ENTITLED, policy.policyCode()));
                if (grants.stream().anyMatch(g -> g.policyCode().equals(policy.policyCode()) && g.activeOn(day))) {
                    figures.add(new Figure(COVERED, policy.policyCode()));
                }
            }
        }
        return figures;
    }
}
