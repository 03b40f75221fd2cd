package vn.poverty.api.loan;

import java.time.LocalDate;
import org.axonframework.serialization.Revision;

/** The outstanding principal reached 0 with the repayment of that date; the loan is closed. */
@Revision("1")
public record LoanSettledEvent(LoanId loanId, LocalDate settledOn) implements LoanEvent {}
