package vn.poverty.api.loan;

import java.time.LocalDate;
import org.axonframework.serialization.Revision;

/**
 * The daily check found the loan overdue: by {@code asOf} the principal due exceeded the principal repaid by
 * {@code overdueAmount}, for the instalment due on {@code instalmentDueOn}. Recorded once per missed instalment, so
 * the bank is told; reports compute overdue for any date from the schedule and repayments.
 */
@Revision("1")
public record LoanFellOverdueEvent(LoanId loanId, LocalDate asOf, LocalDate instalmentDueOn, long overdueAmount)
        implements LoanEvent {}
