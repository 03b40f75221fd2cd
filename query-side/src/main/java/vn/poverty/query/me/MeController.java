package vn.poverty.query.me;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import vn.poverty.platform.security.CurrentUser;
import vn.poverty.platform.security.PovertyUser;

/** Who the caller is, so that a client (the dashboard) shows only what the caller's roles may see. */
@RestController
@Tag(name = "Me", description = "The authenticated caller: name, roles and communes")
class MeController {

    /**
     * The caller. {@code communeScoped} is true for a commune officer without a district-wide role: every report it
     * reads covers only {@code communes}.
     */
    record Me(String name, List<String> roles, List<String> communes, boolean communeScoped) {

        static Me of(PovertyUser user) {
            return new Me(
                    user.name(),
                    user.roles().stream().map(Enum::name).sorted().toList(),
                    user.communes().stream().sorted().toList(),
                    user.communeScoped());
        }
    }

    @GetMapping("/api/me")
    @Operation(summary = "The caller's name, roles and communes (a commune officer reads only those communes)")
    Me me() {
        return Me.of(CurrentUser.get());
    }
}
