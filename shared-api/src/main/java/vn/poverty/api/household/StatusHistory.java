package vn.poverty.api.household;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A household's official statuses over time, built from its recognitions and corrections as known at some instant.
 * Pure, and shared by both sides (the command side decides entitlements with it, the query side answers reads with
 * it): the rules of DESIGN.md §3 "Review and recognition" in one place.
 * <ul>
 *   <li>The status on D is that of the latest decision dated on or before D (a later-recorded decision of the same
 *       date wins); a correction replaces its decision's status from the original decision date.</li>
 *   <li>NEWLY_ESCAPED on D: NOT_POOR on D, and a decision dated within the 36 months before D (after D minus 36
 *       months, up to D) moved the household from POOR or NEAR_POOR to NOT_POOR.</li>
 * </ul>
 */
public final class StatusHistory {

    /** Months for which a household that escaped poverty counts as newly escaped. */
    public static final int NEWLY_ESCAPED_MONTHS = 36;

    /** One recognition or correction row. */
    public record Fact(
            String assessmentId,
            LocalDate effectiveFrom,
            long recognitionSequence,
            long sequenceNumber,
            HouseholdStatus status) {}

    /**
     * A decision in force from {@code effectiveFrom}, with its current (possibly corrected) status; of several
     * decisions of one date only the last recorded is kept.
     */
    public record Decision(
            String assessmentId, LocalDate effectiveFrom, long recognitionSequence, HouseholdStatus status) {}

    private final List<Decision> decisions;

    private StatusHistory(List<Decision> decisions) {
        this.decisions = decisions;
    }

    public static StatusHistory of(List<Fact> facts) {
        Map<String, Fact> latestByAssessment = new LinkedHashMap<>();
        for (Fact fact : facts) {
            latestByAssessment.merge(
                    fact.assessmentId(), fact, (a, b) -> a.sequenceNumber() >= b.sequenceNumber() ? a : b);
        }
        List<Decision> decisions = new ArrayList<>();
        latestByAssessment
                .values()
                .forEach(f -> decisions.add(
                        new Decision(f.assessmentId(), f.effectiveFrom(), f.recognitionSequence(), f.status())));
        decisions.sort(Comparator.comparing(Decision::effectiveFrom).thenComparingLong(Decision::recognitionSequence));
        // a decision overruled by a later one of the same date was never in force on any day
        List<Decision> inForce = new ArrayList<>();
        for (Decision decision : decisions) {
            if (!inForce.isEmpty()
                    && inForce.get(inForce.size() - 1).effectiveFrom().equals(decision.effectiveFrom())) {
                inForce.remove(inForce.size() - 1);
            }
            inForce.add(decision);
        }
        return new StatusHistory(List.copyOf(inForce));
    }

    public List<Decision> decisions() {
        return decisions;
    }

    /** The decision in force on {@code date}, if any. */
    public java.util.Optional<Decision> decisionOn(LocalDate date) {
        int index = indexInForce(date);
        return index < 0 ? java.util.Optional.empty() : java.util.Optional.of(decisions.get(index));
    }

    public HouseholdStatus statusOn(LocalDate date) {
        int index = indexInForce(date);
        return index < 0 ? HouseholdStatus.UNCLASSIFIED : decisions.get(index).status();
    }

    /** The first day of the unbroken run of the status in force on {@code date}; empty before any decision. */
    public java.util.Optional<LocalDate> statusSince(LocalDate date) {
        int index = indexInForce(date);
        if (index < 0) {
            return java.util.Optional.empty();
        }
        HouseholdStatus status = decisions.get(index).status();
        while (index > 0 && decisions.get(index - 1).status() == status) {
            index--;
        }
        return java.util.Optional.of(decisions.get(index).effectiveFrom());
    }

    public boolean newlyEscapedOn(LocalDate date) {
        if (statusOn(date) != HouseholdStatus.NOT_POOR) {
            return false;
        }
        LocalDate windowStart = date.minusMonths(NEWLY_ESCAPED_MONTHS);
        int last = indexInForce(date);
        for (int i = 1; i <= last; i++) {
            Decision decision = decisions.get(i);
            HouseholdStatus before = decisions.get(i - 1).status();
            if (decision.effectiveFrom().isAfter(windowStart)
                    && decision.status() == HouseholdStatus.NOT_POOR
                    && (before == HouseholdStatus.POOR || before == HouseholdStatus.NEAR_POOR)) {
                return true;
            }
        }
        return false;
    }

    private int indexInForce(LocalDate date) {
        int index = -1;
        for (int i = 0; i < decisions.size(); i++) {
            if (decisions.get(i).effectiveFrom().isAfter(date)) {
                break;
            }
            index = i;
        }
        return index;
    }
}
