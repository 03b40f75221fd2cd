package vn.poverty.command.household;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import vn.poverty.api.household.AssessmentId;
import vn.poverty.api.household.HouseholdStatus;

/**
 * A household's recognised statuses by decision date. The status in force on a date is the one of the latest
 * decision dated on or before it (a later-recorded decision of the same date wins); corrections change a decision's
 * status without moving its date. Pure, so the aggregate and its tests share it.
 */
final class StatusTimeline {

    private record Entry(AssessmentId assessmentId, LocalDate effectiveFrom, long order, HouseholdStatus status) {}

    private static final Comparator<Entry> IN_FORCE_ORDER =
            Comparator.comparing(Entry::effectiveFrom).thenComparingLong(Entry::order);

    private final List<Entry> entries = new ArrayList<>();
    private long recorded;

    void recognize(AssessmentId assessmentId, LocalDate effectiveFrom, HouseholdStatus status) {
        entries.add(new Entry(assessmentId, effectiveFrom, recorded++, status));
        entries.sort(IN_FORCE_ORDER);
    }

    void correct(AssessmentId assessmentId, HouseholdStatus status) {
        entries.replaceAll(e -> e.assessmentId().equals(assessmentId)
                ? new Entry(e.assessmentId(), e.effectiveFrom(), e.order(), status)
                : e);
    }

    HouseholdStatus statusOn(LocalDate date) {
        HouseholdStatus status = HouseholdStatus.UNCLASSIFIED;
        for (Entry entry : entries) {
            if (entry.effectiveFrom().isAfter(date)) {
                break;
            }
            status = entry.status();
        }
        return status;
    }
}
