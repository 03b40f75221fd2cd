package vn.poverty.query.targets;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The arithmetic of the targets report: exact decimals, half-up rounding, the 1.5-point threshold. */
class TargetsReportTest {

    @ParameterizedTest(name = "({0} - {1}) / {2} = {3}")
    @CsvSource({
        "5.00, 4.75, 2, 0.13", // 0.125 rounds up, not to the even 0.12
        "5.00, 3.57, 2, 0.72", // 0.715
        "5.00, 5.36, 3, -0.12", // -0.12
        "10.00, 12.50, 3, -0.83", // -0.8333...
        "4.75, 5.00, 2, -0.13", // half-up is away from zero for a rise: -0.125 -> -0.13
        "2.50, 2.50, 3, 0.00",
        "9.00, 0.00, 6, 1.50",
    })
    void averageReductionIsTheFallOverTheRangeDividedByItsYearsHalfUp(
            String before, String last, int years, String expected) {
        assertThat(TargetsReport.averageReduction(new BigDecimal(before), new BigDecimal(last), years))
                .isEqualTo(new BigDecimal(expected));
    }

    @ParameterizedTest(name = "{0} -> {1}: reduction {2}, met {3}")
    @CsvSource({
        "4.00, 2.50, 1.50, true", // exactly the target
        "4.00, 2.51, 1.49, false",
        "5.71, 3.57, 2.14, true",
        "5.00, 5.71, -0.71, false",
    })
    void yearMeetsTheTargetWhenTheRateFellByAtLeastOnePointFive(
            String before, String rate, String reduction, boolean met) {
        TargetsReport.Year year =
                TargetsReport.Year.of(2024, new BigDecimal(before), new BigDecimal(rate), 0, new BigDecimal("100.00"));

        assertThat(year.reduction()).isEqualTo(new BigDecimal(reduction));
        assertThat(year.met()).isEqualTo(met);
        assertThat(year.targetReduction()).isEqualTo(new BigDecimal("1.5"));
        assertThat(year.meritPoorTarget()).isZero();
        assertThat(year.coverageTarget()).isEqualTo(new BigDecimal("100.00"));
    }
}
