package vn.poverty.query.loan;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import vn.poverty.api.loan.Instalment;
import vn.poverty.api.loan.LoanState;

/**
 * A loan as on {@code asOf} and as known at {@code knownAt} (API.md "GET /api/loans/{id}"), computed by
 * {@link LoanHistory}: money in whole VND, the rate an exact decimal; {@code disbursedOn} and the schedule once
 * disbursed by asOf (null and empty before), the repayments paid by asOf.
 */
public record LoanView(
        String loanId,
        String householdId,
        String communeCode,
        String programCode,
        LoanState state,
        long principal,
        BigDecimal annualRatePercent,
        int termMonths,
        LocalDate appliedOn,
        LocalDate disbursedOn,
        long outstanding,
        boolean overdue,
        long overdueAmount,
        List<Instalment> schedule,
        List<Repayment> repayments) {

    /** A repayment of principal. */
    public record Repayment(LocalDate paidOn, long amount) {}
}
