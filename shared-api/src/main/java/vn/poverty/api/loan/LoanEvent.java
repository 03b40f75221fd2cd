package vn.poverty.api.loan;

/** Events of the loan aggregate, emitted by the command side. */
public sealed interface LoanEvent
        permits LoanAppliedEvent,
                LoanApprovedEvent,
                LoanRejectedEvent,
                LoanDisbursedEvent,
                RepaymentRecordedEvent,
                LoanSettledEvent,
                LoanWrittenOffEvent,
                LoanFellOverdueEvent {
    LoanId loanId();
}
