package vn.poverty.query.coverage;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import vn.poverty.api.household.StatusHistory;
import vn.poverty.platform.policy.Policy;
import vn.poverty.platform.policy.PolicyCatalogue;
import vn.poverty.query.household.HouseholdGrant;

/**
 * What coverage is computed from, as known at one instant: the universal policies of the catalogue, the communes of
 * the report and their households, each with its status history and grants. Pure: the coverage and the gaps on any
 * date follow from it without the database, so one basis answers every year-end of a targets report.
 * <p>
 * Entitlement is {@link PolicyCatalogue#entitled} on the date, so any data-driven catalogue is counted right
 * (statuses changing from a date, NEWLY_ESCAPED); "covered" is {@link HouseholdGrant#activeOn}.
 */
public final class CoverageBasis {

    /** A commune of the report. */
    public record Commune(String code, String name) {}

    /** A household of one of the communes, with its history and grants as known at the basis's instant. */
    public record Member(
            String householdId,
            String communeCode,
            String hamlet,
            String headName,
            StatusHistory history,
            List<HouseholdGrant> grants) {

        boolean holdsActive(String policyCode, LocalDate date) {
            return grants.stream().anyMatch(g -> g.policyCode().equals(policyCode) && g.activeOn(date));
        }
    }

    private final List<Policy> universal;
    private final List<Commune> communes;
    private final List<Member> members;

    /**
     * @param universal the universal policies, in catalogue order
     * @param members   the households in gap order: commune, hamlet, head's name (then id)
     */
    public CoverageBasis(List<Policy> universal, List<Commune> communes, List<Member> members) {
        this.universal = List.copyOf(universal);
        this.communes = List.copyOf(communes);
        this.members = List.copyOf(members);
    }

    public List<Policy> universalPolicies() {
        return universal;
    }

    /** Entitled and covered households per universal policy on {@code asOf}, per commune and for the district. */
    public CoverageReport reportOn(LocalDate asOf) {
        Map<String, long[][]> tallies = new LinkedHashMap<>(); // commune -> [policy][entitled, covered]
        communes.forEach(c -> tallies.put(c.code(), new long[universal.size()][2]));
        for (Member member : members) {
            long[][] tally = tallies.get(member.communeCode());
            if (tally == null) {
                continue; // a household of a commune outside the report
            }
            for (int p = 0; p < universal.size(); p++) {
                Policy policy = universal.get(p);
                if (PolicyCatalogue.entitled(policy, member.history(), asOf)) {
                    tally[p][0]++;
                    if (member.holdsActive(policy.policyCode(), asOf)) {
                        tally[p][1]++;
                    }
                }
            }
        }
        long[][] district = new long[universal.size()][2];
        List<CoverageReport.CommuneCoverage> perCommune = new ArrayList<>();
        for (Commune commune : communes) {
            long[][] tally = tallies.get(commune.code());
            perCommune.add(new CoverageReport.CommuneCoverage(commune.code(), commune.name(), figures(tally)));
            for (int p = 0; p < universal.size(); p++) {
                district[p][0] += tally[p][0];
                district[p][1] += tally[p][1];
            }
        }
        return new CoverageReport(asOf, figures(district), perCommune);
    }

    /**
     * Every (entitled household, universal policy) pair without an active grant on {@code asOf}, in order of commune,
     * hamlet, head's name and policy code; only of {@code policyCode} when it is not null.
     */
    public List<CoverageGap> gapsOn(LocalDate asOf, String policyCode) {
        List<Policy> policies = universal.stream()
                .filter(p -> policyCode == null || p.policyCode().equals(policyCode))
                .sorted(Comparator.comparing(Policy::policyCode))
                .toList();
        List<String> inReport = communes.stream().map(Commune::code).toList();
        List<CoverageGap> gaps = new ArrayList<>();
        for (Member member : members) {
            if (!inReport.contains(member.communeCode())) {
                continue;
            }
            for (Policy policy : policies) {
                if (PolicyCatalogue.entitled(policy, member.history(), asOf)
                        && !member.holdsActive(policy.policyCode(), asOf)) {
                    gaps.add(new CoverageGap(
                            member.householdId(),
                            member.communeCode(),
                            member.hamlet(),
                            member.headName(),
                            member.history().statusOn(asOf).name(),
                            policy.policyCode()));
                }
            }
        }
        return gaps;
    }

    private List<CoverageReport.PolicyCoverage> figures(long[][] tally) {
        List<CoverageReport.PolicyCoverage> figures = new ArrayList<>();
        for (int p = 0; p < universal.size(); p++) {
            figures.add(CoverageReport.PolicyCoverage.of(universal.get(p).policyCode(), tally[p][0], tally[p][1]));
        }
        return figures;
    }
}
