package vn.poverty.platform.eventstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Random;
import org.axonframework.common.DateTimeUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The stored timestamps read exactly as Axon's parser reads them, including what it refuses. */
class StoredTimestampsTest {

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(
            strings = {
                "2026-12-06T13:00:41.123Z",
                "2026-12-06T13:00:41.1Z",
                "2026-12-06T13:00:41.123456789Z",
                "2024-02-29T23:59:59.999Z",
                "1970-01-01T00:00:00.000Z",
                "0000-01-01T00:00:00.000Z",
                "2026-12-06T13:00:41Z",
                "2026-12-06T13:00Z",
                "2026-12-06T13:00:41.Z",
                "2026-12-06T20:00:41.123+07:00",
                "2026-12-06t13:00:41.123z",
            })
    void readsWhatAxonReads(String text) {
        assertThat(StoredTimestamps.parse(text)).isEqualTo(DateTimeUtils.parseInstant(text));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(
            strings = {
                "2023-02-29T10:00:00.000Z",
                "2026-13-06T13:00:41.123Z",
                "2026-12-06T24:00:00.000Z",
                "2026-12-06T13:60:41.123Z",
                "2026-12-06T13:00:60.123Z",
                "2026-12-06T13:00:41.1234567890Z",
                "2026-12-06 13:00:41.123Z",
                "2026-12-06T13:00:4x.123Z",
                "",
            })
    void refusesWhatAxonRefuses(String text) {
        assertThatThrownBy(() -> DateTimeUtils.parseInstant(text)).isInstanceOf(DateTimeParseException.class);
        assertThatThrownBy(() -> StoredTimestamps.parse(text)).isInstanceOf(DateTimeParseException.class);
    }

    @Test
    void randomInstantsAsAxonWritesThemAndWithOneCharacterChanged() {
        Random random = new Random(20261206);
        String alphabet = "0123456789-:.TZz+ ";
        for (int n = 0; n < 50_000; n++) {
            Instant instant = Instant.ofEpochSecond(
                    random.nextLong(-62_135_596_800L, 253_402_300_799L), random.nextInt(1_000_000_000));
            String written = n % 2 == 0 ? DateTimeUtils.formatInstant(instant) : instant.toString();
            assertThat(StoredTimestamps.parse(written)).as(written).isEqualTo(DateTimeUtils.parseInstant(written));

            char[] changed = written.toCharArray();
            changed[random.nextInt(changed.length)] = alphabet.charAt(random.nextInt(alphabet.length()));
            String text = new String(changed);
            Instant expected;
            try {
                expected = DateTimeUtils.parseInstant(text);
            } catch (DateTimeParseException refused) {
                assertThatThrownBy(() -> StoredTimestamps.parse(text))
                        .as(text)
                        .isInstanceOf(DateTimeParseException.class);
                continue;
            }
            assertThat(StoredTimestamps.parse(text)).as(text).isEqualTo(expected);
        }
    }
}
