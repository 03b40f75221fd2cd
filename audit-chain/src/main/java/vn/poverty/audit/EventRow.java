package vn.poverty.audit;

/** One stored event as the hash chain sees it: every column of {@code domain_event_entry}. */
public record EventRow(
        long globalIndex,
        String eventIdentifier,
        String aggregateIdentifier,
        long sequenceNumber,
        String type,
        String timeStamp,
        String payloadType,
        String payloadRevision,
        byte[] payload,
        byte[] metaData) {}
