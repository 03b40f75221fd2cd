package vn.poverty.api.household;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.poverty.api.household.HouseholdStatus.NEAR_POOR;
import static vn.poverty.api.household.HouseholdStatus.NOT_POOR;
import static vn.poverty.api.household.HouseholdStatus.POOR;
import static vn.poverty.api.household.HouseholdStatus.UNCLASSIFIED;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** DESIGN.md §3 "Review and recognition": status in force, status since, corrections and NEWLY_ESCAPED. */
class StatusHistoryTest {

    /**
     * Poor from 2022-12-15, re-recognised poor on 2023-06-01, escaped on 2023-12-20, near-poor again on 2025-03-01.
     * Sequences are the household aggregate's event sequence numbers of the recognitions.
     */
    private static final StatusHistory TYPICAL = StatusHistory.of(List.of(
            recognition("a1", "2022-12-15", 2, POOR),
            recognition("a2", "2023-06-01", 4, POOR),
            recognition("a3", "2023-12-20", 6, NOT_POOR),
            recognition("a4", "2025-03-01", 8, NEAR_POOR)));

    @ParameterizedTest(name = "on {0}: {1} since {2}, newly escaped {3}")
    @CsvSource({
        // date,     status,       since,      newly escaped
        "2000-01-01, UNCLASSIFIED, ,           false",
        "2022-12-14, UNCLASSIFIED, ,           false",
        "2022-12-15, POOR,         2022-12-15, false",
        "2023-05-31, POOR,         2022-12-15, false",
        "2023-06-01, POOR,         2022-12-15, false",
        "2023-12-19, POOR,         2022-12-15, false",
        "2023-12-20, NOT_POOR,     2023-12-20, true",
        "2025-02-28, NOT_POOR,     2023-12-20, true",
        "2025-03-01, NEAR_POOR,    2025-03-01, false",
        "2030-01-01, NEAR_POOR,    2025-03-01, false",
    })
    void statusInForceIsTheLatestDecisionOnOrBeforeTheDateAndSinceIsTheStartOfItsUnbrokenRun(
            LocalDate date, HouseholdStatus status, LocalDate since, boolean newlyEscaped) {
        assertThat(TYPICAL.statusOn(date)).isEqualTo(status);
        assertThat(TYPICAL.statusSince(date)).isEqualTo(java.util.Optional.ofNullable(since));
        assertThat(TYPICAL.newlyEscapedOn(date)).isEqualTo(newlyEscaped);
    }

    @Test
    void householdWithoutDecisionsIsUnclassifiedWithNoStatusSince() {
        StatusHistory none = StatusHistory.of(List.of());

        assertThat(none.statusOn(LocalDate.of(2023, 1, 1))).isEqualTo(UNCLASSIFIED);
        assertThat(none.statusSince(LocalDate.of(2023, 1, 1))).isEmpty();
        assertThat(none.newlyEscapedOn(LocalDate.of(2023, 1, 1))).isFalse();
    }

    @Test
    void decisionRecordedLaterButDatedEarlierTakesItsPlaceByDate() {
        // The 2023-06-01 decision was recorded first; a decision dated 2022-12-15 was recorded afterwards.
        StatusHistory history = StatusHistory.of(List.of(
                recognition("later-dated", "2023-06-01", 2, POOR),
                recognition("earlier-dated", "2022-12-15", 4, NEAR_POOR)));

        assertThat(history.statusOn(LocalDate.of(2022, 12, 14))).isEqualTo(UNCLASSIFIED);
        assertThat(history.statusOn(LocalDate.of(2023, 1, 1))).isEqualTo(NEAR_POOR);
        assertThat(history.statusSince(LocalDate.of(2023, 1, 1))).contains(LocalDate.of(2022, 12, 15));
        assertThat(history.statusOn(LocalDate.of(2023, 6, 1))).isEqualTo(POOR);
        assertThat(history.statusSince(LocalDate.of(2023, 6, 1))).contains(LocalDate.of(2023, 6, 1));
    }

