package vn.poverty.query.periodic;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A reporting period of the periodic commune report: a year ({@code 2024}), a month ({@code 2024-07}) or a quarter
 * ({@code 2024-Q3}), with its first and last day (both inclusive). {@code code} is the canonical text (an upper-case
 * Q).
 */
public record Period(String code, LocalDate from, LocalDate to) {

    public static final int MIN_YEAR = 1900;
    public static final int MAX_YEAR = 2100;

    private static final Pattern YEAR = Pattern.compile("(\\d{4})");
    private static final Pattern MONTH = Pattern.compile("(\\d{4})-(\\d{2})");
    private static final Pattern QUARTER = Pattern.compile("(\\d{4})-[Qq](\\d)");

    /**
     * The period written as {@code YYYY}, {@code YYYY-MM} or {@code YYYY-Qn} (years 1900 to 2100).
     *
     * @throws IllegalArgumentException with a message fit for the caller when the text is none of these
     */
    public static Period parse(String text) {
        String value = text == null ? "" : text.strip();
        Matcher m;
        if ((m = YEAR.matcher(value)).matches()) {
            int year = year(m.group(1));
            return new Period(String.valueOf(year), LocalDate.of(year, 1, 1), LocalDate.of(year, 12, 31));
        }
        if ((m = MONTH.matcher(value)).matches()) {
            int year = year(m.group(1));
            int month = Integer.parseInt(m.group(2));
            if (month < 1 || month > 12) {
                throw new IllegalArgumentException("month must be 01 to 12, not '" + m.group(2) + "'");
            }
            YearMonth ym = YearMonth.of(year, month);
            return new Period(ym.toString(), ym.atDay(1), ym.atEndOfMonth());
        }
        if ((m = QUARTER.matcher(value)).matches()) {
            int year = year(m.group(1));
            int quarter = Integer.parseInt(m.group(2));
            if (quarter < 1 || quarter > 4) {
                throw new IllegalArgumentException("quarter must be Q1 to Q4, not 'Q" + m.group(2) + "'");
            }
            YearMonth first = YearMonth.of(year, 3 * quarter - 2);
            return new Period(
                    year + "-Q" + quarter, first.atDay(1), first.plusMonths(2).atEndOfMonth());
        }
        throw new IllegalArgumentException(
                "must be a year (2024), a month (2024-07) or a quarter (2024-Q3), not '" + value + "'");
    }

    /**
     * The date whose close the report's start figures describe: the day before {@link #from}, i.e. the end of the
     * previous period, so that the start of a period always equals the end of the one before it.
     */
    public LocalDate startAsOf() {
        return from.minusDays(1);
    }

    private static int year(String digits) {
        int year = Integer.parseInt(digits);
        if (year < MIN_YEAR || year > MAX_YEAR) {
            throw new IllegalArgumentException("year must be " + MIN_YEAR + " to " + MAX_YEAR + ", not " + digits);
        }
        return year;
    }
}
