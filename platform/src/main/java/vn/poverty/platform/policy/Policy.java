package vn.poverty.platform.policy;

import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One policy of the catalogue: its code, whether it is universal (every entitled household should hold it: counted
 * in coverage) or need-based, and which statuses entitle a household to it from which date on. Entitled statuses
 * are {@code POOR}, {@code NEAR_POOR}, {@code NOT_POOR} or {@code NEWLY_ESCAPED}.
 */
public record Policy(String policyCode, Kind kind, List<Entitlement> entitlements) {

    public enum Kind {
        UNIVERSAL,
        NEED_BASED
    }

    /** From {@code from} on (until the next entitlement of the policy), households with these statuses qualify. */
    public record Entitlement(LocalDate from, Set<String> statuses) {}

    public Policy {
        entitlements = entitlements.stream()
                .sorted(Comparator.comparing(Entitlement::from))
                .toList();
    }

    /** The statuses that entitle a household on {@code date}; empty before the policy's first entitlement. */
    public Set<String> entitledStatusesOn(LocalDate date) {
        Optional<Entitlement> inForce =
                entitlements.stream().filter(e -> !e.from().isAfter(date)).reduce((first, second) -> second);
        return inForce.map(Entitlement::statuses).orElse(Set.of());
    }

    public boolean universal() {
        return kind == Kind.UNIVERSAL;
    }
}
