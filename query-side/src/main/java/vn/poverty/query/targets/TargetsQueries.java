package vn.poverty.query.targets;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Component;
import vn.poverty.query.coverage.CoverageBasis;
import vn.poverty.query.coverage.CoverageQueries;
import vn.poverty.query.coverage.CoverageReport;
import vn.poverty.query.poverty.PovertyQueries;
import vn.poverty.query.poverty.PovertyReport;
import vn.poverty.query.shared.TimeSlice;

/**
 * The targets report: the poverty report ({@link PovertyQueries}) as of each 31 December of the range and of the
 * year before it, and the coverage of the universal policies on each 31 December from one {@link CoverageBasis}, all
 * as known at one instant.
 */
@Component
public class TargetsQueries {

    private final PovertyQueries poverty;
    private final CoverageQueries coverage;

    TargetsQueries(PovertyQueries poverty, CoverageQueries coverage) {
        this.poverty = poverty;
        this.coverage = coverage;
    }

    /**
     * @param communeCode   the one commune of the report, or null for the district (the communes of the scope)
     * @param communeScope  the communes the user may read, or null for all
     * @param communes      the communes of the report (see {@link CoverageQueries#communes})
     */
    public TargetsReport report(
            int fromYear,
            int toYear,
            String communeCode,
            Set<String> communeScope,
            List<CoverageBasis.Commune> communes,
            Instant knownAt) {
        List<LocalDate> yearEnds = new ArrayList<>();
        for (int year = fromYear; year <= toYear; year++) {
            yearEnds.add(LocalDate.of(year, 12, 31));
        }
        List<CoverageReport> coverageByYear = coverage.reports(communes, yearEnds, knownAt);
        BigDecimal before =
                yearEnd(fromYear - 1, communeCode, communeScope, knownAt).poorRate();
        BigDecimal first = before;
        List<TargetsReport.Year> years = new ArrayList<>();
        for (int year = fromYear; year <= toYear; year++) {
            PovertyReport.Figures figures = yearEnd(year, communeCode, communeScope, knownAt);
            BigDecimal coverageRate = coverageByYear.get(year - fromYear).overallRate();
            years.add(TargetsReport.Year.of(year, before, figures.poorRate(), figures.meritPoor(), coverageRate));
            before = figures.poorRate();
        }
        return new TargetsReport(
                fromYear,
                toYear,
                communeCode,
                TargetsReport.TARGET_REDUCTION,
                years,
                TargetsReport.averageReduction(first, before, toYear - fromYear + 1));
    }

    /** The district figures of the poverty report as of 31 December (one commune's when communeCode is set). */
    private PovertyReport.Figures yearEnd(int year, String communeCode, Set<String> communeScope, Instant knownAt) {
        return poverty.report(new TimeSlice(LocalDate.of(year, 12, 31), knownAt), communeCode, communeScope)
                .district();
    }
}
