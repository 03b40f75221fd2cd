package vn.poverty.command.loan;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.stereotype.Component;
import vn.poverty.api.loan.LoanDisbursedEvent;
import vn.poverty.api.loan.LoanRejectedEvent;
import vn.poverty.api.loan.LoanSettledEvent;
import vn.poverty.api.loan.LoanWrittenOffEvent;

/**
 * Keeps {@link LoanRegistry} in step with the loans' lives. A subscribing processor (see application.yml): it runs in
 * the command's own unit of work, so the registry row changes in the same transaction as the event is stored.
 */
@Component
@ProcessingGroup(LoanRegistryUpdater.GROUP)
class LoanRegistryUpdater {

    static final String GROUP = "loan-registry";

    private final LoanRegistry registry;

    LoanRegistryUpdater(LoanRegistry registry) {
        this.registry = registry;
    }

    @EventHandler
    void on(LoanDisbursedEvent event) {
        registry.disbursed(event.loanId());
    }

    @EventHandler
    void on(LoanRejectedEvent event) {
        registry.closed(event.loanId());
    }

    @EventHandler
    void on(LoanSettledEvent event) {
        registry.closed(event.loanId());
    }

    @EventHandler
    void on(LoanWrittenOffEvent event) {
        registry.closed(event.loanId());
    }
}
