package vn.poverty.command.imports;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.axonframework.commandhandling.CommandExecutionException;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import vn.poverty.api.error.Failure;
import vn.poverty.api.household.AssessmentId;
import vn.poverty.api.household.GrantId;
import vn.poverty.api.household.GrantPolicyCommand;
import vn.poverty.api.household.HouseholdHead;
import vn.poverty.api.household.HouseholdId;
import vn.poverty.api.household.RecognizeAssessmentCommand;
import vn.poverty.api.household.RecordAssessmentCommand;
import vn.poverty.api.household.RegisterHouseholdCommand;
import vn.poverty.api.loan.ApplyForLoanCommand;
import vn.poverty.api.loan.LoanCommands.ApproveLoanCommand;
import vn.poverty.api.loan.LoanCommands.DisburseLoanCommand;
import vn.poverty.api.loan.LoanCommands.RecordRepaymentCommand;
import vn.poverty.api.loan.LoanId;
import vn.poverty.command.shared.CommandSender;
import vn.poverty.command.shared.ImportScopedCache;
import vn.poverty.platform.web.ApiException;

/**
 * Imports households with their histories through the command side's own path: every part becomes the command its
 * single endpoint would send, handled by the same handlers and aggregates under the same rules, in the order a user
 * would have sent them. What batches is the transaction: all commands of one request share one database transaction
 * (each still its own unit of work, so each command sees the events of the ones before it), so a request imports all
 * of its households or, at the first refusal, none; the refusal names the part at fault. While it runs, the aggregates
 * it touches stay in memory ({@link ImportScopedCache}) instead of being read back from the store for every command.
 */
@Component
public class HouseholdImporter {

    /** The advisory lock key of imports ("IMPORT" in ASCII). */
    private static final long IMPORT_LOCK = 0x494D504F5254L;

    private final CommandSender commands;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final ImportScopedCache cache;

    HouseholdImporter(
            CommandSender commands,
            PlatformTransactionManager transactions,
            ImportScopedCache cache,
            JdbcTemplate jdbc) {
        this.commands = commands;
        this.jdbc = jdbc;
        this.cache = cache;
        this.transaction = new TransactionTemplate(transactions);
    }

    /**
     * Imports the request's households in one transaction; {@code beforeCommit} runs last inside it (the request's
     * idempotency record).
     */
    public HouseholdImport.Response importAll(
            HouseholdImport.Request request, Consumer<HouseholdImport.Response> beforeCommit) {
        checkBeforeSending(request);
        try (ImportScopedCache.Scope scope = cache.open()) {
            return transaction.execute(status -> importInTransaction(request, beforeCommit));
        }
    }

    private HouseholdImport.Response importInTransaction(
            HouseholdImport.Request request, Consumer<HouseholdImport.Response> beforeCommit) {
        // one import at a time on the whole store (all command nodes): two at once would each hold the other's
        // indexes as gaps for the query side's trackers, and wait on each other for nothing
        jdbc.query("SELECT pg_advisory_xact_lock(?)", rs -> null, IMPORT_LOCK);
        Counter counter = new Counter();
        List<HouseholdImport.Imported> results = new ArrayList<>();
        List<HouseholdImport.Household> households = request.households();
        for (int i = 0; i < households.size(); i++) {
            results.add(importOne(households.get(i), "households[" + i + "]", counter));
        }
        HouseholdImport.Response response = new HouseholdImport.Response(results.size(), counter.sent, results);
        beforeCommit.accept(response);
        return response;
    }

    private HouseholdImport.Imported importOne(HouseholdImport.Household household, String path, Counter counter) {
        HouseholdId householdId = HouseholdId.of(UUID.randomUUID());
        HouseholdImport.Head head = household.head();
        counter.send(
                path,
                new RegisterHouseholdCommand(
                        householdId,
                        household.communeCode().strip(),
                        household.hamlet().strip(),
                        new HouseholdHead(head.fullName().strip(), head.nationalId(), head.birthYear()),
                        household.memberCount(),
                        household.meritHousehold(),
                        household.ethnicMinority(),
                        household.registeredOn()),
                HttpStatus.CREATED);
        List<String> assessmentIds = new ArrayList<>();
        List<String> grantIds = new ArrayList<>();
        List<HouseholdImport.Review> reviews = household.reviewsOrNone();
        for (int r = 0; r < reviews.size(); r++) {
            HouseholdImport.Review review = reviews.get(r);
            String reviewPath = path + ".reviews[" + r + "]";
            AssessmentId assessmentId = AssessmentId.of(UUID.randomUUID());
            counter.send(
                    reviewPath,
                    new RecordAssessmentCommand(
                            householdId,
                            assessmentId,
                            review.period(),
                            review.kind(),
                            review.assessedOn(),
                            review.standard() == null || review.standard().isBlank()
                                    ? null
                                    : review.standard().strip(),
                            review.incomePerCapita(),
                            review.deprivations()),
                    HttpStatus.CREATED);
            assessmentIds.add(assessmentId.toString());
            if (review.recognition() != null) {
                counter.send(
                        reviewPath + ".recognition",
                        new RecognizeAssessmentCommand(
                                householdId,
                                assessmentId,
                                review.recognition().decisionRef().strip(),
                                review.recognition().decidedOn()),
                        HttpStatus.OK);
            }
            List<HouseholdImport.Grant> grants = review.grantsOrNone();
            for (int g = 0; g < grants.size(); g++) {
                HouseholdImport.Grant grant = grants.get(g);
                GrantId grantId = GrantId.of(UUID.randomUUID());
                counter.send(
                        reviewPath + ".grants[" + g + "]",
                        new GrantPolicyCommand(
                                householdId,
                                grantId,
                                grant.policyCode().strip(),
                                grant.validFrom(),
                                grant.validTo(),
                                grant.decisionRef().strip(),
                                grant.amount() == null ? 0 : grant.amount()),
                        HttpStatus.CREATED);
                grantIds.add(grantId.toString());
            }
        }
        List<String> loanIds = new ArrayList<>();
        List<HouseholdImport.Loan> loans = household.loansOrNone();
        for (int l = 0; l < loans.size(); l++) {
            loanIds.add(importLoan(householdId, loans.get(l), path + ".loans[" + l + "]", counter)
                    .toString());
        }
        return new HouseholdImport.Imported(householdId.toString(), assessmentIds, grantIds, loanIds);
    }

