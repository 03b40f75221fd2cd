package vn.poverty.command.household;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.poverty.api.household.HouseholdStatus.NEAR_POOR;
import static vn.poverty.api.household.HouseholdStatus.NOT_POOR;
import static vn.poverty.api.household.HouseholdStatus.POOR;
import static vn.poverty.api.household.HouseholdStatus.UNCLASSIFIED;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import vn.poverty.api.household.AssessmentId;

class StatusTimelineTest {

    private static final AssessmentId A2022 = AssessmentId.of("a-2022");
    private static final AssessmentId A2023 = AssessmentId.of("a-2023");
    private static final AssessmentId ADHOC = AssessmentId.of("a-adhoc");

    private final StatusTimeline timeline = new StatusTimeline();

    private static LocalDate date(String iso) {
        return LocalDate.parse(iso);
    }

    @Test
    void householdIsUnclassifiedBeforeAnyRecognition() {
        assertThat(timeline.statusOn(date("2022-12-15"))).isEqualTo(UNCLASSIFIED);

        timeline.recognize(A2022, date("2022-12-15"), POOR);

        assertThat(timeline.statusOn(date("2022-12-14"))).isEqualTo(UNCLASSIFIED);
        assertThat(timeline.statusOn(date("2000-01-01"))).isEqualTo(UNCLASSIFIED);
    }

    @Test
    void statusHoldsFromTheDecisionDateInclusive() {
        timeline.recognize(A2022, date("2022-12-15"), POOR);
        timeline.recognize(A2023, date("2023-12-20"), NOT_POOR);

        assertThat(timeline.statusOn(date("2022-12-15"))).isEqualTo(POOR);
        assertThat(timeline.statusOn(date("2023-12-19"))).isEqualTo(POOR);
        assertThat(timeline.statusOn(date("2023-12-20"))).isEqualTo(NOT_POOR);
        assertThat(timeline.statusOn(date("2030-01-01"))).isEqualTo(NOT_POOR);
    }

    @Test
    void recognitionsRecordedOutOfOrderApplyByDecisionDate() {
        timeline.recognize(A2023, date("2023-12-20"), NOT_POOR);
        timeline.recognize(A2022, date("2022-12-15"), POOR);

        assertThat(timeline.statusOn(date("2022-12-14"))).isEqualTo(UNCLASSIFIED);
        assertThat(timeline.statusOn(date("2023-06-30"))).isEqualTo(POOR);
        assertThat(timeline.statusOn(date("2023-12-20"))).isEqualTo(NOT_POOR);
    }

    @Test
    void laterRecordedRecognitionOfTheSameDateWins() {
        timeline.recognize(A2022, date("2022-12-15"), POOR);
        timeline.recognize(ADHOC, date("2022-12-15"), NEAR_POOR);

        assertThat(timeline.statusOn(date("2022-12-15"))).isEqualTo(NEAR_POOR);
        assertThat(timeline.statusOn(date("2022-12-14"))).isEqualTo(UNCLASSIFIED);
    }

    @Test
    void correctionChangesTheStatusFromTheOriginalDecisionDateOnly() {
        timeline.recognize(A2022, date("2022-12-15"), POOR);
        timeline.recognize(A2023, date("2023-12-20"), NEAR_POOR);

        timeline.correct(A2022, NOT_POOR);

        assertThat(timeline.statusOn(date("2022-12-14"))).isEqualTo(UNCLASSIFIED);
        assertThat(timeline.statusOn(date("2022-12-15"))).isEqualTo(NOT_POOR);
        assertThat(timeline.statusOn(date("2023-12-19"))).isEqualTo(NOT_POOR);
        assertThat(timeline.statusOn(date("2023-12-20"))).isEqualTo(NEAR_POOR);
    }

    @Test
    void correctionKeepsTheRecordingOrderAmongSameDateDecisions() {
        timeline.recognize(A2022, date("2022-12-15"), POOR);
        timeline.recognize(ADHOC, date("2022-12-15"), NEAR_POOR);

        timeline.correct(A2022, NOT_POOR);

        assertThat(timeline.statusOn(date("2022-12-15"))).isEqualTo(NEAR_POOR);
    }

    @Test
    void correctionOfAnUnrecognisedAssessmentChangesNothing() {
        timeline.recognize(A2022, date("2022-12-15"), POOR);

        timeline.correct(A2023, NOT_POOR);

        assertThat(timeline.statusOn(date("2023-12-31"))).isEqualTo(POOR);
    }
}