    @ParameterizedTest(name = "facts listed in order {0}")
    @CsvSource({"recorded", "reversed"})
    void ofTwoDecisionsOfTheSameDayTheOneRecordedLaterWins(String order) {
        List<StatusHistory.Fact> facts = new ArrayList<>(List.of(
                recognition("first", "2023-01-10", 2, POOR), recognition("second", "2023-01-10", 4, NEAR_POOR)));
        if (order.equals("reversed")) {
            Collections.reverse(facts);
        }
        StatusHistory history = StatusHistory.of(facts);

        assertThat(history.statusOn(LocalDate.of(2023, 1, 9))).isEqualTo(UNCLASSIFIED);
        assertThat(history.statusOn(LocalDate.of(2023, 1, 10))).isEqualTo(NEAR_POOR);
        assertThat(history.statusSince(LocalDate.of(2023, 1, 10))).contains(LocalDate.of(2023, 1, 10));
    }

    @Test
    void correctionReplacesTheStatusFromTheOriginalDecisionDate() {
        StatusHistory.Fact poor = recognition("a1", "2022-12-15", 2, POOR);
        StatusHistory history = StatusHistory.of(
                List.of(poor, recognition("a2", "2023-06-01", 4, NOT_POOR), correction(poor, 6, NEAR_POOR)));

        assertThat(history.statusOn(LocalDate.of(2022, 12, 14))).isEqualTo(UNCLASSIFIED);
        assertThat(history.statusOn(LocalDate.of(2022, 12, 15))).isEqualTo(NEAR_POOR);
        assertThat(history.statusSince(LocalDate.of(2023, 5, 31))).contains(LocalDate.of(2022, 12, 15));
        // the later decision still applies from its own date, and the escape is now from NEAR_POOR
        assertThat(history.statusOn(LocalDate.of(2023, 6, 1))).isEqualTo(NOT_POOR);
        assertThat(history.newlyEscapedOn(LocalDate.of(2023, 6, 1))).isTrue();
        assertThat(history.decisions())
                .extracting(StatusHistory.Decision::status)
                .containsExactly(NEAR_POOR, NOT_POOR);
    }

    @Test
    void latestOfSeveralCorrectionsWinsWhateverTheOrderTheFactsAreListedIn() {
        StatusHistory.Fact recognized = recognition("a1", "2022-12-15", 2, POOR);
        StatusHistory history = StatusHistory.of(
                List.of(correction(recognized, 7, NOT_POOR), recognized, correction(recognized, 5, NEAR_POOR)));

        assertThat(history.statusOn(LocalDate.of(2023, 1, 1))).isEqualTo(NOT_POOR);
        assertThat(history.statusSince(LocalDate.of(2023, 1, 1))).contains(LocalDate.of(2022, 12, 15));
        assertThat(history.decisions()).hasSize(1);
    }

    @Test
    void correctionToTheSameStatusAsTheNextDecisionJoinsTheirRunsAndUndoesTheEscape() {
        StatusHistory.Fact poor = recognition("a1", "2022-12-15", 2, POOR);
        StatusHistory history = StatusHistory.of(
                List.of(poor, recognition("a2", "2023-12-20", 4, NOT_POOR), correction(poor, 6, NOT_POOR)));

        LocalDate day = LocalDate.of(2024, 1, 1);
        assertThat(history.statusOn(day)).isEqualTo(NOT_POOR);
        assertThat(history.statusSince(day)).contains(LocalDate.of(2022, 12, 15));
        assertThat(history.newlyEscapedOn(day)).isFalse();
    }

    @ParameterizedTest(name = "escape dated {0}, on {1}: newly escaped {2}")
    @CsvSource({
        // escape date, date D,     newly escaped
        "2021-03-10,    2021-03-09, false", // still poor on D
        "2021-03-10,    2021-03-10, true", //  the decision date itself
        "2021-03-10,    2024-03-09, true", //  decision one day after D minus 36 months: inside
        "2021-03-10,    2024-03-10, false", // decision exactly 36 months before D: outside
        "2021-03-10,    2024-03-11, false",
        "2021-08-31,    2024-08-30, true", //  month ends
        "2021-08-31,    2024-08-31, false",
    })
    void escapeCountsForThe36MonthsAfterTheDecisionThatMovedTheHouseholdOutOfPoverty(
            LocalDate escapedOn, LocalDate date, boolean newlyEscaped) {
        StatusHistory history = StatusHistory.of(List.of(
                recognition("poor", "2020-01-15", 2, POOR), recognition("escape", escapedOn.toString(), 4, NOT_POOR)));

        assertThat(history.newlyEscapedOn(date)).isEqualTo(newlyEscaped);
    }

