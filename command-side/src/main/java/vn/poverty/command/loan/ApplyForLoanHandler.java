package vn.poverty.command.loan;

import java.time.LocalDate;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.Repository;
import org.springframework.stereotype.Component;
import vn.poverty.api.household.StatusHistory;
import vn.poverty.api.loan.ApplyForLoanCommand;
import vn.poverty.api.loan.LoanResponses.LoanAppliedResponse;
import vn.poverty.command.household.Household;
import vn.poverty.command.shared.DomainException;
import vn.poverty.platform.loan.LoanProgram;
import vn.poverty.platform.loan.LoanProgramCatalogue;

/**
 * Takes a loan application: the programme's terms in force on the application date, the household's eligibility
 * on that date (read from its own history), and the rule of one open loan per programme per household.
 */
@Component
class ApplyForLoanHandler {

    private final Repository<Loan> loans;
    private final Repository<Household> households;
    private final LoanProgramCatalogue programs;
    private final LoanRegistry registry;

    ApplyForLoanHandler(
            Repository<Loan> loans,
            Repository<Household> households,
            LoanProgramCatalogue programs,
            LoanRegistry registry) {
        this.loans = loans;
        this.households = households;
        this.programs = programs;
        this.registry = registry;
    }

    @CommandHandler
    LoanAppliedResponse handle(ApplyForLoanCommand command) throws Exception {
        LoanProgram program = programs.program(command.programCode())
                .orElseThrow(() -> DomainException.invalid(
                        "programCode",
                        "Unknown programme '" + command.programCode() + "'; known: " + programs.codes()));
        LocalDate appliedOn = command.appliedOn();
        LoanProgram.Version terms = program.on(appliedOn)
                .orElseThrow(() -> DomainException.rule(
                        "PROGRAM_NOT_OPEN", program.programCode() + " takes no applications on " + appliedOn));
        if (command.principal() > terms.maxPrincipal()) {
            throw DomainException.rule(
                    "OVER_MAXIMUM",
                    "The principal of " + command.principal() + " VND is over the programme's maximum of "
                            + terms.maxPrincipal() + " VND");
        }
        if (command.termMonths() < terms.minTermMonths() || command.termMonths() > terms.maxTermMonths()) {
            throw DomainException.rule(
                    "TERM_OUT_OF_RANGE",
                    "The term must be " + terms.minTermMonths() + " to " + terms.maxTermMonths() + " months for "
                            + program.programCode());
        }
        Household household;
        try {
            household = households.load(command.householdId().value()).invoke(h -> h);
        } catch (AggregateNotFoundException e) {
            throw DomainException.notFound("HOUSEHOLD_NOT_FOUND", "Household " + command.householdId() + " not found");
        }
        StatusHistory history = household.statusHistory();
        if (!LoanProgramCatalogue.eligible(terms, history, appliedOn)) {
            throw DomainException.rule(
                    "NOT_ELIGIBLE",
                    "On " + appliedOn + " the household ("
                            + history.statusOn(appliedOn) + (history.newlyEscapedOn(appliedOn) ? ", newly escaped" : "")
                            + ") is not eligible for " + program.programCode() + " (eligible: "
                            + terms.eligibleStatuses()
                            + ")");
        }
        registry.open(command.loanId(), command.householdId(), program.programCode());
        loans.newInstance(() -> new Loan(
                command,
                household.communeCode(),
                terms.annualRatePercent(),
                history.statusOn(appliedOn),
                history.newlyEscapedOn(appliedOn)));
        return new LoanAppliedResponse(command.loanId(), terms.annualRatePercent());
    }
}
