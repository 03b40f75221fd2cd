package vn.poverty.query.periodic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class PeriodTest {

    @ParameterizedTest(name = "{0} -> {1} from {2} to {3}, starts as of {4}")
    @CsvSource({
        "2024,      2024,    2024-01-01, 2024-12-31, 2023-12-31",
        "2023,      2023,    2023-01-01, 2023-12-31, 2022-12-31",
        "2024-07,   2024-07, 2024-07-01, 2024-07-31, 2024-06-30",
        "2024-01,   2024-01, 2024-01-01, 2024-01-31, 2023-12-31",
        "2024-02,   2024-02, 2024-02-01, 2024-02-29, 2024-01-31", // leap year
        "2023-02,   2023-02, 2023-02-01, 2023-02-28, 2023-01-31",
        "2000-02,   2000-02, 2000-02-01, 2000-02-29, 2000-01-31", // divisible by 400: leap
        "2100-02,   2100-02, 2100-02-01, 2100-02-28, 2100-01-31", // divisible by 100 only: not leap
        "2024-04,   2024-04, 2024-04-01, 2024-04-30, 2024-03-31",
        "2024-12,   2024-12, 2024-12-01, 2024-12-31, 2024-11-30",
        "2024-Q1,   2024-Q1, 2024-01-01, 2024-03-31, 2023-12-31",
        "2024-Q2,   2024-Q2, 2024-04-01, 2024-06-30, 2024-03-31",
        "2024-Q3,   2024-Q3, 2024-07-01, 2024-09-30, 2024-06-30",
        "2024-Q4,   2024-Q4, 2024-10-01, 2024-12-31, 2024-09-30",
        "2024-q3,   2024-Q3, 2024-07-01, 2024-09-30, 2024-06-30", // lower-case q, canonical code
        "' 2024-Q3 ', 2024-Q3, 2024-07-01, 2024-09-30, 2024-06-30", // surrounding blanks
        "1900,      1900,    1900-01-01, 1900-12-31, 1899-12-31",
    })
    void parsesYearsMonthsAndQuarters(String text, String code, String from, String to, String startAsOf) {
        Period period = Period.parse(text);

        assertThat(period.code()).isEqualTo(code);
        assertThat(period.from()).isEqualTo(LocalDate.parse(from));
        assertThat(period.to()).isEqualTo(LocalDate.parse(to));
        assertThat(period.startAsOf()).isEqualTo(LocalDate.parse(startAsOf));
    }

    @ParameterizedTest(name = "''{0}'' is refused")
    @ValueSource(
            strings = {
                "2024-Q5", "2024-Q0", "2024-13", "2024-00", "abc", "24", "20245", "2024-7", "2024-007", "2024-Q",
                "2024Q3", "2024-H1", "2024-07-01", "Q3-2024", "1899", "2101", "-2024", "２０２４", "2024-0７", " ",
                "2024-Q3x", "2024 -Q3"
            })
    @NullAndEmptySource
    void refusesAnythingElse(String text) {
        assertThatThrownBy(() -> Period.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .message()
                .isNotBlank();
    }

    @Test
    void theStartOfEachPeriodIsTheEndOfThePreviousOne() {
        assertThat(Period.parse("2024-Q3").startAsOf())
                .isEqualTo(Period.parse("2024-Q2").to());
        assertThat(Period.parse("2024-03").startAsOf())
                .isEqualTo(Period.parse("2024-02").to());
        assertThat(Period.parse("2025").startAsOf())
                .isEqualTo(Period.parse("2024").to());
        assertThat(Period.parse("2025-01").startAsOf())
                .isEqualTo(Period.parse("2024-Q4").to());
    }

    @Test
    void messagesSayWhatIsWrong() {
        assertThatThrownBy(() -> Period.parse("2024-13")).hasMessage("month must be 01 to 12, not '13'");
        assertThatThrownBy(() -> Period.parse("2024-Q5")).hasMessage("quarter must be Q1 to Q4, not 'Q5'");
        assertThatThrownBy(() -> Period.parse("2101")).hasMessage("year must be 1900 to 2100, not 2101");
        assertThatThrownBy(() -> Period.parse("abc"))
                .hasMessage("must be a year (2024), a month (2024-07) or a quarter (2024-Q3), not 'abc'");
    }
}
