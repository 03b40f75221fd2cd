package vn.poverty.platform.security;

import java.util.Collection;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import vn.poverty.api.access.Role;

/** The {@link PovertyUser} of the current request, whether it came with HTTP Basic or a JWT. */
public final class CurrentUser {

    public static final String COMMUNES_CLAIM = "communes";
    public static final String ROLES_CLAIM = "roles";

    private CurrentUser() {}

    public static PovertyUser get() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null || !authentication.isAuthenticated()) {
            throw new IllegalStateException("No authenticated user");
        }
        return of(authentication);
    }

    static PovertyUser of(Authentication authentication) {
        Set<Role> roles = rolesOf(authentication.getAuthorities());
        Object principal = authentication.getPrincipal();
        Set<String> communes = new HashSet<>();
        if (principal instanceof UsersFile.FileUser fileUser) {
            communes.addAll(fileUser.communes());
        } else if (principal instanceof Jwt jwt) {
            List<String> claimed = jwt.getClaimAsStringList(COMMUNES_CLAIM);
            if (claimed != null) {
                communes.addAll(claimed);
            }
        }
        return new PovertyUser(authentication.getName(), roles, communes);
    }

    private static Set<Role> rolesOf(Collection<? extends GrantedAuthority> authorities) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (GrantedAuthority authority : authorities) {
            String name = authority.getAuthority();
            if (name != null && name.startsWith("ROLE_")) {
                try {
                    roles.add(Role.valueOf(name.substring("ROLE_".length())));
                } catch (IllegalArgumentException ignored) {
                    // a role of another system: not ours
                }
            }
        }
        return roles;
    }
}
