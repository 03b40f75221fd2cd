package vn.poverty.api.loan;

import java.time.LocalDate;
import org.axonframework.serialization.Revision;

/** A repayment of principal (VND); {@code outstandingAfter} is what remains owed after it. */
@Revision("1")
public record RepaymentRecordedEvent(LoanId loanId, long amount, LocalDate paidOn, long outstandingAfter)
        implements LoanEvent {}
