package vn.poverty.query.poverty;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.List;

/** Poor and near-poor households and rates per commune and for the district, as of a date (API.md). */
public record PovertyReport(LocalDate asOf, Figures district, List<CommuneFigures> communes) {

    /** District totals: the sums of the communes. */
    public record Figures(
            long totalHouseholds,
            long poor,
            long nearPoor,
            BigDecimal poorRate,
            BigDecimal nearPoorRate,
            long meritPoor) {}

    public record CommuneFigures(
            String communeCode,
            String name,
            long totalHouseholds,
            long poor,
            long nearPoor,
            BigDecimal poorRate,
            BigDecimal nearPoorRate,
            long meritPoor) {}

    /** A percentage of the total, rounded half-up to 2 decimals; 0.00 when no total is recorded. */
    public static BigDecimal rate(long count, long total) {
        if (total <= 0) {
            return BigDecimal.ZERO.setScale(2);
        }
        return BigDecimal.valueOf(count)
                .multiply(BigDecimal.valueOf(100))
                .divide(BigDecimal.valueOf(total), 2, RoundingMode.HALF_UP);
    }

    public static PovertyReport of(LocalDate asOf, List<CommuneFigures> communes) {
        long total =
                communes.stream().mapToLong(CommuneFigures::totalHouseholds).sum();
        long poor = communes.stream().mapToLong(CommuneFigures::poor).sum();
        long nearPoor = communes.stream().mapToLong(CommuneFigures::nearPoor).sum();
        long meritPoor = communes.stream().mapToLong(CommuneFigures::meritPoor).sum();
        return new PovertyReport(
                asOf,
                new Figures(total, poor, nearPoor, rate(poor, total), rate(nearPoor, total), meritPoor),
                communes);
    }
}
