package vn.poverty.query.loan.web;

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
import vn.poverty.query.loan.LoanReport;
import vn.poverty.query.loan.LoanReportQueries;
import vn.poverty.query.shared.Scope;
import vn.poverty.query.shared.TimeSlice;
import vn.poverty.query.shared.TimeSlices;

@RestController
@RequestMapping("/api/reports/loans")
@Tag(name = "Reports")
class LoanReportController {

    private final LoanReportQueries report;
    private final TimeSlices slices;

    LoanReportController(LoanReportQueries report, TimeSlices slices) {
        this.report = report;
        this.slices = slices;
    }

    @GetMapping
    @Operation(
            summary =
                    "Per loan programme on asOf: active loans (disbursed, neither settled nor written off),"
                            + " outstanding principal, overdue loans and overdue amount (VND); per commune and for the district")
    LoanReport loans(
            @Parameter(description = "date, YYYY-MM-DD") @RequestParam(required = false) LocalDate asOf,
            @Parameter(description = "instant, ISO-8601 UTC") @RequestParam(required = false) Instant knownAt,
            @RequestParam(required = false) String communeCode) {
        TimeSlice slice = slices.of(asOf, knownAt);
        String code = communeCode == null || communeCode.isBlank() ? null : communeCode.strip();
        // a commune unknown, or outside a commune officer's communes, is not found
        List<LoanReport.Commune> communes = report.communes(code, Scope.communesOf(CurrentUser.get()), slice)
                .orElseThrow(() -> ApiException.notFound("Commune " + code));
        return report.report(communes, slice);
    }
}
