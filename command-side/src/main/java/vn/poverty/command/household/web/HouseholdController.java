package vn.poverty.command.household.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import vn.poverty.api.household.AssessmentId;
import vn.poverty.api.household.AssessmentKind;
import vn.poverty.api.household.AssessmentRecordedResponse;
import vn.poverty.api.household.CorrectAssessmentCommand;
import vn.poverty.api.household.GrantId;
import vn.poverty.api.household.GrantPolicyCommand;
import vn.poverty.api.household.GrantRevokedResponse;
import vn.poverty.api.household.HouseholdHead;
import vn.poverty.api.household.HouseholdId;
import vn.poverty.api.household.HouseholdRegisteredResponse;
import vn.poverty.api.household.PolicyGrantedResponse;
import vn.poverty.api.household.RecognizeAssessmentCommand;
import vn.poverty.api.household.RecordAssessmentCommand;
import vn.poverty.api.household.RegisterHouseholdCommand;
import vn.poverty.api.household.RevokeGrantCommand;
import vn.poverty.api.household.StatusDecisionResponse;
import vn.poverty.command.shared.CommandSender;
import vn.poverty.command.shared.Ids;
import vn.poverty.platform.web.ApiException;

@RestController
@RequestMapping("/api/households")
@Tag(name = "Households", description = "Registration, review surveys, recognition decisions, corrections, grants")
class HouseholdController {

    private final CommandSender commands;
    private final CommuneAccess access;
    private final String querySideUrl;

    HouseholdController(
            CommandSender commands, CommuneAccess access, @Value("${poverty.query-side-url}") String querySideUrl) {
        this.commands = commands;
        this.access = access;
        this.querySideUrl = querySideUrl;
    }

    record HeadRequest(
            @NotBlank @Size(max = 200) String fullName,

            @NotBlank @Pattern(regexp = "\\d{9}|\\d{12}", message = "must be 9 or 12 digits")
            String nationalId,

            @Min(1900) @Max(2100) Integer birthYear) {}

    record RegisterHouseholdRequest(
            @NotBlank @Size(max = 20) String communeCode,
            @NotBlank @Size(max = 200) String hamlet,
            @NotNull @Valid HeadRequest head,
            @NotNull @Min(1) @Max(100) Integer memberCount,
            boolean meritHousehold,
            boolean ethnicMinority,
            @NotNull LocalDate registeredOn) {}

    record AssessmentRequest(
            @NotNull @Min(2000) @Max(2100) Integer period,
            @NotNull AssessmentKind kind,
            @NotNull LocalDate assessedOn,
            @Size(max = 50) String standard,
            @NotNull @Min(0) Long incomePerCapita,
            @NotNull List<@NotBlank String> deprivations) {}

    record RecognitionRequest(
            @NotBlank @Size(max = 100) String decisionRef,
            @NotNull LocalDate decidedOn) {}

    record CorrectionRequest(
            @NotNull @Min(0) Long incomePerCapita,
            @NotNull List<@NotBlank String> deprivations,
            @NotBlank @Size(max = 1000) String reason,
            @NotBlank @Size(max = 100) String decisionRef) {}

    record GrantRequest(
            @NotBlank @Size(max = 50) String policyCode,
            @NotNull LocalDate validFrom,
            @NotNull LocalDate validTo,
            @NotBlank @Size(max = 100) String decisionRef,
            @Min(0) Long amount) {}

    record RevocationRequest(
            @NotNull LocalDate revokedOn,
            @NotBlank @Size(max = 1000) String reason) {}

    @PostMapping
    @Operation(summary = "Register a household (409 when the head's national ID is already registered)")
    ResponseEntity<HouseholdRegisteredResponse> register(@Valid @RequestBody RegisterHouseholdRequest request) {
        access.checkWriteIn(request.communeCode().strip());
        HouseholdId id = HouseholdId.of(UUID.randomUUID());
        HeadRequest head = request.head();
        HouseholdRegisteredResponse registered = commands.send(
                new RegisterHouseholdCommand(
                        id,
                        request.communeCode().strip(),
                        request.hamlet().strip(),
                        new HouseholdHead(head.fullName().strip(), head.nationalId(), head.birthYear()),
                        request.memberCount(),
                        request.meritHousehold(),
                        request.ethnicMinority(),
                        request.registeredOn()),
                HttpStatus.CREATED);
        return ResponseEntity.created(URI.create(querySideUrl + "/api/households/" + id))
                .body(registered);
    }