    @Test
    void escapeFromNearPoorAlsoCounts() {
        StatusHistory history = StatusHistory.of(List.of(
                recognition("near", "2022-12-15", 2, NEAR_POOR), recognition("escape", "2023-12-20", 4, NOT_POOR)));

        assertThat(history.newlyEscapedOn(LocalDate.of(2024, 1, 1))).isTrue();
    }

    @Test
    void householdNotPoorFromItsFirstDecisionIsNeverNewlyEscaped() {
        StatusHistory history = StatusHistory.of(List.of(recognition("a1", "2022-12-20", 2, NOT_POOR)));

        assertThat(history.statusOn(LocalDate.of(2023, 6, 1))).isEqualTo(NOT_POOR);
        assertThat(history.newlyEscapedOn(LocalDate.of(2022, 12, 20))).isFalse();
        assertThat(history.newlyEscapedOn(LocalDate.of(2023, 6, 1))).isFalse();
    }

    @Test
    void householdThatEscapedAndBecamePoorAgainIsNotNewlyEscaped() {
        StatusHistory history = StatusHistory.of(List.of(
                recognition("a1", "2022-12-15", 2, POOR),
                recognition("a2", "2023-06-01", 4, NOT_POOR),
                recognition("a3", "2023-12-20", 6, POOR)));

        assertThat(history.newlyEscapedOn(LocalDate.of(2023, 12, 19))).isTrue();
        assertThat(history.newlyEscapedOn(LocalDate.of(2024, 1, 1))).isFalse();
    }

    @Test
    void reconfirmingNotPoorInsideTheWindowDoesNotRenewAnEscapeThatIsOlderThan36Months() {
        StatusHistory history = StatusHistory.of(List.of(
                recognition("a1", "2018-01-10", 2, POOR),
                recognition("a2", "2019-01-10", 4, NOT_POOR),
                recognition("a3", "2022-12-20", 6, NOT_POOR)));

        LocalDate day = LocalDate.of(2023, 6, 1);
        assertThat(history.statusSince(day)).contains(LocalDate.of(2019, 1, 10));
        assertThat(history.newlyEscapedOn(day)).isFalse();
    }

    /** NOT_POOR since 2022-01-10; on 2023-01-10 a POOR decision, overruled the same day by a NOT_POOR one. */
    private static final StatusHistory OVERRULED_THE_SAME_DAY = StatusHistory.of(List.of(
            recognition("a1", "2022-01-10", 2, NOT_POOR),
            recognition("a2", "2023-01-10", 4, POOR),
            recognition("a3", "2023-01-10", 6, NOT_POOR)));

    @Test
    void decisionOverruledTheSameDayIsNeverInForce() {
        assertThat(OVERRULED_THE_SAME_DAY.statusOn(LocalDate.of(2023, 1, 9))).isEqualTo(NOT_POOR);
        assertThat(OVERRULED_THE_SAME_DAY.statusOn(LocalDate.of(2023, 1, 10))).isEqualTo(NOT_POOR);
    }

    @Test
    void decisionOverruledTheSameDayDoesNotBreakTheRunOfTheStatus() {
        assertThat(OVERRULED_THE_SAME_DAY.statusSince(LocalDate.of(2023, 6, 1))).contains(LocalDate.of(2022, 1, 10));
    }

    @Test
    void decisionOverruledTheSameDayDoesNotMakeAnEscape() {
        assertThat(OVERRULED_THE_SAME_DAY.newlyEscapedOn(LocalDate.of(2023, 6, 1)))
                .isFalse();
    }

    private static StatusHistory.Fact recognition(
            String assessment, String date, long sequence, HouseholdStatus status) {
        return new StatusHistory.Fact(assessment, LocalDate.parse(date), sequence, sequence, status);
    }

    /** A correction keeps its recognition's date and recognition sequence; only its own sequence number is new. */
    private static StatusHistory.Fact correction(StatusHistory.Fact recognized, long sequence, HouseholdStatus status) {
        return new StatusHistory.Fact(
                recognized.assessmentId(),
                recognized.effectiveFrom(),
                recognized.recognitionSequence(),
                sequence,
                status);
    }
}
