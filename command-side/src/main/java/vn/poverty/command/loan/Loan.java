package vn.poverty.command.loan;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;
import vn.poverty.api.household.HouseholdStatus;
import vn.poverty.api.loan.ApplyForLoanCommand;
import vn.poverty.api.loan.Instalment;
import vn.poverty.api.loan.LoanAppliedEvent;
import vn.poverty.api.loan.LoanApprovedEvent;
import vn.poverty.api.loan.LoanCommands.ApproveLoanCommand;
import vn.poverty.api.loan.LoanCommands.DisburseLoanCommand;
import vn.poverty.api.loan.LoanCommands.RecordLoanOverdueCommand;
import vn.poverty.api.loan.LoanCommands.RecordRepaymentCommand;
import vn.poverty.api.loan.LoanCommands.RejectLoanCommand;
import vn.poverty.api.loan.LoanCommands.WriteOffLoanCommand;
import vn.poverty.api.loan.LoanDisbursedEvent;
import vn.poverty.api.loan.LoanFellOverdueEvent;
import vn.poverty.api.loan.LoanId;
import vn.poverty.api.loan.LoanRejectedEvent;
import vn.poverty.api.loan.LoanResponses.LoanStateResponse;
import vn.poverty.api.loan.LoanSettledEvent;
import vn.poverty.api.loan.LoanState;
import vn.poverty.api.loan.LoanWrittenOffEvent;
import vn.poverty.api.loan.RepaymentRecordedEvent;
import vn.poverty.api.loan.RepaymentSchedule;
import vn.poverty.command.shared.DomainException;
import vn.poverty.command.shared.ImportScopedCache;

/** A preferential loan of the Social Policy Bank, from application to settlement or write-off. */
@Aggregate(cache = ImportScopedCache.BEAN)
public class Loan {

    @AggregateIdentifier
    private LoanId loanId;

    private LoanState state;
    private long principal;
    private int termMonths;
    private LocalDate appliedOn;
    private LocalDate approvedOn;
    private LocalDate disbursedOn;
    private List<Instalment> schedule = List.of();
    private final List<Repayment> repayments = new ArrayList<>();
    private LocalDate lastOverdueInstalment;

    private record Repayment(LocalDate paidOn, long amount) {}

    protected Loan() {
        // for Axon
    }

    /** Created by {@link ApplyForLoanHandler} once eligibility and the one-open-loan rule are checked. */
    Loan(
            ApplyForLoanCommand command,
            String communeCode,
            BigDecimal annualRatePercent,
            HouseholdStatus status,
            boolean newlyEscaped) {
        apply(new LoanAppliedEvent(
                command.loanId(),
                command.householdId(),
                communeCode,
                command.programCode(),
                command.principal(),
                command.termMonths(),
                annualRatePercent,
                command.purpose(),
                command.appliedOn(),
                status,
                newlyEscaped));
    }

    @CommandHandler
    LoanStateResponse handle(ApproveLoanCommand command) {
        requireState(LoanState.APPLIED, "approved");
        notBefore(command.approvedOn(), appliedOn, "approval", "application");
        apply(new LoanApprovedEvent(loanId, command.approvedOn()));
        return response();
    }

    @CommandHandler
    LoanStateResponse handle(RejectLoanCommand command) {
        requireState(LoanState.APPLIED, "rejected");
        notBefore(command.rejectedOn(), appliedOn, "rejection", "application");
        apply(new LoanRejectedEvent(loanId, command.rejectedOn(), command.reason()));
        return response();
    }

    @CommandHandler
    LoanStateResponse handle(DisburseLoanCommand command) {
        requireState(LoanState.APPROVED, "disbursed");
        notBefore(command.disbursedOn(), approvedOn, "disbursement", "approval");
        apply(new LoanDisbursedEvent(
                loanId, command.disbursedOn(), RepaymentSchedule.of(principal, termMonths, command.disbursedOn())));
        return response();
    }

    @CommandHandler
    LoanStateResponse handle(RecordRepaymentCommand command) {
        requireState(LoanState.DISBURSED, "repaid");
        notBefore(command.paidOn(), disbursedOn, "repayment", "disbursement");
        lastRepayment().ifPresent(last -> notBefore(command.paidOn(), last, "repayment", "last repayment"));
        long outstanding = outstanding();
        if (command.amount() > outstanding) {
            throw DomainException.rule(
                    "OVER_OUTSTANDING",
                    "The repayment of " + command.amount() + " VND is more than the outstanding principal of "
                            + outstanding + " VND");
        }
        apply(new RepaymentRecordedEvent(loanId, command.amount(), command.paidOn(), outstanding - command.amount()));
        if (outstanding == command.amount()) {
            apply(new LoanSettledEvent(loanId, command.paidOn()));
        }
        return response();
    }

