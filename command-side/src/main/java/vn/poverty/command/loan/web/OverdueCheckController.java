package vn.poverty.command.loan.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.LocalDate;
import java.util.Map;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import vn.poverty.command.loan.OverdueCheck;

@RestController
@RequestMapping("/api/admin/loans")
@Tag(name = "Operations")
class OverdueCheckController {

    private final OverdueCheck check;

    OverdueCheckController(OverdueCheck check) {
        this.check = check;
    }

    @PostMapping("/overdue-check")
    @Operation(summary = "Run the daily overdue check now, as of a date (ADMIN); it also runs by itself every day")
    Map<String, Object> run(@RequestParam LocalDate asOf) {
        return Map.of("asOf", asOf, "loansChecked", check.run(asOf));
    }
}
