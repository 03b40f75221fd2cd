package vn.poverty.query.household.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.time.LocalDate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import vn.poverty.api.household.HouseholdStatus;
import vn.poverty.platform.security.CurrentUser;
import vn.poverty.platform.security.PovertyUser;
import vn.poverty.platform.web.ApiException;
import vn.poverty.query.household.HouseholdQueries;
import vn.poverty.query.household.HouseholdView;
import vn.poverty.query.shared.Page;
import vn.poverty.query.shared.Scope;
import vn.poverty.query.shared.TimeSlices;

@RestController
@RequestMapping("/api/households")
@Tag(name = "Households", description = "Households and their status as of a date, as known at an instant")
class HouseholdController {

    static final int MAX_PAGE_SIZE = 200;

    private final HouseholdQueries households;
    private final TimeSlices slices;

    HouseholdController(HouseholdQueries households, TimeSlices slices) {
        this.households = households;
        this.slices = slices;
    }

    @GetMapping("/{householdId}")
    @Operation(summary = "One household: status in force on asOf (default today), as known at knownAt (default now)")
    HouseholdView household(
            @PathVariable String householdId,
            @Parameter(description = "date, YYYY-MM-DD") @RequestParam(required = false) LocalDate asOf,
            @Parameter(description = "instant, ISO-8601 UTC") @RequestParam(required = false) Instant knownAt) {
        PovertyUser user = CurrentUser.get();
        // another commune's household is "not found" for a commune officer: no hint that it exists
        HouseholdView view = households
                .find(householdId, slices.of(asOf, knownAt))
                .filter(h -> user.mayRead(h.communeCode()))
                .orElseThrow(() -> ApiException.notFound("Household " + householdId));
        return visibleTo(user, view);
    }

    @GetMapping
    @Operation(summary = "Households, filtered by commune and status on asOf; paged (size at most 200)")
    Page<HouseholdView> households(
            @RequestParam(required = false) String communeCode,
            @RequestParam(required = false) HouseholdStatus status,
            @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "50") int size,
            @RequestParam(required = false) LocalDate asOf,
            @RequestParam(required = false) Instant knownAt) {
        if (page < 0) {
            throw ApiException.invalid("page", "must be 0 or more");
        }
        if (size < 1) {
            throw ApiException.invalid("size", "must be 1 or more");
        }
        PovertyUser user = CurrentUser.get();
        Page<HouseholdView> found = households.list(
                new HouseholdQueries.Filter(blankToNull(communeCode), status, Scope.communesOf(user)),
                page,
                Math.min(size, MAX_PAGE_SIZE),
                slices.of(asOf, knownAt));
        return new Page<>(
                found.items().stream().map(h -> visibleTo(user, h)).toList(),
                found.page(),
                found.size(),
                found.total());
    }

    private static HouseholdView visibleTo(PovertyUser user, HouseholdView view) {
        return user.seesNationalIdIn(view.communeCode()) ? view : view.withNationalIdMasked();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
