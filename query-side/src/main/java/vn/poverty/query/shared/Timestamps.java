package vn.poverty.query.shared;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** JDBC conversion of instants for {@code timestamptz} columns (the driver maps OffsetDateTime exactly). */
public final class Timestamps {
    private Timestamps() {}

    public static OffsetDateTime of(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
