package vn.poverty.audit;

/**
 * The outcome of recomputing the chain from the stored events.
 *
 * @param verified              no link, event or checkpoint failed
 * @param events                events covered by the chain and checked
 * @param firstBrokenSequence   chain position (1 = first chained event) of the first failure, or null
 * @param firstBrokenGlobalIndex the global index of the event at that position, or null
 * @param problem               what failed there, or null
 * @param unchainedEvents       stored events not (yet) in the chain: the newest ones, until the writer catches up
 * @param checkpoints           checkpoints checked
 * @param signedCheckpoints     of which carried a signature that was verified with the given key
 */
public record Verification(
        boolean verified,
        long events,
        Long firstBrokenSequence,
        Long firstBrokenGlobalIndex,
        String problem,
        long unchainedEvents,
        long checkpoints,
        long signedCheckpoints) {}
