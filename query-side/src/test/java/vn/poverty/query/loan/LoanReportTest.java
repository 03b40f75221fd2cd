package vn.poverty.query.loan;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import vn.poverty.query.loan.LoanReport.Commune;
import vn.poverty.query.loan.LoanReport.ProgramFigures;
import vn.poverty.query.loan.LoanReport.Tally;

/** How the portfolio report is laid out: every programme for every commune, the district as their sums. */
class LoanReportTest {

    private static final LocalDate AS_OF = LocalDate.of(2024, 4, 1);
    private static final List<String> CATALOGUE =
            List.of("POOR_HOUSEHOLD", "NEAR_POOR_HOUSEHOLD", "NEWLY_ESCAPED_HOUSEHOLD");
    private static final List<Commune> COMMUNES = List.of(new Commune("C01", "Mỹ Thọ"), new Commune("C02", "Mỹ Hội"));

    @Test
    void everyProgrammeOfTheCatalogueHasARowInItsOrderEvenWithoutLoans() {
        LoanReport report = LoanReport.of(
                AS_OF, CATALOGUE, COMMUNES, List.of(tally("C02", "NEAR_POOR_HOUSEHOLD", 1, 10_000_000, 0, 0)));

        assertThat(report.asOf()).isEqualTo(AS_OF);
        assertThat(report.communes())
                .extracting(LoanReport.CommuneFigures::communeCode)
                .containsExactly("C01", "C02");
        assertThat(report.communes().get(0).programs())
                .containsExactly(zero("POOR_HOUSEHOLD"), zero("NEAR_POOR_HOUSEHOLD"), zero("NEWLY_ESCAPED_HOUSEHOLD"));
        assertThat(report.communes().get(1).programs())
                .containsExactly(
                        zero("POOR_HOUSEHOLD"),
                        new ProgramFigures("NEAR_POOR_HOUSEHOLD", 1, 10_000_000, 0, 0),
                        zero("NEWLY_ESCAPED_HOUSEHOLD"));
    }

    @Test
    void districtFiguresAreTheSumsOfTheCommunes() {
        LoanReport report = LoanReport.of(
                AS_OF,
                CATALOGUE,
                COMMUNES,
                List.of(
                        tally("C01", "POOR_HOUSEHOLD", 3, 50_000_000, 1, 4_000_000),
                        tally("C02", "POOR_HOUSEHOLD", 2, 30_000_000, 2, 7_500_000),
                        tally("C02", "NEAR_POOR_HOUSEHOLD", 1, 9_000_000, 0, 0)));

        assertThat(report.programs())
                .containsExactly(
                        new ProgramFigures("POOR_HOUSEHOLD", 5, 80_000_000, 3, 11_500_000),
                        new ProgramFigures("NEAR_POOR_HOUSEHOLD", 1, 9_000_000, 0, 0),
                        zero("NEWLY_ESCAPED_HOUSEHOLD"));
    }

    @Test
    void loansOfAProgrammeNoLongerInTheCatalogueAreShownAfterItsProgrammes() {
        LoanReport report = LoanReport.of(
                AS_OF, CATALOGUE, COMMUNES, List.of(tally("C01", "OLD_PROGRAMME", 1, 5_000_000, 1, 5_000_000)));

        assertThat(report.programs())
                .extracting(ProgramFigures::programCode)
                .containsExactly("POOR_HOUSEHOLD", "NEAR_POOR_HOUSEHOLD", "NEWLY_ESCAPED_HOUSEHOLD", "OLD_PROGRAMME");
        assertThat(report.programs().get(3)).isEqualTo(new ProgramFigures("OLD_PROGRAMME", 1, 5_000_000, 1, 5_000_000));
        assertThat(report.communes().get(1).programs().get(3)).isEqualTo(zero("OLD_PROGRAMME"));
    }

    @Test
    void loansOfCommunesOutsideTheReportAreNotCounted() {
        LoanReport report = LoanReport.of(
                AS_OF,
                CATALOGUE,
                List.of(new Commune("C01", "Mỹ Thọ")),
                List.of(
                        tally("C01", "POOR_HOUSEHOLD", 1, 10_000_000, 0, 0),
                        tally("C02", "POOR_HOUSEHOLD", 4, 40_000_000, 1, 1_000_000),
                        tally("C02", "OLD_PROGRAMME", 1, 5_000_000, 0, 0)));

        assertThat(report.programs())
                .containsExactly(
                        new ProgramFigures("POOR_HOUSEHOLD", 1, 10_000_000, 0, 0),
                        zero("NEAR_POOR_HOUSEHOLD"),
                        zero("NEWLY_ESCAPED_HOUSEHOLD"));
    }

    @Test
    void reportWithoutCommunesHasZeroDistrictFigures() {
        LoanReport report = LoanReport.of(AS_OF, CATALOGUE, List.of(), List.of());

        assertThat(report.communes()).isEmpty();
        assertThat(report.programs())
                .containsExactly(zero("POOR_HOUSEHOLD"), zero("NEAR_POOR_HOUSEHOLD"), zero("NEWLY_ESCAPED_HOUSEHOLD"));
    }

    private static Tally tally(
            String commune, String program, long active, long outstanding, long overdueLoans, long overdueAmount) {
        return new Tally(commune, new ProgramFigures(program, active, outstanding, overdueLoans, overdueAmount));
    }

    private static ProgramFigures zero(String program) {
        return new ProgramFigures(program, 0, 0, 0, 0);
    }
}
