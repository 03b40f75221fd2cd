package vn.poverty.query.periodic;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.poverty.api.household.HouseholdStatus.NEAR_POOR;
import static vn.poverty.api.household.HouseholdStatus.NOT_POOR;
import static vn.poverty.api.household.HouseholdStatus.POOR;
import static vn.poverty.api.household.HouseholdStatus.UNCLASSIFIED;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import vn.poverty.api.household.HouseholdStatus;

/** The pure tallies of the periodic report: status figures, start-to-end changes, grants per policy. */
class PeriodicReportTest {

    private static final LocalDate START = LocalDate.parse("2024-06-30");
    private static final LocalDate END = LocalDate.parse("2024-09-30");

    private static PeriodicReport.Member member(String registeredOn, HouseholdStatus start, HouseholdStatus end) {
        return new PeriodicReport.Member(LocalDate.parse(registeredOn), start, false, end, false);
    }

    private final List<PeriodicReport.Member> members = List.of(
            member("2021-03-01", POOR, POOR),
            member("2021-03-01", POOR, NEAR_POOR), // escaped poverty, fell into near-poverty
            member("2021-03-01", NEAR_POOR, POOR), // fell into poverty, left near-poverty
            member("2021-03-01", NEAR_POOR, NOT_POOR), // left near-poverty
            new PeriodicReport.Member(LocalDate.parse("2021-03-01"), NOT_POOR, true, NOT_POOR, false),
            member("2021-03-01", UNCLASSIFIED, UNCLASSIFIED),
            member("2024-08-15", UNCLASSIFIED, POOR), // registered in the period, then recognised poor
            member("2024-10-01", UNCLASSIFIED, UNCLASSIFIED), // registered after the period
            member("2024-10-01", UNCLASSIFIED, NEAR_POOR)); // a decision dated before its registration date

    @Test
    void householdsCountFromTheirRegistrationOrTheirFirstDecisionInForce() {
        PeriodicReport.StatusFigures start = PeriodicReport.figures(START, members, false, 400);
        PeriodicReport.StatusFigures end = PeriodicReport.figures(END, members, true, 400);

        assertThat(start)
                .isEqualTo(new PeriodicReport.StatusFigures(
                        START, 6, 2, 2, 1, 1, 1, 400, new BigDecimal("0.50"), new BigDecimal("0.50")));
        assertThat(end)
                .isEqualTo(new PeriodicReport.StatusFigures(
                        END, 8, 3, 2, 2, 0, 1, 400, new BigDecimal("0.75"), new BigDecimal("0.50")));
    }

    @Test
    void changesCompareTheStatusAtTheStartWithThatAtTheEnd() {
        PeriodicReport.Changes changes = PeriodicReport.changes(members);

        assertThat(changes).isEqualTo(new PeriodicReport.Changes(2, 1, 2, 2));
        PeriodicReport.StatusFigures start = PeriodicReport.figures(START, members, false, 400);
        PeriodicReport.StatusFigures end = PeriodicReport.figures(END, members, true, 400);
        assertThat(end.poor()).isEqualTo(start.poor() + changes.fellIntoPoverty() - changes.escapedPoverty());
        assertThat(end.nearPoor())
                .isEqualTo(start.nearPoor() + changes.fellIntoNearPoverty() - changes.escapedNearPoverty());
    }

    @Test
    void ratesAreZeroWithoutARecordedTotalAndRoundHalfUp() {
        assertThat(PeriodicReport.figures(END, members, true, 0).poorRate()).isEqualByComparingTo("0.00");
        // 3 / 1600 = 0.1875 % -> 0.19
        assertThat(PeriodicReport.figures(END, members, true, 1600).poorRate()).isEqualTo(new BigDecimal("0.19"));
    }

    @Test
    void everyCataloguePolicyHasARowThenOtherCodesByCode() {
        PeriodicReport.Grants grants = PeriodicReport.grants(
                List.of("B", "A"),
                List.of(
                        new PeriodicReport.PolicyGrants("Z", 1, 5),
                        new PeriodicReport.PolicyGrants("A", 2, 10),
                        new PeriodicReport.PolicyGrants("Y", 1, 0)));

        assertThat(grants.policies())
                .containsExactly(
                        new PeriodicReport.PolicyGrants("B", 0, 0),
                        new PeriodicReport.PolicyGrants("A", 2, 10),
                        new PeriodicReport.PolicyGrants("Y", 1, 0),
                        new PeriodicReport.PolicyGrants("Z", 1, 5));
        assertThat(grants.grants()).isEqualTo(4);
        assertThat(grants.amount()).isEqualTo(15);
    }
}
