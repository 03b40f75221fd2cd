package vn.poverty.api.loan;

import java.math.BigDecimal;
import java.time.LocalDate;
import org.axonframework.serialization.Revision;
import vn.poverty.api.household.HouseholdId;
import vn.poverty.api.household.HouseholdStatus;

/**
 * A household applied for a preferential loan and was eligible on {@code appliedOn}: the evidence of eligibility
 * ({@code householdStatus} on that date, {@code newlyEscaped}) and the programme's rate are recorded with it.
 */
@Revision("1")
public record LoanAppliedEvent(
        LoanId loanId,
        HouseholdId householdId,
        String communeCode,
        String programCode,
        long principal,
        int termMonths,
        BigDecimal annualRatePercent,
        String purpose,
        LocalDate appliedOn,
        HouseholdStatus householdStatus,
        boolean newlyEscaped)
        implements LoanEvent {}
