package vn.poverty.query.targets.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import vn.poverty.platform.security.CurrentUser;
import vn.poverty.platform.web.ApiException;
import vn.poverty.query.coverage.CoverageBasis;
import vn.poverty.query.coverage.CoverageQueries;
import vn.poverty.query.shared.Scope;
import vn.poverty.query.shared.TimeSlice;
import vn.poverty.query.shared.TimeSlices;
import vn.poverty.query.targets.TargetsQueries;
import vn.poverty.query.targets.TargetsReport;

@RestController
@RequestMapping("/api/reports/targets")
@Tag(name = "Reports")
class TargetsController {

    static final int MAX_YEARS = 50;
    static final int MIN_YEAR = 1900;
    static final int MAX_YEAR = 9999;

    private final TargetsQueries targets;
    private final CoverageQueries coverage;
    private final TimeSlices slices;

    TargetsController(TargetsQueries targets, CoverageQueries coverage, TimeSlices slices) {
        this.targets = targets;
        this.coverage = coverage;
        this.slices = slices;
    }

    @GetMapping
    @Operation(
            summary = "Per year (as of 31 Dec): poor rate, its fall from the year before against the 1.5-point"
                    + " target, merit households still poor, universal-policy coverage; and the average yearly fall."
                    + " District-wide (a commune officer's communes), or one commune")
    TargetsReport targets(
            @Parameter(description = "first year, e.g. 2021") @RequestParam int fromYear,
            @Parameter(description = "last year, at most 50 years after fromYear") @RequestParam int toYear,
            @RequestParam(required = false) String communeCode,
            @Parameter(description = "instant, ISO-8601 UTC") @RequestParam(required = false) Instant knownAt) {
        checkYear("fromYear", fromYear);
        checkYear("toYear", toYear);
        if (toYear < fromYear) {
            throw ApiException.invalid("toYear", "must not be before fromYear");
        }
        if (toYear - fromYear + 1 > MAX_YEARS) {
            throw ApiException.invalid("toYear", "the range may cover at most " + MAX_YEARS + " years");
        }
        String code = communeCode == null || communeCode.isBlank() ? null : communeCode.strip();
        Set<String> scope = Scope.communesOf(CurrentUser.get());
        TimeSlice slice = slices.of(LocalDate.of(toYear, 12, 31), knownAt);
        // a commune unknown, or outside a commune officer's communes, is not found
        List<CoverageBasis.Commune> communes =
                coverage.communes(code, scope, slice).orElseThrow(() -> ApiException.notFound("Commune " + code));
        return targets.report(fromYear, toYear, code, scope, communes, slice.knownAt());
    }

    private static void checkYear(String field, int year) {
        if (year < MIN_YEAR || year > MAX_YEAR) {
            throw ApiException.invalid(field, "must be a year from " + MIN_YEAR + " to " + MAX_YEAR);
        }
    }
}
