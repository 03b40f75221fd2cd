package vn.poverty.command.loan.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.time.LocalDate;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import vn.poverty.api.household.HouseholdId;
import vn.poverty.api.loan.ApplyForLoanCommand;
import vn.poverty.api.loan.LoanCommands.ApproveLoanCommand;
import vn.poverty.api.loan.LoanCommands.DisburseLoanCommand;
import vn.poverty.api.loan.LoanCommands.RecordRepaymentCommand;
import vn.poverty.api.loan.LoanCommands.RejectLoanCommand;
import vn.poverty.api.loan.LoanCommands.WriteOffLoanCommand;
import vn.poverty.api.loan.LoanId;
import vn.poverty.api.loan.LoanResponses.LoanAppliedResponse;
import vn.poverty.api.loan.LoanResponses.LoanStateResponse;
import vn.poverty.command.shared.CommandSender;
import vn.poverty.command.shared.Ids;

@RestController
@RequestMapping("/api/loans")
@Tag(name = "Loans", description = "Preferential loans of the Social Policy Bank: application to settlement")
class LoanController {

    private final CommandSender commands;
    private final String querySideUrl;

    LoanController(CommandSender commands, @Value("${poverty.query-side-url}") String querySideUrl) {
        this.commands = commands;
        this.querySideUrl = querySideUrl;
    }

    record ApplicationRequest(
            @NotBlank String householdId,
            @NotBlank @Size(max = 50) String programCode,
            @NotNull @Min(1) Long principal,
            @NotNull @Min(0) @Max(1200) Integer termMonths,
            @Size(max = 1000) String purpose,
            @NotNull LocalDate appliedOn) {}

    record ApprovalRequest(@NotNull LocalDate approvedOn) {}

    record RejectionRequest(
            @NotNull LocalDate rejectedOn,
            @NotBlank @Size(max = 1000) String reason) {}

    record DisbursementRequest(@NotNull LocalDate disbursedOn) {}

    record RepaymentRequest(
            @NotNull @Min(1) Long amount, @NotNull LocalDate paidOn) {}

    record WriteOffRequest(
            @NotNull LocalDate writtenOffOn,
            @NotBlank @Size(max = 1000) String reason) {}

    @PostMapping
    @Operation(summary = "Apply for a loan (422 when not eligible on appliedOn, over the maximum or the term range)")
    ResponseEntity<LoanAppliedResponse> apply(@Valid @RequestBody ApplicationRequest request) {
        HouseholdId household = HouseholdId.of(Ids.uuid(request.householdId(), "Household"));
        LoanId id = LoanId.of(UUID.randomUUID());
        LoanAppliedResponse applied = commands.send(
                new ApplyForLoanCommand(
                        id,
                        household,
                        request.programCode().strip(),
                        request.principal(),
                        request.termMonths(),
                        request.purpose() == null ? "" : request.purpose().strip(),
                        request.appliedOn()),
                HttpStatus.CREATED);
        return ResponseEntity.created(URI.create(querySideUrl + "/api/loans/" + id))
                .body(applied);
    }

    @PostMapping("/{loanId}/approval")
    @Operation(summary = "Approve an applied loan")
    LoanStateResponse approve(@PathVariable String loanId, @Valid @RequestBody ApprovalRequest request) {
        return commands.send(new ApproveLoanCommand(loan(loanId), request.approvedOn()), HttpStatus.OK);
    }

    @PostMapping("/{loanId}/rejection")
    @Operation(summary = "Reject an applied loan")
    LoanStateResponse reject(@PathVariable String loanId, @Valid @RequestBody RejectionRequest request) {
        return commands.send(
                new RejectLoanCommand(
                        loan(loanId), request.rejectedOn(), request.reason().strip()),
                HttpStatus.OK);
    }

    @PostMapping("/{loanId}/disbursement")
    @Operation(summary = "Disburse an approved loan; its repayment schedule starts from the disbursement date")
    LoanStateResponse disburse(@PathVariable String loanId, @Valid @RequestBody DisbursementRequest request) {
        return commands.send(new DisburseLoanCommand(loan(loanId), request.disbursedOn()), HttpStatus.OK);
    }

    @PostMapping("/{loanId}/repayments")
    @Operation(summary = "Record a repayment (422 over the outstanding principal); settles the loan at zero")
    ResponseEntity<LoanStateResponse> repay(@PathVariable String loanId, @Valid @RequestBody RepaymentRequest request) {
        LoanStateResponse state = commands.send(
                new RecordRepaymentCommand(loan(loanId), request.amount(), request.paidOn()), HttpStatus.CREATED);
        return ResponseEntity.status(HttpStatus.CREATED).body(state);
    }

    @PostMapping("/{loanId}/write-off")
    @Operation(summary = "Write off a disbursed loan")
    LoanStateResponse writeOff(@PathVariable String loanId, @Valid @RequestBody WriteOffRequest request) {
        return commands.send(
                new WriteOffLoanCommand(
                        loan(loanId), request.writtenOffOn(), request.reason().strip()),
                HttpStatus.OK);
    }

    private static LoanId loan(String id) {
        return LoanId.of(Ids.uuid(id, "Loan"));
    }
}
