package vn.poverty.query.coverage.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import vn.poverty.platform.security.CurrentUser;
import vn.poverty.platform.web.ApiException;
import vn.poverty.query.coverage.CoverageBasis;
import vn.poverty.query.coverage.CoverageGaps;
import vn.poverty.query.coverage.CoverageQueries;
import vn.poverty.query.coverage.CoverageReport;
import vn.poverty.query.shared.Scope;
import vn.poverty.query.shared.TimeSlice;
import vn.poverty.query.shared.TimeSlices;

@RestController
@RequestMapping("/api/reports/coverage")
@Tag(name = "Reports")
class CoverageController {

    static final int MAX_PAGE_SIZE = 200;

    private final CoverageQueries coverage;
    private final TimeSlices slices;

    CoverageController(CoverageQueries coverage, TimeSlices slices) {
        this.coverage = coverage;
        this.slices = slices;
    }

    @GetMapping
    @Operation(
            summary = "Per universal policy: households entitled on asOf, those holding an active grant, the rate"
                    + " (half-up, 2 decimals; 100.00 when nobody is entitled); per commune and for the district")
    CoverageReport coverage(
            @Parameter(description = "date, YYYY-MM-DD") @RequestParam(required = false) LocalDate asOf,
            @Parameter(description = "instant, ISO-8601 UTC") @RequestParam(required = false) Instant knownAt,
            @RequestParam(required = false) String communeCode) {
        TimeSlice slice = slices.of(asOf, knownAt);
        return coverage.report(communes(communeCode, slice), slice);
    }

    @GetMapping("/gaps")
    @Operation(
            summary = "Households entitled to a universal policy on asOf without an active grant of it, by commune,"
                    + " hamlet, head's name and policy; paged (size at most 200)")
    CoverageGaps gaps(
            @Parameter(description = "date, YYYY-MM-DD") @RequestParam(required = false) LocalDate asOf,
            @Parameter(description = "instant, ISO-8601 UTC") @RequestParam(required = false) Instant knownAt,
            @RequestParam(required = false) String communeCode,
            @Parameter(description = "a universal policy") @RequestParam(required = false) String policyCode,
            @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "50") int size) {
        String policy = blankToNull(policyCode);
        if (policy != null && coverage.universalPolicy(policy).isEmpty()) {
            throw ApiException.invalid(
                    "policyCode", "must be a universal policy of the catalogue, not '" + policy + "'");
        }
        if (page < 0) {
            throw ApiException.invalid("page", "must be 0 or more");
        }
        if (size < 1) {
            throw ApiException.invalid("size", "must be 1 or more");
        }
        int pageSize = Math.min(size, MAX_PAGE_SIZE);
        TimeSlice slice = slices.of(asOf, knownAt);
        CoverageQueries.GapPage gaps =
                coverage.gaps(communes(communeCode, slice), slice, policy, (long) page * pageSize, pageSize);
        return new CoverageGaps(slice.asOf(), gaps.gaps(), page, pageSize, gaps.total());
    }

    /** The named commune (404 when unknown or outside the user's communes) or every commune the user may read. */
    private List<CoverageBasis.Commune> communes(String communeCode, TimeSlice slice) {
        String code = blankToNull(communeCode);
        return coverage.communes(code, Scope.communesOf(CurrentUser.get()), slice)
                .orElseThrow(() -> ApiException.notFound("Commune " + code));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
