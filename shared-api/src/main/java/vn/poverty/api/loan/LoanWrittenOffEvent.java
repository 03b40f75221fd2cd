package vn.poverty.api.loan;

import java.time.LocalDate;
import org.axonframework.serialization.Revision;

/** The bank wrote the loan off; {@code outstanding} is the principal given up. */
@Revision("1")
public record LoanWrittenOffEvent(LoanId loanId, LocalDate writtenOffOn, String reason, long outstanding)
        implements LoanEvent {}
