package vn.poverty.api.household;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Objects;
import java.util.UUID;

/** Identifier of one policy grant of a household; serialised as a plain string. */
public record GrantId(@JsonValue String value) {
    public GrantId {
        Objects.requireNonNull(value, "grant id");
    }

    @JsonCreator
    public static GrantId of(String value) {
        return new GrantId(value);
    }

    public static GrantId of(UUID uuid) {
        return new GrantId(uuid.toString());
    }

    @Override
    public String toString() {
        return value;
    }
}
