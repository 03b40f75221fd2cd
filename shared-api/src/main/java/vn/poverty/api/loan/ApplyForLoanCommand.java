package vn.poverty.api.loan;

import java.time.LocalDate;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import vn.poverty.api.household.HouseholdId;

/** Apply for a preferential loan; refused when the household is not eligible on {@code appliedOn}. */
public record ApplyForLoanCommand(
        @TargetAggregateIdentifier LoanId loanId,
        HouseholdId householdId,
        String programCode,
        long principal,
        int termMonths,
        String purpose,
        LocalDate appliedOn) {}
