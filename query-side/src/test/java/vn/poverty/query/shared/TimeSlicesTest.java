package vn.poverty.query.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import vn.poverty.platform.web.ApiException;

/** Found by BadInputFuzzIT: {@code knownAt=+1000000000-01-01T00:00:00Z} parsed, then failed in the query (500). */
class TimeSlicesTest {

    private final TimeSlices slices =
            new TimeSlices(Clock.fixed(Instant.parse("2024-05-01T00:00:00Z"), ZoneOffset.UTC));

    @Test
    void anInstantNoDatabaseCanHoldIsRefusedAsInvalid() {
        assertThatThrownBy(() -> slices.of(null, Instant.MAX))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.failure().field()).isEqualTo("knownAt"));
        assertThatThrownBy(() -> slices.of(null, Instant.parse("+10000-01-01T00:00:00Z")))
                .isInstanceOf(ApiException.class);
        assertThatThrownBy(() -> slices.of(null, Instant.MIN)).isInstanceOf(ApiException.class);
    }

    @Test
    void aDateBeyondYear9999IsRefusedAsInvalid() {
        assertThatThrownBy(() -> slices.of(LocalDate.MAX, null))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.failure().field()).isEqualTo("asOf"));
        assertThatThrownBy(() -> slices.of(LocalDate.of(0, 12, 31), null)).isInstanceOf(ApiException.class);
    }

    @Test
    void theWholeRangeOfYears1To9999IsAccepted() {
        assertThat(slices.of(LocalDate.of(1, 1, 1), Instant.parse("0001-01-01T00:00:00Z")))
                .isEqualTo(new TimeSlice(LocalDate.of(1, 1, 1), Instant.parse("0001-01-01T00:00:00Z")));
        assertThat(slices.of(LocalDate.of(9999, 12, 31), Instant.parse("9999-12-31T23:59:59.999Z")))
                .isEqualTo(new TimeSlice(LocalDate.of(9999, 12, 31), Instant.parse("9999-12-31T23:59:59.999Z")));
        assertThat(slices.of(null, null))
                .isEqualTo(new TimeSlice(LocalDate.of(2024, 5, 1), Instant.parse("2024-05-01T00:00:00Z")));
    }
}
