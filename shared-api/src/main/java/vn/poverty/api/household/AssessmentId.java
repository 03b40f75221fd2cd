package vn.poverty.api.household;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Objects;
import java.util.UUID;

/** Identifier of one assessment (review survey) of a household; serialised as a plain string. */
public record AssessmentId(@JsonValue String value) {
    public AssessmentId {
        Objects.requireNonNull(value, "assessment id");
    }

    @JsonCreator
    public static AssessmentId of(String value) {
        return new AssessmentId(value);
    }

    public static AssessmentId of(UUID uuid) {
        return new AssessmentId(uuid.toString());
    }

    @Override
    public String toString() {
        return value;
    }
}
