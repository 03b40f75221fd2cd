package vn.poverty.query.targets;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/**
 * The plan's targets year by year (DESIGN.md §3 "Targets", API.md "GET /api/reports/targets"): the year-end poor
 * rate and its fall from the year before against the 1.5-point target, merit households still poor against 0, and
 * the coverage of the universal policies against 100%; plus the average yearly fall over the range.
 * {@code communeCode} is null for the district.
 */
public record TargetsReport(
        int fromYear,
        int toYear,
        String communeCode,
        BigDecimal targetReduction,
        List<Year> years,
        BigDecimal averageReduction) {

    /** The poor rate must fall by at least 1.5 points a year. */
    public static final BigDecimal TARGET_REDUCTION = new BigDecimal("1.5");

    public static final long MERIT_POOR_TARGET = 0;
    public static final BigDecimal COVERAGE_TARGET = new BigDecimal("100.00");

    /**
     * One year, all as of its 31 December: {@code reduction} is the previous year-end's poor rate minus this one's
     * (negative when the rate rose), {@code met} when it is at least the target.
     */
    public record Year(
            int year,
            BigDecimal poorRate,
            BigDecimal reduction,
            BigDecimal targetReduction,
            boolean met,
            long meritPoor,
            long meritPoorTarget,
            BigDecimal coverage,
            BigDecimal coverageTarget) {

        static Year of(int year, BigDecimal poorRateBefore, BigDecimal poorRate, long meritPoor, BigDecimal coverage) {
            BigDecimal reduction = poorRateBefore.subtract(poorRate);
            return new Year(
                    year,
                    poorRate,
                    reduction,
                    TARGET_REDUCTION,
                    reduction.compareTo(TARGET_REDUCTION) >= 0,
                    meritPoor,
                    MERIT_POOR_TARGET,
                    coverage,
                    COVERAGE_TARGET);
        }
    }

    /**
     * The average yearly fall over {@code years} years: (rate before the first year − rate of the last year) / years,
     * rounded half-up to 2 decimals.
     */
    public static BigDecimal averageReduction(BigDecimal poorRateBefore, BigDecimal lastPoorRate, int years) {
        return poorRateBefore.subtract(lastPoorRate).divide(BigDecimal.valueOf(years), 2, RoundingMode.HALF_UP);
    }
}
