package vn.poverty.command.commune.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.LocalDate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import vn.poverty.api.commune.AreaType;
import vn.poverty.api.commune.CommuneCreatedResponse;
import vn.poverty.api.commune.CreateCommuneCommand;
import vn.poverty.api.commune.HouseholdCountRecordedResponse;
import vn.poverty.api.commune.RecordHouseholdCountCommand;
import vn.poverty.command.shared.CommandSender;
import vn.poverty.platform.web.ApiException;

@RestController
@RequestMapping("/api/communes")
@Tag(name = "Communes", description = "Administrative units and their household totals (rate denominators)")
class CommuneController {

    /** What a commune code may look like; anything else cannot name a commune. */
    private static final java.util.regex.Pattern CODE = java.util.regex.Pattern.compile("[A-Za-z0-9_.-]{1,20}");

    private final CommandSender commands;

    CommuneController(CommandSender commands) {
        this.commands = commands;
    }

    record CreateCommuneRequest(
            @NotBlank @Size(max = 20) @Pattern(regexp = "[A-Za-z0-9_.-]+", message = "letters, digits, '.', '_' or '-'")
            String code,

            @NotBlank @Size(max = 200) String name,
            @NotNull AreaType areaType) {}

    record HouseholdCountRequest(
            @NotNull LocalDate asOf,
            @NotNull @Min(0) @Max(10_000_000) Integer totalHouseholds,
            @Size(max = 200) String source) {}

    @PostMapping
    @Operation(summary = "Add a commune (ADMIN)")
    ResponseEntity<CommuneCreatedResponse> create(@Valid @RequestBody CreateCommuneRequest request) {
        CommuneCreatedResponse created = commands.send(
                new CreateCommuneCommand(request.code().strip(), request.name().strip(), request.areaType()),
                HttpStatus.CREATED);
        return ResponseEntity.status(HttpStatus.CREATED).body(created);
    }

    @PostMapping("/{code}/household-counts")
    @Operation(summary = "Record a commune's total number of households as of a date")
    ResponseEntity<HouseholdCountRecordedResponse> recordHouseholdCount(
            @PathVariable String code, @Valid @RequestBody HouseholdCountRequest request) {
        if (!CODE.matcher(code).matches()) {
            throw ApiException.notFound("Commune " + code);
        }
        HouseholdCountRecordedResponse recorded = commands.send(
                new RecordHouseholdCountCommand(code, request.asOf(), request.totalHouseholds(), request.source()),
                HttpStatus.CREATED);
        return ResponseEntity.status(HttpStatus.CREATED).body(recorded);
    }
}
