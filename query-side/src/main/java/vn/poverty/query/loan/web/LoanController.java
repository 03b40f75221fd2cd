package vn.poverty.query.loan.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.time.LocalDate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import vn.poverty.platform.security.CurrentUser;
import vn.poverty.platform.security.PovertyUser;
import vn.poverty.platform.web.ApiException;
import vn.poverty.query.loan.LoanQueries;
import vn.poverty.query.loan.LoanView;
import vn.poverty.query.shared.TimeSlices;

@RestController
@RequestMapping("/api/loans")
@Tag(name = "Loans", description = "Preferential loans as of a date, as known at an instant")
class LoanController {

    private final LoanQueries loans;
    private final TimeSlices slices;

    LoanController(LoanQueries loans, TimeSlices slices) {
        this.loans = loans;
        this.slices = slices;
    }

    @GetMapping("/{loanId}")
    @Operation(
            summary = "One loan on asOf (default today) as known at knownAt (default now): state, outstanding"
                    + " principal, overdue amount, schedule once disbursed, repayments paid by asOf. Not found before its"
                    + " application date")
    LoanView loan(
            @PathVariable String loanId,
            @Parameter(description = "date, YYYY-MM-DD") @RequestParam(required = false) LocalDate asOf,
            @Parameter(description = "instant, ISO-8601 UTC") @RequestParam(required = false) Instant knownAt) {
        PovertyUser user = CurrentUser.get();
        // another commune's loan is "not found" for a commune officer: no hint that it exists
        return loans.find(loanId, slices.of(asOf, knownAt))
                .filter(l -> user.mayRead(l.communeCode()))
                .orElseThrow(() -> ApiException.notFound("Loan " + loanId));
    }
}
