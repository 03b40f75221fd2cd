package vn.poverty.query.household;

import java.time.LocalDate;
import java.util.List;
import vn.poverty.api.household.HouseholdStatus;
import vn.poverty.api.loan.LoanState;

/** A household as in force on {@code asOf} and as known at {@code knownAt} (API.md "GET /api/households/{id}"). */
public record HouseholdView(
        String householdId,
        String communeCode,
        String hamlet,
        String areaType,
        Head head,
        int memberCount,
        boolean meritHousehold,
        boolean ethnicMinority,
        LocalDate registeredOn,
        HouseholdStatus status,
        LocalDate statusSince,
        boolean newlyEscaped,
        List<Grant> grants,
        List<Loan> loans) {

    public record Head(String fullName, String nationalId, Integer birthYear) {}

    /** The same view with the head's national ID reduced to its last 4 digits (for bank officers). */
    public HouseholdView withNationalIdMasked() {
        String id = head.nationalId();
        String masked =
                id == null || id.length() <= 4 ? id : "*".repeat(id.length() - 4) + id.substring(id.length() - 4);
        return new HouseholdView(
                householdId,
                communeCode,
                hamlet,
                areaType,
                new Head(head.fullName(), masked, head.birthYear()),
                memberCount,
                meritHousehold,
                ethnicMinority,
                registeredOn,
                status,
                statusSince,
                newlyEscaped,
                grants,
                loans);
    }

    /** A policy grant of the household recorded by knownAt; {@code active} on the asOf date (HouseholdGrant). */
    public record Grant(String grantId, String policyCode, LocalDate validFrom, LocalDate validTo, boolean active) {}

    /**
     * A preferential loan of the household applied for by the asOf date and recorded by knownAt, in its state on
     * asOf (LoanHistory): outstanding principal in VND, overdue when principal due by asOf is not repaid.
     */
    public record Loan(String loanId, String programCode, LoanState state, long outstanding, boolean overdue) {}
}
