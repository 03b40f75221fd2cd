package vn.poverty.command.loan;

import java.util.List;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import vn.poverty.api.household.HouseholdId;
import vn.poverty.api.loan.LoanId;
import vn.poverty.command.shared.DomainException;

/**
 * The command side's register of loans, written in the loan commands' transactions: "one open loan per programme
 * per household" (a partial unique index on open loans), and which loans the daily overdue check must look at.
 */
@Component
class LoanRegistry {

    private final JdbcTemplate jdbc;

    LoanRegistry(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    void open(LoanId loanId, HouseholdId householdId, String programCode) {
        try {
            jdbc.update("""
                    INSERT INTO loan_registry (loan_id, household_id, program_code, open, disbursed)
                    VALUES (?, ?, ?, TRUE, FALSE)""", loanId.value(), householdId.value(), programCode);
        } catch (DuplicateKeyException e) {
            throw DomainException.rule(
                    "ONE_OPEN_LOAN_PER_PROGRAM",
                    "The household already has an open " + programCode
                            + " loan; it must be settled, written off or rejected first");
        }
    }

    void disbursed(LoanId loanId) {
        jdbc.update("UPDATE loan_registry SET disbursed = TRUE WHERE loan_id = ?", loanId.value());
    }

    void closed(LoanId loanId) {
        jdbc.update("UPDATE loan_registry SET open = FALSE WHERE loan_id = ?", loanId.value());
    }

    /** Loans paid out and not yet settled or written off: those that can fall overdue. */
    List<LoanId> running() {
        return jdbc
                .queryForList(
                        "SELECT loan_id FROM loan_registry WHERE open AND disbursed ORDER BY loan_id", String.class)
                .stream()
                .map(LoanId::of)
                .toList();
    }
}
