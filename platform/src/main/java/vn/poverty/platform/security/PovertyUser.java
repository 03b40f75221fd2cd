package vn.poverty.platform.security;

import java.util.Collection;
import java.util.EnumSet;
import java.util.Set;
import vn.poverty.api.access.Role;

/**
 * The authenticated user as the programme sees it: a name (the actor on events), roles, and for commune officers
 * the communes they serve.
 */
public record PovertyUser(String name, Set<Role> roles, Set<String> communes) {

    private static final Set<Role> DISTRICT_WIDE_READERS =
            EnumSet.of(Role.ADMIN, Role.DISTRICT_OFFICER, Role.AUDITOR, Role.BANK_OFFICER);
    private static final Set<Role> SEE_EVERY_NATIONAL_ID = EnumSet.of(Role.ADMIN, Role.DISTRICT_OFFICER, Role.AUDITOR);

    public PovertyUser {
        roles = roles.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(roles));
        communes = Set.copyOf(communes);
    }

    public boolean has(Role role) {
        return roles.contains(role);
    }

    public boolean hasAny(Collection<Role> wanted) {
        return wanted.stream().anyMatch(roles::contains);
    }

    /** True when the user reads only its own communes (a commune officer with no district-wide role). */
    public boolean communeScoped() {
        return !hasAny(DISTRICT_WIDE_READERS);
    }

    /** True when the user may see {@code communeCode}'s data. */
    public boolean mayRead(String communeCode) {
        return !communeScoped() || communes.contains(communeCode);
    }

    /** True when the user may write for households of {@code communeCode} (district roles write everywhere). */
    public boolean mayWriteIn(String communeCode) {
        return has(Role.ADMIN) || has(Role.DISTRICT_OFFICER) || communes.contains(communeCode);
    }

    /**
     * Whether the head's national ID of a household of {@code communeCode} is shown in full: to district officers,
     * auditors, admins and the household's own commune officers; others (bank officers) see only its last 4 digits.
     */
    public boolean seesNationalIdIn(String communeCode) {
        return hasAny(SEE_EVERY_NATIONAL_ID) || (has(Role.COMMUNE_OFFICER) && communes.contains(communeCode));
    }
}
