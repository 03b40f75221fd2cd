package vn.poverty.command.imports.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import vn.poverty.command.idempotency.BatchIdempotency;
import vn.poverty.command.imports.HouseholdImport;
import vn.poverty.command.imports.HouseholdImporter;

@RestController
@RequestMapping("/api/imports")
@Tag(name = "Imports", description = "Bulk import of households with their reviews, decisions, grants and loans")
class ImportController {

    private final HouseholdImporter importer;
    private final BatchIdempotency idempotency;

    ImportController(HouseholdImporter importer, BatchIdempotency idempotency) {
        this.importer = importer;
        this.idempotency = idempotency;
    }

    @PostMapping("/households")
    @Operation(
            summary = "Import up to 1,000 households with their histories (ADMIN): all or, at the first refusal,"
                    + " none; every part is the command of its single endpoint, under the same rules")
    ResponseEntity<HouseholdImport.Response> importHouseholds(
            @Valid @RequestBody HouseholdImport.Request request, HttpServletRequest http) {
        Optional<BatchIdempotency.Claim> claim = idempotency.detach(http);
        HouseholdImport.Response response = importer.importAll(
                request, imported -> claim.ifPresent(c -> idempotency.record(c, HttpStatus.CREATED.value(), imported)));
        return ResponseEntity.status(HttpStatus.CREATED).body(response);
    }
}
