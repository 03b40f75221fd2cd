package vn.poverty.query.periodic;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import vn.poverty.api.household.HouseholdStatus;
import vn.poverty.query.poverty.PovertyReport;

/**
 * The periodic report a commune sends to the district for a month, a quarter or a year (issue 7), as known at
 * {@code knownAt}. Every figure is defined in {@code PeriodicReportController}'s OpenAPI description.
 */
public record PeriodicReport(
        String communeCode,
        String communeName,
        String period,
        LocalDate from,
        LocalDate to,
        Instant knownAt,
        StatusFigures atStart,
        StatusFigures atEnd,
        Changes changes,
        Grants grants,
        Loans loans) {

    /**
     * The commune's households on {@code asOf}: those registered by then or with a status in force then, by status
     * in force ({@code poor + nearPoor + notPoor + unclassified = registeredHouseholds}; {@code newlyEscaped} is the
     * part of {@code notPoor} that escaped within 36 months), the recorded total in force and the rates of it.
     */
    public record StatusFigures(
            LocalDate asOf,
            long registeredHouseholds,
            long poor,
            long nearPoor,
            long notPoor,
            long newlyEscaped,
            long unclassified,
            long totalHouseholds,
            BigDecimal poorRate,
            BigDecimal nearPoorRate) {}

    /** Households whose status at the end differs from that at the start, compared start to end. */
    public record Changes(
            long fellIntoPoverty, long escapedPoverty, long fellIntoNearPoverty, long escapedNearPoverty) {}

    /** Grants whose validity starts in the period: all, and per policy code. */
    public record Grants(long grants, long amount, List<PolicyGrants> policies) {}

    public record PolicyGrants(String policyCode, long grants, long amount) {}

    /** Loan facts dated in the period (VND). */
    public record Loans(
            long disbursedLoans,
            long disbursedAmount,
            long repayments,
            long repaidAmount,
            long settledLoans,
            long writtenOffLoans,
            long writtenOffAmount) {}

    /**
     * A household of the commune with its status in force at the start and at the end ({@code UNCLASSIFIED} when no
     * decision is in force), whether it is newly escaped then, and its registration date.
     */
    public record Member(
            LocalDate registeredOn,
            HouseholdStatus atStart,
            boolean newlyEscapedAtStart,
            HouseholdStatus atEnd,
            boolean newlyEscapedAtEnd) {}

    /** The status figures on {@code asOf} of the members, with the commune's recorded total in force then. */
    static StatusFigures figures(LocalDate asOf, List<Member> members, boolean atEnd, long totalHouseholds) {
        long registered = 0;
        long newlyEscaped = 0;
        Map<HouseholdStatus, Long> counts = new LinkedHashMap<>();
        for (Member member : members) {
            HouseholdStatus status = atEnd ? member.atEnd() : member.atStart();
            // a household counts from its registration, or earlier if a decision dated earlier is in force
            if (status == HouseholdStatus.UNCLASSIFIED && member.registeredOn().isAfter(asOf)) {
                continue;
            }
            registered++;
            counts.merge(status, 1L, Long::sum);
            if (atEnd ? member.newlyEscapedAtEnd() : member.newlyEscapedAtStart()) {
                newlyEscaped++;
            }
        }
        long poor = counts.getOrDefault(HouseholdStatus.POOR, 0L);
        long nearPoor = counts.getOrDefault(HouseholdStatus.NEAR_POOR, 0L);
        return new StatusFigures(
                asOf,
                registered,
                poor,
                nearPoor,
                counts.getOrDefault(HouseholdStatus.NOT_POOR, 0L),
                newlyEscaped,
                counts.getOrDefault(HouseholdStatus.UNCLASSIFIED, 0L),
                totalHouseholds,
                PovertyReport.rate(poor, totalHouseholds),
                PovertyReport.rate(nearPoor, totalHouseholds));
    }

    /** Start-to-end comparison of each member's status in force. */
    static Changes changes(List<Member> members) {
        long fellPoor = 0;
        long escapedPoor = 0;
        long fellNear = 0;
        long escapedNear = 0;
        for (Member m : members) {
            if (m.atEnd() == HouseholdStatus.POOR && m.atStart() != HouseholdStatus.POOR) {
                fellPoor++;
            }
            if (m.atStart() == HouseholdStatus.POOR && m.atEnd() != HouseholdStatus.POOR) {
                escapedPoor++;
            }
            if (m.atEnd() == HouseholdStatus.NEAR_POOR && m.atStart() != HouseholdStatus.NEAR_POOR) {
                fellNear++;
            }
            if (m.atStart() == HouseholdStatus.NEAR_POOR && m.atEnd() != HouseholdStatus.NEAR_POOR) {
                escapedNear++;
            }
        }
        return new Changes(fellPoor, escapedPoor, fellNear, escapedNear);
    }

    /**
     * The grants per policy: a row for each policy of {@code catalogue} in its order (zeros included), then any other
     * policy code found, by code.
     */
    static Grants grants(List<String> catalogue, List<PolicyGrants> found) {
        Map<String, PolicyGrants> byCode = new LinkedHashMap<>();
        catalogue.forEach(code -> byCode.put(code, new PolicyGrants(code, 0, 0)));
        found.stream()
                .sorted(java.util.Comparator.comparing(PolicyGrants::policyCode))
                .forEach(p -> byCode.put(p.policyCode(), p));
        List<PolicyGrants> policies = new ArrayList<>(byCode.values());
        return new Grants(
                policies.stream().mapToLong(PolicyGrants::grants).sum(),
                policies.stream().mapToLong(PolicyGrants::amount).sum(),
                List.copyOf(policies));
    }
}
