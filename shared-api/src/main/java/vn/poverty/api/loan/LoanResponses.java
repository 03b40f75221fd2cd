package vn.poverty.api.loan;

import java.math.BigDecimal;

/** Results of the loan commands. */
public final class LoanResponses {
    private LoanResponses() {}

    /** Result of {@link ApplyForLoanCommand}: the new loan and the programme's yearly rate. */
    public record LoanAppliedResponse(LoanId loanId, BigDecimal annualRatePercent) {}

    /** Result of the other loan commands: the loan's state and outstanding principal afterwards. */
    public record LoanStateResponse(LoanId loanId, LoanState state, long outstanding) {}
}
