package vn.poverty.query.shared;

import java.util.Set;
import vn.poverty.platform.security.PovertyUser;

/** What the current user may read: null means every commune, otherwise the communes of a commune officer. */
public final class Scope {
    private Scope() {}

    public static Set<String> communesOf(PovertyUser user) {
        return user.communeScoped() ? user.communes() : null;
    }
}
