package vn.poverty.query.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Bounds of the dead-letter queue of each processing group ({@code poverty.dead-letters.*}). Which groups have one is
 * Axon's {@code axon.eventhandling.processors.<group>.dlq.enabled}.
 *
 * @param maxSequences how many sequences (aggregates) may be dead-lettered at once per group; one more failing
 *     aggregate stops the group's processing (it retries the batch) instead of dropping the event
 * @param maxSequenceSize how many events of one aggregate may wait in the queue; one more stops the group likewise
 * @param claimDuration how long a retry holds a sequence before another node may retry it too
 * @param causeMessageLength the failure message is truncated to this many characters (the column holds 1023)
 */
@ConfigurationProperties("poverty.dead-letters")
record DeadLetterProperties(
        @DefaultValue("1024") int maxSequences,
        @DefaultValue("1024") int maxSequenceSize,
        @DefaultValue("30s") Duration claimDuration,
        @DefaultValue("1023") int causeMessageLength) {

    DeadLetterProperties {
        if (maxSequences < 1 || maxSequenceSize < 1) {
            throw new IllegalArgumentException("poverty.dead-letters.max-sequences and max-sequence-size must be > 0");
        }
        if (causeMessageLength < 1 || causeMessageLength > 1023) {
            throw new IllegalArgumentException("poverty.dead-letters.cause-message-length must be 1..1023");
        }
    }
}