    @CommandHandler
    LoanStateResponse handle(WriteOffLoanCommand command) {
        requireState(LoanState.DISBURSED, "written off");
        notBefore(command.writtenOffOn(), disbursedOn, "write-off", "disbursement");
        lastRepayment().ifPresent(last -> notBefore(command.writtenOffOn(), last, "write-off", "last repayment"));
        apply(new LoanWrittenOffEvent(loanId, command.writtenOffOn(), command.reason(), outstanding()));
        return response();
    }

    /** The daily check: records the loan overdue once per missed instalment; otherwise changes nothing. */
    @CommandHandler
    LoanStateResponse handle(RecordLoanOverdueCommand command) {
        if (state != LoanState.DISBURSED) {
            return response();
        }
        long repaidByThen = repayments.stream()
                .filter(r -> !r.paidOn().isAfter(command.asOf()))
                .mapToLong(Repayment::amount)
                .sum();
        long overdue = RepaymentSchedule.overdueAmount(schedule, repaidByThen, command.asOf());
        LocalDate latestDue = schedule.stream()
                .map(Instalment::dueOn)
                .filter(d -> !d.isAfter(command.asOf()))
                .reduce((first, second) -> second)
                .orElse(null);
        if (overdue > 0
                && latestDue != null
                && (lastOverdueInstalment == null || latestDue.isAfter(lastOverdueInstalment))) {
            apply(new LoanFellOverdueEvent(loanId, command.asOf(), latestDue, overdue));
        }
        return response();
    }

    private void requireState(LoanState required, String action) {
        if (state != required) {
            throw DomainException.conflict(
                    "LOAN_" + state,
                    "A loan that is " + state + " cannot be " + action + " (it must be " + required + ")");
        }
    }

    private static void notBefore(LocalDate date, LocalDate earlier, String what, String earlierWhat) {
        if (date.isBefore(earlier)) {
            throw DomainException.rule(
                    "DATE_BEFORE_"
                            + earlierWhat.toUpperCase(java.util.Locale.ROOT).replace(' ', '_'),
                    "The " + what + " date " + date + " is before the " + earlierWhat + " date " + earlier);
        }
    }

    private java.util.Optional<LocalDate> lastRepayment() {
        return repayments.stream().map(Repayment::paidOn).max(LocalDate::compareTo);
    }

    private long outstanding() {
        return state == LoanState.DISBURSED || state == LoanState.SETTLED || state == LoanState.WRITTEN_OFF
                ? principal - repayments.stream().mapToLong(Repayment::amount).sum()
                : 0;
    }

    private LoanStateResponse response() {
        return new LoanStateResponse(loanId, state, outstanding());
    }

    @EventSourcingHandler
    void on(LoanAppliedEvent event) {
        loanId = event.loanId();
        state = LoanState.APPLIED;
        principal = event.principal();
        termMonths = event.termMonths();
        appliedOn = event.appliedOn();
    }

    @EventSourcingHandler
    void on(LoanApprovedEvent event) {
        state = LoanState.APPROVED;
        approvedOn = event.approvedOn();
    }

    @EventSourcingHandler
    void on(LoanRejectedEvent event) {
        state = LoanState.REJECTED;
    }

    @EventSourcingHandler
    void on(LoanDisbursedEvent event) {
        state = LoanState.DISBURSED;
        disbursedOn = event.disbursedOn();
        schedule = List.copyOf(event.schedule());
    }

    @EventSourcingHandler
    void on(RepaymentRecordedEvent event) {
        repayments.add(new Repayment(event.paidOn(), event.amount()));
    }

    @EventSourcingHandler
    void on(LoanSettledEvent event) {
        state = LoanState.SETTLED;
    }

    @EventSourcingHandler
    void on(LoanWrittenOffEvent event) {
        state = LoanState.WRITTEN_OFF;
    }

    @EventSourcingHandler
    void on(LoanFellOverdueEvent event) {
        lastOverdueInstalment = event.instalmentDueOn();
    }
}
