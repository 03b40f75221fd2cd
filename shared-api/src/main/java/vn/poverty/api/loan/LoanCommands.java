package vn.poverty.api.loan;

import java.time.LocalDate;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The commands that move a loan through its life after the application. */
public final class LoanCommands {
    private LoanCommands() {}

    /** Approve an applied loan. */
    public record ApproveLoanCommand(
            @TargetAggregateIdentifier LoanId loanId, LocalDate approvedOn) {}

    /** Reject an applied loan, with a reason. */
    public record RejectLoanCommand(
            @TargetAggregateIdentifier LoanId loanId, LocalDate rejectedOn, String reason) {}

    /** Pay out an approved loan; its schedule starts from {@code disbursedOn}. */
    public record DisburseLoanCommand(
            @TargetAggregateIdentifier LoanId loanId, LocalDate disbursedOn) {}

    /** Record a repayment of principal; refused when over the outstanding principal. */
    public record RecordRepaymentCommand(
            @TargetAggregateIdentifier LoanId loanId, long amount, LocalDate paidOn) {}

    /** Write a disbursed loan off, with a reason. */
    public record WriteOffLoanCommand(
            @TargetAggregateIdentifier LoanId loanId, LocalDate writtenOffOn, String reason) {}

    /** Sent by the daily check: record the loan as overdue as of a date if an instalment is unpaid. */
    public record RecordLoanOverdueCommand(
            @TargetAggregateIdentifier LoanId loanId, LocalDate asOf) {}
}
