package vn.poverty.query.admin.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import vn.poverty.platform.security.CurrentUser;
import vn.poverty.platform.web.ApiException;
import vn.poverty.query.admin.ProjectionRebuilds;

@RestController
@RequestMapping("/api/admin/projections")
@Tag(name = "Operations", description = "Projections (processing groups): progress and rebuilds (ADMIN)")
class ProjectionController {

    private final ProjectionRebuilds rebuilds;

    ProjectionController(ProjectionRebuilds rebuilds) {
        this.rebuilds = rebuilds;
    }

    record Projections(List<ProjectionRebuilds.Projection> projections) {}

    record RebuildAccepted(String name, String status) {}

    @GetMapping
    @Operation(
            summary = "Every projection: its lowest segment position, the head of the event store, whether it "
                    + "is replaying, and position / head (ADMIN)")
    Projections projections() {
        return new Projections(rebuilds.projections());
    }

    @PostMapping("/{name}/rebuild")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(
            summary = "Rebuild the projection from the start of the event store on every query-side node: its "
                    + "tables are cleared and every event replayed; follow it with GET /api/admin/projections (ADMIN)")
    RebuildAccepted rebuild(@PathVariable String name) {
        if (!rebuilds.exists(name)) {
            throw ApiException.notFound("Projection " + name);
        }
        rebuilds.request(name, CurrentUser.get().name());
        return new RebuildAccepted(name, "REQUESTED");
    }
}
