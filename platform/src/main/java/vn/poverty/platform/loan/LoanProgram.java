package vn.poverty.platform.loan;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A preferential loan programme of the Social Policy Bank as data: from which date which statuses are eligible, at
 * what yearly rate (an exact decimal), up to what principal (VND) and for which terms (months).
 */
public record LoanProgram(String programCode, List<Version> versions) {

    /** The programme's terms from {@code from} on, until its next version. */
    public record Version(
            LocalDate from,
            Set<String> eligibleStatuses,
            BigDecimal annualRatePercent,
            long maxPrincipal,
            int minTermMonths,
            int maxTermMonths) {}

    public LoanProgram {
        versions = versions.stream().sorted(Comparator.comparing(Version::from)).toList();
    }

    /** The terms in force on {@code date}; empty before the programme's first version. */
    public Optional<Version> on(LocalDate date) {
        return versions.stream().filter(v -> !v.from().isAfter(date)).reduce((first, second) -> second);
    }
}
