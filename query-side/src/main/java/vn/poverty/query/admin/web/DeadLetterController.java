package vn.poverty.query.admin.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import vn.poverty.platform.web.ApiException;
import vn.poverty.query.admin.DeadLetters;

@RestController
@RequestMapping("/api/admin/dead-letters")
@Tag(name = "Operations")
class DeadLetterController {

    static final int MAX_PAGE_SIZE = 200;

    private final DeadLetters deadLetters;

    DeadLetterController(DeadLetters deadLetters) {
        this.deadLetters = deadLetters;
    }

    @GetMapping
    @Operation(
            summary = "Events a projection failed on, with the later events of the same aggregate queued behind "
                    + "them (ADMIN)",
            description = "Oldest first per processing group, paged (size at most 200). Each letter: processingGroup, "
                    + "sequenceId (the aggregate id: its events stay in order), letterId, sequenceIndex (place in "
                    + "the sequence), eventId, eventType (e.g. HouseholdRegistered), payloadType, aggregateType, "
                    + "aggregateIdentifier, sequenceNumber, globalIndex (position in the event store), recordedAt, "
                    + "enqueuedAt, lastTouched, cause {type, message (truncated)} (null for an event queued only "
                    + "behind an earlier one), retries (failed retries). The gauge poverty.dead.letters "
                    + "(tag processing.group) counts them for monitoring.")
    @ApiResponse(responseCode = "200", description = "{ deadLetters: [...], page, size, total }")
    @ApiResponse(responseCode = "404", description = "no projection with a dead-letter queue of that name")
    DeadLetters.Listing list(
            @Parameter(description = "a projection, e.g. household-projection; all when absent")
                    @RequestParam(required = false)
                    String processingGroup,
            @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "50") int size) {
        if (processingGroup != null) {
            requireGroup(processingGroup);
        }
        if (page < 0) {
            throw ApiException.invalid("page", "must be 0 or more");
        }
        if (size < 1) {
            throw ApiException.invalid("size", "must be 1 or more");
        }
        return deadLetters.list(processingGroup, page, Math.min(size, MAX_PAGE_SIZE));
    }

    @PostMapping("/{processingGroup}/retry")
    @Operation(
            summary = "Retry every dead-lettered sequence of the projection once (ADMIN)",
            description = "For each sequence (aggregate), oldest first: its letters are handled again in order; each "
                    + "one handled is removed (the projection now has it), the first that fails again stays with its "
                    + "new cause, one more retry counted, and the rest of that sequence waits behind it. Answers "
                    + "{processingGroup, sequences, processed (sequences now empty), stillFailing, remaining "
                    + "(letters left in the group)}.")
    @ApiResponse(responseCode = "404", description = "no projection with a dead-letter queue of that name")
    DeadLetters.GroupRetry retryAll(@PathVariable String processingGroup) {
        requireGroup(processingGroup);
        return deadLetters.retryAll(processingGroup);
    }

    @PostMapping("/{processingGroup}/{sequenceId}/retry")
    @Operation(
            summary = "Retry one dead-lettered sequence (aggregate) of the projection (ADMIN)",
            description = "Its letters are handled again in order until one fails. Answers {processingGroup, "
                    + "sequenceId, processed (true when every letter was handled), remaining (letters left)}.")
    @ApiResponse(responseCode = "404", description = "no such projection, or no such sequence in its queue")
    DeadLetters.SequenceRetry retry(@PathVariable String processingGroup, @PathVariable String sequenceId) {
        requireGroup(processingGroup);
        return deadLetters
                .retry(processingGroup, sequenceId)
                .orElseThrow(() -> ApiException.notFound("Dead-letter sequence " + sequenceId));
    }

    @DeleteMapping("/{processingGroup}/{sequenceId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(
            summary = "Evict a dead-lettered sequence (aggregate) of the projection without handling it (ADMIN)",
            description = "The evicted events are NOT projected: the projection lacks them (and later events of that "
                    + "aggregate are handled as they come). Once the cause is fixed, POST "
                    + "/api/admin/projections/{name}/rebuild replays every event and brings them back.")
    @ApiResponse(responseCode = "204", description = "evicted")
    @ApiResponse(responseCode = "404", description = "no such projection, or no such sequence in its queue")
    void evict(@PathVariable String processingGroup, @PathVariable String sequenceId) {
        requireGroup(processingGroup);
        if (deadLetters.evict(processingGroup, sequenceId) == 0) {
            throw ApiException.notFound("Dead-letter sequence " + sequenceId);
        }
    }

    private void requireGroup(String processingGroup) {
        if (!deadLetters.exists(processingGroup)) {
            throw ApiException.notFound("Projection " + processingGroup);
        }
    }
}
