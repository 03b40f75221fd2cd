package vn.poverty.command.shared;

import java.util.UUID;
import vn.poverty.platform.web.ApiException;

/** Identifiers taken from a request: a value that is not a UUID cannot name anything, so it is "not found". */
public final class Ids {

    private Ids() {}

    /** The UUID {@code id} names, or a 404 problem naming {@code what}. */
    public static UUID uuid(String id, String what) {
        try {
            return UUID.fromString(id.strip());
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound(what + " " + id);
        }
    }
}
