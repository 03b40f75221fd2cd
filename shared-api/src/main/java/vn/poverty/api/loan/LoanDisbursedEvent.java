package vn.poverty.api.loan;

import java.time.LocalDate;
import java.util.List;
import org.axonframework.serialization.Revision;

/** The principal was paid out; {@code schedule} is when it falls due ({@link RepaymentSchedule}). */
@Revision("1")
public record LoanDisbursedEvent(LoanId loanId, LocalDate disbursedOn, List<Instalment> schedule)
        implements LoanEvent {}
