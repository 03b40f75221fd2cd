package vn.poverty.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CommandLoadTest {

    @Test
    void lagPollsAreFrequentAtFirstThenATenthOfTheWait() {
        assertThat(CommandLoad.pollDelayMicros(0)).isEqualTo(10_000);
        assertThat(CommandLoad.pollDelayMicros(50_000_000L)).isEqualTo(10_000); // 50 ms waited
        assertThat(CommandLoad.pollDelayMicros(1_000_000_000L)).isEqualTo(100_000); // 1 s waited
        assertThat(CommandLoad.pollDelayMicros(20_000_000_000L)).isEqualTo(250_000); // 20 s waited
    }
}
