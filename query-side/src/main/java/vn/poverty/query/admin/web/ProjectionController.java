package vn.poverty.query.admin.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import vn.poverty.platform.security.CurrentUser;
import vn.poverty.platform.web.ApiException;
import vn.poverty.query.admin.DeadLetters;
import vn.poverty.query.admin.ProjectionRebuilds;

@RestController
@RequestMapping("/api/admin/projections")
@Tag(name = "Operations", description = "Projections (processing groups): progress, rebuilds, dead letters (ADMIN)")
class ProjectionController {

    private final ProjectionRebuilds rebuilds;
    private final DeadLetters deadLetters;

    ProjectionController(ProjectionRebuilds rebuilds, DeadLetters deadLetters) {
        this.rebuilds = rebuilds;
        this.deadLetters = deadLetters;
    }

    record Projections(List<Projection> projections) {}

    /** A projection's progress and the number of events waiting in its dead-letter queue. */
    record Projection(
            String name, long position, long head, boolean replaying, BigDecimal progress, long deadLetters) {}

    record RebuildAccepted(String name, String status) {}

    @GetMapping
    @Operation(
            summary = "Every projection: its lowest segment position, the head of the event store, whether it "
                    + "is replaying, position / head, and how many events wait in its dead-letter queue "
                    + "(see /api/admin/dead-letters) (ADMIN)")
    Projections projections() {
        Map<String, Long> letters = deadLetters.counts();
        return new Projections(rebuilds.projections().stream()
                .map(p -> new Projection(
                        p.name(),
                        p.position(),
                        p.head(),
                        p.replaying(),
                        p.progress(),
                        letters.getOrDefault(p.name(), 0L)))
                .toList());
    }

    @PostMapping("/{name}/rebuild")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(
            summary = "Rebuild the projection from the start of the event store on every query-side node: its "
                    + "tables and its dead letters are cleared and every event replayed; follow it with "
                    + "GET /api/admin/projections (ADMIN)")
    RebuildAccepted rebuild(@PathVariable String name) {
        if (!rebuilds.exists(name)) {
            throw ApiException.notFound("Projection " + name);
        }
        rebuilds.request(name, CurrentUser.get().name());
        return new RebuildAccepted(name, "REQUESTED");
    }
}
