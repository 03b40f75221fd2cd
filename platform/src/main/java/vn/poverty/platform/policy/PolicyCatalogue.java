package vn.poverty.platform.policy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import vn.poverty.api.household.HouseholdStatus;
import vn.poverty.api.household.StatusHistory;

/**
 * The policy catalogue (DESIGN.md §3 "Policies") as data: {@code policies.json}, or the file named by
 * {@code poverty.policies-file}. A policy gains or loses entitled statuses from a date by a new entry in its
 * {@code entitlements}, without code changes. Used by the command side to refuse grants and end them, and by the
 * query side to count coverage.
 */
public final class PolicyCatalogue {

    public static final String RESOURCE = "/policies.json";
    /** The pseudo-status of a household that escaped poverty within the last 36 months. */
    public static final String NEWLY_ESCAPED = "NEWLY_ESCAPED";

    private final Map<String, Policy> byCode = new LinkedHashMap<>();

    public PolicyCatalogue(List<Policy> policies) {
        policies.forEach(p -> byCode.put(p.policyCode(), p));
    }

    public static PolicyCatalogue builtIn() {
        try (InputStream in = PolicyCatalogue.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath");
            }
            return read(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static PolicyCatalogue read(InputStream json) throws IOException {
        List<Policy> policies =
                new ObjectMapper().registerModule(new JavaTimeModule()).readValue(json, new TypeReference<>() {});
        return new PolicyCatalogue(policies);
    }

    public Optional<Policy> policy(String code) {
        return Optional.ofNullable(byCode.get(code));
    }

    public List<Policy> all() {
        return List.copyOf(byCode.values());
    }

    public List<Policy> universal() {
        return byCode.values().stream().filter(Policy::universal).toList();
    }

    public List<String> codes() {
        return List.copyOf(byCode.keySet());
    }

    /** Whether a household with this status history is entitled to the policy on {@code date}. */
    public static boolean entitled(Policy policy, StatusHistory history, LocalDate date) {
        return hasAnyOf(policy.entitledStatusesOn(date), history, date);
    }

    /**
     * Whether the household's status on {@code date} is one of {@code statuses}, where {@value #NEWLY_ESCAPED} also
     * counts a household that escaped poverty within the last 36 months. Policies and loan programmes both name
     * their beneficiaries this way.
     */
    public static boolean hasAnyOf(Set<String> statuses, StatusHistory history, LocalDate date) {
        HouseholdStatus status = history.statusOn(date);
        return statuses.contains(status.name()) || (statuses.contains(NEWLY_ESCAPED) && history.newlyEscapedOn(date));
    }
}
