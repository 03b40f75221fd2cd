package vn.poverty.platform.eventstore;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import org.axonframework.common.DateTimeUtils;

/**
 * Reads the {@code time_stamp} text of a stored event. Axon writes it as {@code 2026-12-06T13:00:41.123Z} (UTC,
 * three to nine fraction digits) and parses it with a {@code DateTimeFormatter} every time an event's timestamp is
 * asked for; that parse was about a twentieth of the query side's CPU in a rebuild. Text of exactly that shape is
 * read here digit by digit; anything else (another offset, no fraction, an invalid date) goes to Axon's parser, so
 * the result, or the exception, is always what {@link DateTimeUtils#parseInstant} gives.
 */
public final class StoredTimestamps {

    private static final int FRACTION_START = 20; // after "yyyy-MM-ddTHH:mm:ss."

    private StoredTimestamps() {}

    public static Instant parse(CharSequence text) {
        Instant instant = parseUtc(text);
        return instant != null ? instant : DateTimeUtils.parseInstant(text);
    }

    /** The instant of text in Axon's own shape, or null for any other text. */
    private static Instant parseUtc(CharSequence text) {
        int length = text.length();
        if (length < FRACTION_START + 2 || length > FRACTION_START + 10 || text.charAt(length - 1) != 'Z') {
            return null;
        }
        if (text.charAt(4) != '-'
                || text.charAt(7) != '-'
                || text.charAt(10) != 'T'
                || text.charAt(13) != ':'
                || text.charAt(16) != ':'
                || text.charAt(19) != '.') {
            return null;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 2);
        int day = digits(text, 8, 2);
        int hour = digits(text, 11, 2);
        int minute = digits(text, 14, 2);
        int second = digits(text, 17, 2);
        int fractionDigits = length - 1 - FRACTION_START;
        int fraction = digits(text, FRACTION_START, fractionDigits);
        if ((year | month | day | hour | minute | second | fraction) < 0 || hour > 23 || minute > 59 || second > 59) {
            return null;
        }
        long epochDay;
        try {
            epochDay = LocalDate.of(year, month, day).toEpochDay();
        } catch (DateTimeException invalidDate) {
            return null;
        }
        int nanos = fraction;
        for (int i = fractionDigits; i < 9; i++) {
            nanos *= 10;
        }
        return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3_600L + minute * 60L + second, nanos);
    }

    /** The value of count ASCII digits from start, or -1 if one of them is not a digit. */
    private static int digits(CharSequence text, int start, int count) {
        int value = 0;
        for (int i = start; i < start + count; i++) {
            int digit = text.charAt(i) - '0';
            if (digit < 0 || digit > 9) {
                return -1;
            }
            value = value * 10 + digit;
        }
        return value;
    }
}
