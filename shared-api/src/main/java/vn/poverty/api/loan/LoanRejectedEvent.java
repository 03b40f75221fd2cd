package vn.poverty.api.loan;

import java.time.LocalDate;
import org.axonframework.serialization.Revision;

/** The bank rejected the application, with a reason. */
@Revision("1")
public record LoanRejectedEvent(LoanId loanId, LocalDate rejectedOn, String reason) implements LoanEvent {}
