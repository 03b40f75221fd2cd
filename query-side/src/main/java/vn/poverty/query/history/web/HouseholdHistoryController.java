package vn.poverty.query.history.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import vn.poverty.platform.security.CurrentUser;
import vn.poverty.platform.security.PovertyUser;
import vn.poverty.platform.web.ApiException;
import vn.poverty.query.history.HouseholdEventHistory;
import vn.poverty.query.shared.TimeSlices;

@RestController
@RequestMapping("/api/households")
@Tag(name = "Households", description = "Households and their status as of a date, as known at an instant")
class HouseholdHistoryController {

    static final int MAX_PAGE_SIZE = 200;

    private final HouseholdEventHistory histories;
    private final TimeSlices slices;

    HouseholdHistoryController(HouseholdEventHistory histories, TimeSlices slices) {
        this.histories = histories;
        this.slices = slices;
    }

    /** The response: one page of the household's events, {@code total} events in all. */
    record HistoryPage(String householdId, List<HouseholdEventHistory.Entry> events, int page, int size, long total) {}

    @GetMapping("/{householdId}/history")
    @Operation(
            summary = "Every event of the household and of its loans recorded by knownAt (default now), in the "
                    + "order recorded, with actor, decision reference, effective date and data; paged (size at most 200). "
                    + "ADMIN, DISTRICT_OFFICER, COMMUNE_OFFICER (own communes), AUDITOR")
    HistoryPage history(
            @PathVariable String householdId,
            @Parameter(description = "instant, ISO-8601 UTC") @RequestParam(required = false) Instant knownAt,
            @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "100") int size) {
        if (page < 0) {
            throw ApiException.invalid("page", "must be 0 or more");
        }
        if (size < 1) {
            throw ApiException.invalid("size", "must be 1 or more");
        }
        PovertyUser user = CurrentUser.get();
        // another commune's household is "not found" for a commune officer: no hint that it exists
        HouseholdEventHistory.History history = histories
                .of(householdId, slices.of(null, knownAt).knownAt(), page, Math.min(size, MAX_PAGE_SIZE))
                .filter(h -> user.mayRead(h.communeCode()))
                .orElseThrow(() -> ApiException.notFound("Household " + householdId));
        return new HistoryPage(
                history.householdId(), history.events(), history.page(), history.size(), history.total());
    }
}
