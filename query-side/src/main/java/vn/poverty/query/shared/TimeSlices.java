package vn.poverty.query.shared;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import org.springframework.stereotype.Component;

/** Fills in the defaults of a {@link TimeSlice}: today (in the programme's time zone) and now. */
@Component
public class TimeSlices {

    private final Clock clock;

    TimeSlices(Clock clock) {
        this.clock = clock;
    }

    public TimeSlice of(LocalDate asOf, Instant knownAt) {
        return new TimeSlice(asOf != null ? asOf : LocalDate.now(clock), knownAt != null ? knownAt : clock.instant());
    }
}
