package vn.poverty.query.coverage;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.List;

/**
 * Coverage of the universal policies on a date (API.md "GET /api/reports/coverage"): per policy, the households
 * entitled to it, those of them holding an active grant of it, and the rate; per commune and for the district (the
 * sums of the communes).
 */
public record CoverageReport(LocalDate asOf, List<PolicyCoverage> policies, List<CommuneCoverage> communes) {

    public record PolicyCoverage(String policyCode, long entitled, long covered, BigDecimal coverageRate) {

        static PolicyCoverage of(String policyCode, long entitled, long covered) {
            return new PolicyCoverage(policyCode, entitled, covered, rate(covered, entitled));
        }
    }

    public record CommuneCoverage(String communeCode, String name, List<PolicyCoverage> policies) {}

    /**
     * Covered households as a percentage of the entitled ones, rounded half-up to 2 decimals; 100.00 when nobody is
     * entitled (nothing is missing).
     */
    public static BigDecimal rate(long covered, long entitled) {
        if (entitled <= 0) {
            return new BigDecimal("100.00");
        }
        return BigDecimal.valueOf(covered)
                .multiply(BigDecimal.valueOf(100))
                .divide(BigDecimal.valueOf(entitled), 2, RoundingMode.HALF_UP);
    }

    /** All universal policies together over the district figures: Σcovered / Σentitled (100.00 when none). */
    public BigDecimal overallRate() {
        long entitled = policies.stream().mapToLong(PolicyCoverage::entitled).sum();
        long covered = policies.stream().mapToLong(PolicyCoverage::covered).sum();
        return rate(covered, entitled);
    }
}
