package vn.poverty.command.loan;

import java.time.LocalDate;
import java.util.List;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import vn.poverty.api.loan.LoanCommands.RecordLoanOverdueCommand;
import vn.poverty.api.loan.LoanId;
import vn.poverty.command.shared.RequestMetadataInterceptor;

/**
 * The daily check that records, as events, the loans that fell overdue (so the bank is told): one
 * {@link RecordLoanOverdueCommand} per running loan; the loan decides whether an instalment is newly missed.
 * Scheduled by {@link OverdueCheckSchedule}; ADMIN can also run it for a date.
 */
@Component
public class OverdueCheck {

    /** The actor recorded on the events of the daily check. */
    public static final String ACTOR = "system:overdue-check";

    private static final Logger log = LoggerFactory.getLogger(OverdueCheck.class);

    private final LoanRegistry registry;
    private final CommandGateway commands;

    OverdueCheck(LoanRegistry registry, CommandGateway commands) {
        this.registry = registry;
        this.commands = commands;
    }

    /** Checks every running loan as of {@code asOf}; returns how many were checked. */
    public int run(LocalDate asOf) {
        List<LoanId> running = registry.running();
        for (LoanId loan : running) {
            try {
                commands.sendAndWait(GenericCommandMessage.asCommandMessage(new RecordLoanOverdueCommand(loan, asOf))
                        .andMetaData(MetaData.with(RequestMetadataInterceptor.ACTOR, ACTOR)));
            } catch (RuntimeException e) {
                // one loan's failure must not stop the check of the others; tomorrow's run tries it again
                log.warn("Overdue check of loan {} as of {} failed: {}", loan, asOf, e.getMessage());
            }
        }
        log.info("Overdue check as of {}: {} running loan(s) checked", asOf, running.size());
        return running.size();
    }
}
