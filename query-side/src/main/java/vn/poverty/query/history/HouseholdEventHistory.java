package vn.poverty.query.history;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import vn.poverty.query.shared.CustomPlans;

/**
 * The full event history of a household, read straight from Axon's event table ({@code domain_event_entry}): the
 * events of the Household aggregate (registration, assessments, recognitions, corrections, grants and their ends)
 * and of its loans (loan ids from {@code q_loan}), merged in global-index order. Payload and metadata are Jackson
 * JSON (the apps' event serializer), so they are parsed as trees: no projection is needed and nothing is lost.
 */
@Component
public class HouseholdEventHistory {

    /** Payload fields that carry an event's effective date, in order of preference. */
    static final List<String> EFFECTIVE_DATE_FIELDS = List.of(
            "registeredOn",
            "assessedOn",
            "decidedOn",
            "effectiveFrom",
            "validFrom",
            "revokedOn",
            "endedOn",
            "appliedOn",
            "approvedOn",
            "rejectedOn",
            "disbursedOn",
            "paidOn",
            "settledOn",
            "writtenOffOn",
            "asOf");

    private static final String HOUSEHOLD_REGISTERED = "HouseholdRegistered";

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;

    HouseholdEventHistory(JdbcTemplate jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** One event of the history; {@code sequence} is its 0-based place in the merged list. */
    public record Entry(
            long sequence,
            long globalIndex,
            String type,
            Instant recordedAt,
            LocalDate effectiveDate,
            String actor,
            String decisionRef,
            JsonNode data) {}

    /** A page of the history of a household of {@code communeCode}. */
    public record History(String householdId, String communeCode, List<Entry> events, int page, int size, long total) {}

    /**
     * The events of the household recorded by {@code knownAt}, page {@code page} of {@code size}; empty when no
     * registration of that household was recorded by then.
     */
    public Optional<History> of(String householdId, Instant knownAt, int page, int size) {
        List<String> aggregates = new ArrayList<>();
        aggregates.add(householdId);
        aggregates.addAll(jdbc.queryForList(
                "SELECT loan_id FROM q_loan WHERE household_id = ? ORDER BY loan_id", String.class, householdId));
        List<Raw> raws = jdbc.query(
                con -> {
                    var statement = CustomPlans.prepare(con, """
                    SELECT global_index, aggregate_identifier, type, time_stamp, payload_type, payload, meta_data
                    FROM domain_event_entry
                    WHERE aggregate_identifier = ANY (?) AND type IN ('Household', 'Loan')
                    ORDER BY global_index""");
                    statement.setArray(1, con.createArrayOf("varchar", aggregates.toArray()));
                    return statement;
                },
                (rs, i) -> new Raw(
                        rs.getLong(1),
                        rs.getString(2),
                        rs.getString(3),
                        Instant.parse(rs.getString(4)),
                        rs.getString(5),
                        rs.getBytes(6),
                        rs.getBytes(7)));

        List<Raw> known = raws.stream()
                .filter(r -> !r.recordedAt().isAfter(knownAt))
                .sorted(Comparator.comparingLong(Raw::globalIndex))
                .toList();
        Optional<Raw> registration = known.stream()
                .filter(r -> r.aggregateType().equals("Household") && typeOf(r).equals(HOUSEHOLD_REGISTERED))
                .findFirst();
        if (registration.isEmpty()) {
            return Optional.empty();
        }
        String communeCode =
                tree(registration.get().payload()).path("communeCode").asText(null);
        long from = (long) page * size;
        List<Entry> events = new ArrayList<>();
        for (long k = from; k < Math.min(known.size(), from + size); k++) {
            events.add(entry(k, known.get((int) k)));
        }
        return Optional.of(new History(householdId, communeCode, events, page, size, known.size()));
    }

    private Entry entry(long sequence, Raw raw) {
        JsonNode data = tree(raw.payload());
        JsonNode meta = raw.metaData() == null ? NullNode.getInstance() : tree(raw.metaData());
        String decisionRef = text(meta, "decisionRef");
        if (decisionRef == null) {
            decisionRef = text(data, "decisionRef");
        }
        return new Entry(
                sequence,
                raw.globalIndex(),
                typeOf(raw),
                raw.recordedAt(),
                effectiveDate(data),
                text(meta, "actor"),
                decisionRef,
                data);
    }

    /** The simple name of the payload class without "Event": {@code HouseholdRegistered}. */
    static String typeOf(Raw raw) {
        String name = raw.payloadType().substring(raw.payloadType().lastIndexOf('.') + 1);
        name = name.substring(name.lastIndexOf('$') + 1);
        return name.endsWith("Event") ? name.substring(0, name.length() - "Event".length()) : name;
    }

    static LocalDate effectiveDate(JsonNode data) {
        for (String field : EFFECTIVE_DATE_FIELDS) {
            JsonNode value = data.get(field);
            if (value == null || value.isNull()) {
                continue;
            }
            if (value.isTextual()) {
                return LocalDate.parse(value.asText());
            }
            if (value.isArray() && value.size() == 3) { // dates written as [year, month, day]
                return LocalDate.of(
                        value.get(0).asInt(), value.get(1).asInt(), value.get(2).asInt());
            }
        }
        return null;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private JsonNode tree(byte[] bytes) {
        try {
            return json.readTree(bytes);
        } catch (IOException e) {
            throw new IllegalStateException("An event in the store is not JSON", e);
        }
    }

    record Raw(
            long globalIndex,
            String aggregateId,
            String aggregateType,
            Instant recordedAt,
            String payloadType,
            byte[] payload,
            byte[] metaData) {}
}
