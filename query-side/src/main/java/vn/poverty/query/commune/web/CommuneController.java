package vn.poverty.query.commune.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import vn.poverty.platform.security.CurrentUser;
import vn.poverty.platform.web.ApiException;
import vn.poverty.query.commune.CommuneQueries;
import vn.poverty.query.shared.Scope;
import vn.poverty.query.shared.TimeSlices;

@RestController
@RequestMapping("/api/communes")
@Tag(name = "Communes", description = "Communes and their household totals as of a date")
class CommuneController {

    private final CommuneQueries communes;
    private final TimeSlices slices;

    CommuneController(CommuneQueries communes, TimeSlices slices) {
        this.communes = communes;
        this.slices = slices;
    }

    @GetMapping
    @Operation(summary = "All communes with the household total in force on asOf")
    Map<String, List<CommuneQueries.CommuneView>> communes(
            @RequestParam(required = false) LocalDate asOf, @RequestParam(required = false) Instant knownAt) {
        return Map.of("communes", communes.all(slices.of(asOf, knownAt), Scope.communesOf(CurrentUser.get())));
    }

    @GetMapping("/{code}")
    @Operation(summary = "One commune with the household total in force on asOf")
    CommuneQueries.CommuneView commune(
            @PathVariable String code,
            @RequestParam(required = false) LocalDate asOf,
            @RequestParam(required = false) Instant knownAt) {
        return communes.find(code, slices.of(asOf, knownAt))
                .filter(c -> CurrentUser.get().mayRead(c.code()))
                .orElseThrow(() -> ApiException.notFound("Commune " + code));
    }
}
