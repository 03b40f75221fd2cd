package vn.poverty.query.poverty.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.time.LocalDate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import vn.poverty.platform.security.CurrentUser;
import vn.poverty.query.poverty.PovertyQueries;
import vn.poverty.query.poverty.PovertyReport;
import vn.poverty.query.shared.Scope;
import vn.poverty.query.shared.TimeSlices;

@RestController
@RequestMapping("/api/reports")
@Tag(name = "Reports", description = "Poverty rates per commune and for the district, as of any date")
class PovertyReportController {

    private final PovertyQueries poverty;
    private final TimeSlices slices;

    PovertyReportController(PovertyQueries poverty, TimeSlices slices) {
        this.poverty = poverty;
        this.slices = slices;
    }

    @GetMapping("/poverty")
    @Operation(summary = "Poor and near-poor households and rates (half-up, 2 decimals) of the recorded totals")
    PovertyReport poverty(
            @RequestParam(required = false) LocalDate asOf,
            @RequestParam(required = false) Instant knownAt,
            @RequestParam(required = false) String communeCode) {
        return poverty.report(
                slices.of(asOf, knownAt),
                communeCode == null || communeCode.isBlank() ? null : communeCode.strip(),
                Scope.communesOf(CurrentUser.get()));
    }
}