    @PostMapping("/{householdId}/assessments")
    @Operation(summary = "Record a review survey; the response gives the proposed status under the standard")
    ResponseEntity<AssessmentRecordedResponse> assess(
            @PathVariable String householdId, @Valid @RequestBody AssessmentRequest request) {
        HouseholdId household = household(householdId);
        access.checkWriteFor(household);
        AssessmentRecordedResponse recorded = commands.send(
                new RecordAssessmentCommand(
                        household,
                        AssessmentId.of(UUID.randomUUID()),
                        request.period(),
                        request.kind(),
                        request.assessedOn(),
                        blankToNull(request.standard()),
                        request.incomePerCapita(),
                        request.deprivations()),
                HttpStatus.CREATED);
        return ResponseEntity.status(HttpStatus.CREATED).body(recorded);
    }

    @PostMapping("/{householdId}/assessments/{assessmentId}/recognition")
    @Operation(summary = "The commune chair's decision: the proposed status holds from the decision date")
    StatusDecisionResponse recognize(
            @PathVariable String householdId,
            @PathVariable String assessmentId,
            @Valid @RequestBody RecognitionRequest request) {
        return commands.send(
                new RecognizeAssessmentCommand(
                        household(householdId),
                        assessment(assessmentId),
                        request.decisionRef().strip(),
                        request.decidedOn()),
                HttpStatus.OK);
    }

    @PostMapping("/{householdId}/assessments/{assessmentId}/correction")
    @Operation(summary = "Correct a recognised assessment; the new status holds from the original decision date")
    StatusDecisionResponse correct(
            @PathVariable String householdId,
            @PathVariable String assessmentId,
            @Valid @RequestBody CorrectionRequest request) {
        return commands.send(
                new CorrectAssessmentCommand(
                        household(householdId),
                        assessment(assessmentId),
                        request.incomePerCapita(),
                        request.deprivations(),
                        request.reason().strip(),
                        request.decisionRef().strip()),
                HttpStatus.OK);
    }

    @PostMapping("/{householdId}/grants")
    @Operation(summary = "Grant a policy (422 when not entitled on validFrom or overlapping a grant of the policy)")
    ResponseEntity<PolicyGrantedResponse> grant(
            @PathVariable String householdId, @Valid @RequestBody GrantRequest request) {
        if (request.validTo().isBefore(request.validFrom())) {
            throw ApiException.invalid("validTo", "must not be before validFrom");
        }
        PolicyGrantedResponse granted = commands.send(
                new GrantPolicyCommand(
                        household(householdId),
                        GrantId.of(UUID.randomUUID()),
                        request.policyCode().strip(),
                        request.validFrom(),
                        request.validTo(),
                        request.decisionRef().strip(),
                        request.amount() == null ? 0 : request.amount()),
                HttpStatus.CREATED);
        return ResponseEntity.status(HttpStatus.CREATED).body(granted);
    }

    @PostMapping("/{householdId}/grants/{grantId}/revocation")
    @Operation(summary = "Revoke a grant from a date within its validity")
    GrantRevokedResponse revoke(
            @PathVariable String householdId,
            @PathVariable String grantId,
            @Valid @RequestBody RevocationRequest request) {
        return commands.send(
                new RevokeGrantCommand(
                        household(householdId),
                        grant(grantId),
                        request.revokedOn(),
                        request.reason().strip()),
                HttpStatus.OK);
    }

    private static GrantId grant(String id) {
        return GrantId.of(Ids.uuid(id, "Grant"));
    }

    private static HouseholdId household(String id) {
        return HouseholdId.of(Ids.uuid(id, "Household"));
    }

    private static AssessmentId assessment(String id) {
        return AssessmentId.of(Ids.uuid(id, "Assessment"));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
