package vn.poverty.query.audit;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import vn.poverty.audit.AuditChain;
import vn.poverty.audit.Verification;

@RestController
@RequestMapping("/api/audit")
@Tag(name = "Audit", description = "Tamper evidence of the event store")
class AuditController {

    private final DataSource dataSource;
    private final String key;

    AuditController(DataSource dataSource, @Value("${poverty.audit.checkpoint-key:}") String key) {
        this.dataSource = dataSource;
        this.key = key;
    }

    @GetMapping("/verification")
    @Operation(
            summary = "Recompute the SHA-256 hash chain from the stored events and check the signed checkpoints "
                    + "(AUDITOR, ADMIN)")
    Verification verification() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            return AuditChain.verify(connection, key);
        }
    }
}
