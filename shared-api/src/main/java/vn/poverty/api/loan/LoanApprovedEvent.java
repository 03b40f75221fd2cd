package vn.poverty.api.loan;

import java.time.LocalDate;
import org.axonframework.serialization.Revision;

/** The bank approved the application. */
@Revision("1")
public record LoanApprovedEvent(LoanId loanId, LocalDate approvedOn) implements LoanEvent {}
