package vn.poverty.query.shared;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.springframework.stereotype.Component;
import vn.poverty.platform.web.ApiException;

/** Fills in the defaults of a {@link TimeSlice}: today (in the programme's time zone) and now. */
@Component
public class TimeSlices {

    private final Clock clock;

    TimeSlices(Clock clock) {
        this.clock = clock;
    }

    /** The dates and instants a query may name: java.time takes more, PostgreSQL (and any register) far less. */
    static final LocalDate FIRST_DATE = LocalDate.of(1, 1, 1);

    static final LocalDate LAST_DATE = LocalDate.of(9999, 12, 31);

    public TimeSlice of(LocalDate asOf, Instant knownAt) {
        if (asOf != null && (asOf.isBefore(FIRST_DATE) || asOf.isAfter(LAST_DATE))) {
            throw ApiException.invalid("asOf", "must be a date from " + FIRST_DATE + " to " + LAST_DATE);
        }
        if (knownAt != null
                && (knownAt.isBefore(FIRST_DATE.atStartOfDay(ZoneOffset.UTC).toInstant())
                        || !knownAt.isBefore(LAST_DATE
                                .plusDays(1)
                                .atStartOfDay(ZoneOffset.UTC)
                                .toInstant()))) {
            throw ApiException.invalid("knownAt", "must be an instant from year 1 to year 9999");
        }
        return new TimeSlice(asOf != null ? asOf : LocalDate.now(clock), knownAt != null ? knownAt : clock.instant());
    }
}
