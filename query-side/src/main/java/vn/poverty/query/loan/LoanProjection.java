package vn.poverty.query.loan;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.springframework.stereotype.Component;
import vn.poverty.api.loan.Instalment;
import vn.poverty.api.loan.LoanAppliedEvent;
import vn.poverty.api.loan.LoanApprovedEvent;
import vn.poverty.api.loan.LoanDisbursedEvent;
import vn.poverty.api.loan.LoanFellOverdueEvent;
import vn.poverty.api.loan.LoanRejectedEvent;
import vn.poverty.api.loan.LoanSettledEvent;
import vn.poverty.api.loan.LoanWrittenOffEvent;
import vn.poverty.api.loan.RepaymentRecordedEvent;
import vn.poverty.query.shared.ProjectionWrites;
import vn.poverty.query.shared.Timestamps;

/**
 * Keeps the loans ({@code q_loan}), the dated facts of their lives ({@code q_loan_event}: one row per event after the
 * application, with its effective date and the instant it was recorded) and their schedules
 * ({@code q_loan_instalment}). Loan events belong to the Loan aggregate, so in this processing group they arrive in
 * order per loan; the loan carries its household and commune, so nothing here waits for the household projection.
 */
@Component
@ProcessingGroup(LoanProjection.GROUP)
class LoanProjection {

    static final String GROUP = "loan-projection";

    private final ProjectionWrites writes;
    private final LoanTallies tallies;

    LoanProjection(ProjectionWrites writes, LoanTallies tallies) {
        this.writes = writes;
        this.tallies = tallies;
    }

    @EventHandler
    void on(LoanAppliedEvent event, DomainEventMessage<?> message) {
        writes.update(
                """
                INSERT INTO q_loan (loan_id, household_id, commune_code, program_code, principal, term_months,
                    annual_rate_percent, purpose, applied_on, household_status, recorded_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (loan_id) DO NOTHING""",
                event.loanId().value(),
                event.householdId().value(),
                event.communeCode(),
                event.programCode(),
                event.principal(),
                event.termMonths(),
                event.annualRatePercent(),
                event.purpose(),
                event.appliedOn(),
                event.householdStatus().name(),
                Timestamps.of(message.getTimestamp()));
    }

    @EventHandler
    void on(LoanApprovedEvent event, DomainEventMessage<?> message) {
        fact(message, event.loanId().value(), LoanHistory.Kind.APPROVED, event.approvedOn(), 0, null);
    }

    @EventHandler
    void on(LoanRejectedEvent event, DomainEventMessage<?> message) {
        fact(message, event.loanId().value(), LoanHistory.Kind.REJECTED, event.rejectedOn(), 0, event.reason());
    }

    /** The disbursement and its schedule: the schedule is known exactly when the disbursement is. */
    @EventHandler
    void on(LoanDisbursedEvent event, DomainEventMessage<?> message) {
        String loanId = event.loanId().value();
        List<Instalment> schedule = event.schedule();
        long paidOut = schedule.stream().mapToLong(Instalment::amount).sum();
        List<Object[]> instalments = new ArrayList<>();
        for (int k = 0; k < schedule.size(); k++) {
            instalments.add(new Object[] {
                loanId, k + 1, schedule.get(k).dueOn(), schedule.get(k).amount()
            });
        }
        writes.batchUpdate("""
                INSERT INTO q_loan_instalment (loan_id, instalment, due_on, amount) VALUES (?, ?, ?, ?)
                ON CONFLICT (loan_id, instalment) DO NOTHING""", instalments);
        fact(message, loanId, LoanHistory.Kind.DISBURSED, event.disbursedOn(), paidOut, null);
    }

    @EventHandler
    void on(RepaymentRecordedEvent event, DomainEventMessage<?> message) {
        fact(message, event.loanId().value(), LoanHistory.Kind.REPAID, event.paidOn(), event.amount(), null);
    }

    @EventHandler
    void on(LoanSettledEvent event, DomainEventMessage<?> message) {
        fact(message, event.loanId().value(), LoanHistory.Kind.SETTLED, event.settledOn(), 0, null);
    }

    @EventHandler
    void on(LoanWrittenOffEvent event, DomainEventMessage<?> message) {
        fact(
                message,
                event.loanId().value(),
                LoanHistory.Kind.WRITTEN_OFF,
                event.writtenOffOn(),
                event.outstanding(),
                event.reason());
    }

    /** Kept for the record (the bank was told); reads compute overdue for any date from schedule and repayments. */
    @EventHandler
    void on(LoanFellOverdueEvent event, DomainEventMessage<?> message) {
        fact(message, event.loanId().value(), LoanHistory.Kind.OVERDUE, event.asOf(), event.overdueAmount(), null);
    }

    private void fact(
            DomainEventMessage<?> message,
            String loanId,
            LoanHistory.Kind kind,
            LocalDate effectiveOn,
            long amount,
            String reason) {
        writes.update(
                """
                INSERT INTO q_loan_event (event_id, loan_id, kind, effective_on, amount, reason, recorded_at)
                VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (event_id) DO NOTHING""",
                message.getIdentifier(),
                loanId,
                kind.name(),
                effectiveOn,
                amount,
                reason,
                Timestamps.of(message.getTimestamp()));
        if (kind != LoanHistory.Kind.OVERDUE) {
            tallies.changed(loanId);
        }
    }

    /**
     * Empties the projection's tables for a rebuild, in the reset's transaction. TRUNCATE rather than DELETE: the
     * replay then writes into new, empty tables and indexes instead of beside millions of dead rows that autovacuum
     * must clean while it runs (see the design notes, "Where a rebuild's database time goes").
     */
    @ResetHandler
    void reset() {
        tallies.clear();
        writes.update("TRUNCATE q_loan_instalment, q_loan_event, q_loan");
    }
}