    private LoanId importLoan(HouseholdId householdId, HouseholdImport.Loan loan, String path, Counter counter) {
        LoanId loanId = LoanId.of(UUID.randomUUID());
        counter.send(
                path,
                new ApplyForLoanCommand(
                        loanId,
                        householdId,
                        loan.programCode().strip(),
                        loan.principal(),
                        loan.termMonths(),
                        loan.purpose() == null ? "" : loan.purpose().strip(),
                        loan.appliedOn()),
                HttpStatus.CREATED);
        if (loan.approvedOn() != null) {
            counter.send(path + ".approvedOn", new ApproveLoanCommand(loanId, loan.approvedOn()), HttpStatus.OK);
        }
        if (loan.disbursedOn() != null) {
            counter.send(path + ".disbursedOn", new DisburseLoanCommand(loanId, loan.disbursedOn()), HttpStatus.OK);
        }
        List<HouseholdImport.Repayment> repayments = loan.repaymentsOrNone();
        for (int p = 0; p < repayments.size(); p++) {
            HouseholdImport.Repayment repayment = repayments.get(p);
            counter.send(
                    path + ".repayments[" + p + "]",
                    new RecordRepaymentCommand(loanId, repayment.amount(), repayment.paidOn()),
                    HttpStatus.CREATED);
        }
        return loanId;
    }

    /** What the single endpoints check before they send a command; refused here before anything is written. */
    private static void checkBeforeSending(HouseholdImport.Request request) {
        List<HouseholdImport.Household> households = request.households();
        long commands = households.stream()
                .mapToLong(HouseholdImport.Household::commands)
                .sum();
        if (commands > HouseholdImport.MAX_COMMANDS) {
            throw ApiException.invalid(
                    "households",
                    "this import would send " + commands + " commands; at most " + HouseholdImport.MAX_COMMANDS
                            + " fit in one request: split it into smaller ones");
        }
        for (int i = 0; i < households.size(); i++) {
            String path = "households[" + i + "]";
            List<HouseholdImport.Review> reviews = households.get(i).reviewsOrNone();
            for (int r = 0; r < reviews.size(); r++) {
                List<HouseholdImport.Grant> grants = reviews.get(r).grantsOrNone();
                for (int g = 0; g < grants.size(); g++) {
                    if (grants.get(g).validTo().isBefore(grants.get(g).validFrom())) {
                        throw ApiException.invalid(
                                path + ".reviews[" + r + "].grants[" + g + "].validTo", "must not be before validFrom");
                    }
                }
            }
            List<HouseholdImport.Loan> loans = households.get(i).loansOrNone();
            for (int l = 0; l < loans.size(); l++) {
                HouseholdImport.Loan loan = loans.get(l);
                String loanPath = path + ".loans[" + l + "]";
                if (loan.disbursedOn() != null && loan.approvedOn() == null) {
                    throw ApiException.invalid(loanPath + ".approvedOn", "a disbursed loan must have been approved");
                }
                if (!loan.repaymentsOrNone().isEmpty() && loan.disbursedOn() == null) {
                    throw ApiException.invalid(
                            loanPath + ".disbursedOn", "a loan with repayments must have been disbursed");
                }
            }
        }
    }

    /** Sends commands, counting them, and names the part at fault when one is refused. */
    private final class Counter {
        private long sent;

        void send(String path, Object command, HttpStatus successStatus) {
            try {
                commands.send(command, successStatus);
                sent++;
            } catch (CommandExecutionException e) {
                Optional<Failure> failure =
                        e.getDetails().filter(Failure.class::isInstance).map(Failure.class::cast);
                if (failure.isEmpty()) {
                    throw e;
                }
                Failure refused = failure.get();
                throw new ApiException(new Failure(
                        refused.kind(),
                        refused.code(),
                        refused.field() == null ? path : path + "." + refused.field(),
                        path + ": " + refused.message() + " (nothing of this import was written)"));
            }
        }
    }
}
