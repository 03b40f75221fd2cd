package vn.poverty.query.poverty;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** API.md "Reports": rates are percentages of the recorded total, half-up to 2 decimals; the district sums. */
class PovertyReportTest {

    @ParameterizedTest(name = "{0} of {1} households is {2}%")
    @CsvSource({
        "1,   3,    33.33",
        "2,   3,    66.67",
        "1,   8,    12.50",
        "1,   200,  0.50",
        "1,   400,  0.25",
        "1,   800,  0.13", // 0.125 rounds up
        "3,   800,  0.38", // 0.375 rounds up
        "1,   1600, 0.06", // 0.0625 rounds up
        "2,   1600, 0.13", // 0.125 rounds up, not to the even 0.12
        "1,   7,    14.29",
        "0,   250,  0.00",
        "250, 250,  100.00",
        "1,   30000, 0.00", // 0.00333...
    })
    void rateIsThePercentageRoundedHalfUpToTwoDecimals(long count, long total, String expected) {
        assertThat(PovertyReport.rate(count, total)).isEqualTo(new BigDecimal(expected));
    }

    @ParameterizedTest(name = "{0} of a total of {1} is 0.00")
    @CsvSource({"0, 0", "5, 0"})
    void rateWithoutARecordedTotalIsZeroWithTwoDecimals(long count, long total) {
        assertThat(PovertyReport.rate(count, total)).isEqualTo(new BigDecimal("0.00"));
    }

    @Test
    void districtFiguresAreTheSumsOfTheCommunesAndItsRatesAreComputedFromTheSums() {
        LocalDate asOf = LocalDate.of(2023, 12, 31);
        var urban = commune("C01", 250, 0, 2, 0);
        var rural = commune("C02", 1350, 2, 0, 1);

        PovertyReport report = PovertyReport.of(asOf, List.of(urban, rural));

        assertThat(report.asOf()).isEqualTo(asOf);
        assertThat(report.communes()).containsExactly(urban, rural);
        assertThat(report.district())
                .isEqualTo(new PovertyReport.Figures(1600, 2, 2, new BigDecimal("0.13"), new BigDecimal("0.13"), 1));
    }

    @Test
    void districtRateIsNotTheAverageOfTheCommuneRates() {
        // 1 of 100 (1.00%) and 0 of 300 (0.00%): the district has 1 of 400 = 0.25%, not the mean 0.50%
        PovertyReport report = PovertyReport.of(
                LocalDate.of(2023, 12, 31), List.of(commune("C01", 100, 1, 0, 0), commune("C02", 300, 0, 0, 0)));

        assertThat(report.district().poorRate()).isEqualTo(new BigDecimal("0.25"));
    }

    @Test
    void districtOfCommunesWithoutRecordedTotalsHasZeroRates() {
        PovertyReport report = PovertyReport.of(
                LocalDate.of(2022, 12, 20), List.of(commune("C01", 0, 1, 1, 0), commune("C02", 0, 1, 1, 0)));

        assertThat(report.district())
                .isEqualTo(new PovertyReport.Figures(0, 2, 2, new BigDecimal("0.00"), new BigDecimal("0.00"), 0));
    }

    @Test
    void districtWithoutCommunesIsAllZero() {
        PovertyReport report = PovertyReport.of(LocalDate.of(2023, 12, 31), List.of());

        assertThat(report.district())
                .isEqualTo(new PovertyReport.Figures(0, 0, 0, new BigDecimal("0.00"), new BigDecimal("0.00"), 0));
        assertThat(report.communes()).isEmpty();
    }

    private static PovertyReport.CommuneFigures commune(
            String code, long total, long poor, long nearPoor, long meritPoor) {
        return new PovertyReport.CommuneFigures(
                code,
                "Commune " + code,
                total,
                poor,
                nearPoor,
                PovertyReport.rate(poor, total),
                PovertyReport.rate(nearPoor, total),
                meritPoor);
    }
}
