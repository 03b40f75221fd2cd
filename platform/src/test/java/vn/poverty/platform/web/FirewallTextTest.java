package vn.poverty.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The firewall predicates accept exactly what Spring Security's regular expressions accept. */
class FirewallTextTest {

    private static final Pattern NAMES = Pattern.compile("[\\p{IsAssigned}&&[^\\p{IsControl}]]*");
    private static final Pattern VALUES = Pattern.compile("[\\p{IsAssigned}&&[[^\\p{IsControl}]||\\t]]*");

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJkaXN0cmljdCJ9.c2lnbmF0dXJl | true  | true",
                "Nguyễn Văn An, Ấp 1                                              | true  | true",
                "a\tb                                                               | false | true",
                "a\u0000b                                                          | false | false",
                "a\u007fb                                                          | false | false",
                "a\u0085b                                                          | false | false",
                "a\u0378b                                                          | false | false",
                "\ud83d\ude00                                                      | true  | true",
                "\ud800x                                                           | true  | true",
            })
    void examples(String text, boolean name, boolean value) {
        String decoded = text.replace("\\t", "\t");
        assertThat(FirewallText.assignedAndNotControl(decoded)).isEqualTo(name);
        assertThat(FirewallText.headerValue(decoded)).isEqualTo(value);
    }

    @Test
    void everyCharacterOfTheBasicPlaneAloneAndBetweenLetters() {
        for (int c = 0; c <= 0xFFFF; c++) {
            for (String text : new String[] {String.valueOf((char) c), "ab" + (char) c + "cd"}) {
                assertThat(FirewallText.assignedAndNotControl(text))
                        .as("name U+%04X", c)
                        .isEqualTo(NAMES.matcher(text).matches());
                assertThat(FirewallText.headerValue(text))
                        .as("value U+%04X", c)
                        .isEqualTo(VALUES.matcher(text).matches());
            }
        }
    }

    @Test
    void randomStringsWithSupplementaryCharactersAndLoneSurrogates() {
        Random random = new Random(20261129);
        for (int n = 0; n < 20_000; n++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(12);
            for (int i = 0; i < length; i++) {
                switch (random.nextInt(4)) {
                    case 0 -> text.append((char) (0x20 + random.nextInt(0x5F)));
                    case 1 -> text.append((char) random.nextInt(0x10000));
                    case 2 -> text.appendCodePoint(0x10000 + random.nextInt(0x100000));
                    default -> text.append((char) (0xD800 + random.nextInt(0x800)));
                }
            }
            String s = text.toString();
            assertThat(FirewallText.assignedAndNotControl(s))
                    .as(s)
                    .isEqualTo(NAMES.matcher(s).matches());
            assertThat(FirewallText.headerValue(s))
                    .as(s)
                    .isEqualTo(VALUES.matcher(s).matches());
        }
    }
}
