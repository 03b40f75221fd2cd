package vn.poverty.command.imports;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.LocalDate;
import java.util.List;
import vn.poverty.api.household.AssessmentKind;

/**
 * A bulk import of households with their histories (API.md additions: {@code POST /api/imports/households}): what a
 * commune's registers hold when they move off spreadsheets, and how the benchmark writes a province. Each part is the
 * body of the single-command endpoint it stands for, with the same limits.
 */
public final class HouseholdImport {

    /** The most households one request may carry. */
    public static final int MAX_HOUSEHOLDS = 1_000;

    /**
     * The most commands one request may send (a registration, an assessment, a recognition, a grant, a loan
     * application, approval, disbursement or repayment each count one). An import is one transaction: its events
     * become visible together when it commits, and until then the query side's trackers hold the indexes it took as
     * gaps; kept well under their {@code max-gap-offset} (10,000) and committed within seconds, none is given up.
     */
    public static final int MAX_COMMANDS = 3_000;

    private HouseholdImport() {}

    public record Request(
            @NotNull @Size(min = 1, max = MAX_HOUSEHOLDS) List<@NotNull @Valid Household> households) {}

    public record Head(
            @NotBlank @Size(max = 200) String fullName,

            @NotBlank @Pattern(regexp = "\\d{9}|\\d{12}", message = "must be 9 or 12 digits")
            String nationalId,

            @Min(1900) @Max(2100) Integer birthYear) {}

    public record Household(
            @NotBlank @Size(max = 20) String communeCode,
            @NotBlank @Size(max = 200) String hamlet,
            @NotNull @Valid Head head,
            @NotNull @Min(1) @Max(100) Integer memberCount,
            boolean meritHousehold,
            boolean ethnicMinority,
            @NotNull LocalDate registeredOn,
            @Size(max = 50) List<@NotNull @Valid Review> reviews,
            @Size(max = 20) List<@NotNull @Valid Loan> loans) {

        /** The commands this household's import sends. */
        public int commands() {
            int count = 1;
            for (Review review : reviewsOrNone()) {
                count += 1
                        + (review.recognition() == null ? 0 : 1)
                        + review.grantsOrNone().size();
            }
            for (Loan loan : loansOrNone()) {
                count += 1
                        + (loan.approvedOn() == null ? 0 : 1)
                        + (loan.disbursedOn() == null ? 0 : 1)
                        + loan.repaymentsOrNone().size();
            }
            return count;
        }

        public List<Review> reviewsOrNone() {
            return reviews == null ? List.of() : reviews;
        }

        public List<Loan> loansOrNone() {
            return loans == null ? List.of() : loans;
        }
    }

    /** A review survey, the decision that recognised it (absent: not decided yet) and the grants that followed. */
    public record Review(
            @NotNull @Min(2000) @Max(2100) Integer period,
            @NotNull AssessmentKind kind,
            @NotNull LocalDate assessedOn,
            @Size(max = 50) String standard,
            @NotNull @Min(0) Long incomePerCapita,
            @NotNull @Size(max = 50) List<@NotBlank String> deprivations,
            @Valid Recognition recognition,
            @Size(max = 50) List<@NotNull @Valid Grant> grants) {

        public List<Grant> grantsOrNone() {
            return grants == null ? List.of() : grants;
        }
    }

    public record Recognition(
            @NotBlank @Size(max = 100) String decisionRef,
            @NotNull LocalDate decidedOn) {}

    public record Grant(
            @NotBlank @Size(max = 50) String policyCode,
            @NotNull LocalDate validFrom,
            @NotNull LocalDate validTo,
            @NotBlank @Size(max = 100) String decisionRef,
            @Min(0) Long amount) {}

    /** A loan application and, as far as they happened, its approval, disbursement and repayments. */
    public record Loan(
            @NotBlank @Size(max = 50) String programCode,
            @NotNull @Min(1) Long principal,
            @NotNull @Min(0) @Max(1200) Integer termMonths,
            @Size(max = 1000) String purpose,
            @NotNull LocalDate appliedOn,
            LocalDate approvedOn,
            LocalDate disbursedOn,
            @Size(max = 1200) List<@NotNull @Valid Repayment> repayments) {

        public List<Repayment> repaymentsOrNone() {
            return repayments == null ? List.of() : repayments;
        }
    }

    public record Repayment(
            @NotNull @Min(1) Long amount, @NotNull LocalDate paidOn) {}

    /** What was created, in the request's order: the ids to address the records by afterwards. */
    public record Response(int households, long commands, List<Imported> results) {}

    public record Imported(
            String householdId, List<String> assessmentIds, List<String> grantIds, List<String> loanIds) {}
}
