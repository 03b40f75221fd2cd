package vn.poverty.query.coverage;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import vn.poverty.api.household.HouseholdStatus;
import vn.poverty.api.household.StatusHistory;
import vn.poverty.platform.policy.Policy;
import vn.poverty.platform.policy.PolicyCatalogue;
import vn.poverty.query.household.HouseholdGrant;

/**
 * Coverage and gaps computed from a basis, without the database, over a catalogue that is data: a universal policy
 * for newly escaped households, and one whose entitled statuses widen from 2024-01-01. The built-in catalogue has
 * neither, so these are the cases the HTTP tests cannot show.
 *
 * <pre>
 * X  "restart"      universal   POOR, NEWLY_ESCAPED
 * W  "widening"     universal   POOR; from 2024-01-01 POOR, NEAR_POOR
 * N  "need"         need-based  POOR              (never in coverage)
 *
 * C01  A  Ấp 1  An     POOR 2022-12-15, NOT_POOR 2023-12-20 (newly escaped until 2026-12-19); X granted 2024
 *      B  Ấp 1  Bình   NEAR_POOR 2022-12-15; W granted 2024-01-01..2024-12-31
 * C02  C  Ấp 2  Cường  POOR 2022-12-20; X and W granted 2023, X revoked from 2023-07-01
 * </pre>
 */
class CoverageBasisTest {

    private static final Policy RESTART = policy(
            "RESTART",
            Policy.Kind.UNIVERSAL,
            new Policy.Entitlement(LocalDate.of(2000, 1, 1), Set.of("POOR", PolicyCatalogue.NEWLY_ESCAPED)));
    private static final Policy WIDENING = policy(
            "WIDENING",
            Policy.Kind.UNIVERSAL,
            new Policy.Entitlement(LocalDate.of(2000, 1, 1), Set.of("POOR")),
            new Policy.Entitlement(LocalDate.of(2024, 1, 1), Set.of("POOR", "NEAR_POOR")));
    private static final Policy NEED =
            policy("NEED", Policy.Kind.NEED_BASED, new Policy.Entitlement(LocalDate.of(2000, 1, 1), Set.of("POOR")));
    private static final PolicyCatalogue CATALOGUE = new PolicyCatalogue(List.of(RESTART, WIDENING, NEED));

    private final CoverageBasis basis = new CoverageBasis(
            CATALOGUE.universal(),
            List.of(new CoverageBasis.Commune("C01", "Mỹ Thọ"), new CoverageBasis.Commune("C02", "Mỹ Hội")),
            List.of(
                    member(
                            "A",
                            "C01",
                            "Ấp 1",
                            "An",
                            history(
                                    fact("2022-12-15", 1, HouseholdStatus.POOR),
                                    fact("2023-12-20", 2, HouseholdStatus.NOT_POOR)),
                            grant("A", "RESTART", "2024-01-01", "2024-12-31", null)),
                    member(
                            "B",
                            "C01",
                            "Ấp 1",
                            "Bình",
                            history(fact("2022-12-15", 1, HouseholdStatus.NEAR_POOR)),
                            grant("B", "WIDENING", "2024-01-01", "2024-12-31", null)),
                    member(
                            "C",
                            "C02",
                            "Ấp 2",
                            "Cường",
                            history(fact("2022-12-20", 1, HouseholdStatus.POOR)),
                            grant("C", "RESTART", "2023-01-01", "2025-12-31", "2023-07-01"),
                            grant("C", "WIDENING", "2023-01-01", "2025-12-31", null))));

    @ParameterizedTest(name = "on {0}: RESTART {1}/{2}, WIDENING {3}/{4}")
    @CsvSource({
        // A poor, B near-poor (not entitled to WIDENING before 2024), C poor; only C's WIDENING grant active
        "2023-06-30, 2, 1, 2, 1",
        // C's RESTART revoked from 07-01
        "2023-07-01, 2, 0, 2, 1",
        // A escaped on 12-20: newly escaped, still entitled to RESTART; no longer to WIDENING
        "2023-12-20, 2, 0, 1, 1",
        // from 2024-01-01 WIDENING entitles near-poor B too, who holds it; A holds RESTART
        "2024-01-01, 2, 1, 2, 2",
        // A's escape is 36 months old: no longer newly escaped
        "2026-12-20, 1, 0, 2, 0",
    })
    void entitlementFollowsTheCatalogueOnTheDateIncludingNewlyEscapedAndDatedChanges(
            LocalDate asOf, long restartEntitled, long restartCovered, long wideningEntitled, long wideningCovered) {
        CoverageReport report = basis.reportOn(asOf);

        assertThat(report.asOf()).isEqualTo(asOf);
        assertThat(report.policies())
                .containsExactly(
                        CoverageReport.PolicyCoverage.of("RESTART", restartEntitled, restartCovered),
                        CoverageReport.PolicyCoverage.of("WIDENING", wideningEntitled, wideningCovered));
    }

    @Test
    void districtFiguresAreTheSumsOfTheCommunesAndNeedBasedPoliciesAreLeftOut() {
        CoverageReport report = basis.reportOn(LocalDate.of(2023, 6, 30));

        assertThat(report.communes())
                .extracting(CoverageReport.CommuneCoverage::communeCode)
                .containsExactly("C01", "C02");
        // C01: A poor, no grant in force yet (RESTART starts 2024); B near-poor: entitled to nothing yet
        assertThat(report.communes().get(0).policies())
                .containsExactly(
                        new CoverageReport.PolicyCoverage("RESTART", 1, 0, new BigDecimal("0.00")),
                        new CoverageReport.PolicyCoverage("WIDENING", 1, 0, new BigDecimal("0.00")));
        assertThat(report.communes().get(1).policies())
                .containsExactly(
                        new CoverageReport.PolicyCoverage("RESTART", 1, 1, new BigDecimal("100.00")),
                        new CoverageReport.PolicyCoverage("WIDENING", 1, 1, new BigDecimal("100.00")));
        assertThat(report.policies())
                .containsExactly(
                        new CoverageReport.PolicyCoverage("RESTART", 2, 1, new BigDecimal("50.00")),
                        new CoverageReport.PolicyCoverage("WIDENING", 2, 1, new BigDecimal("50.00")));
        // 2 of 4 pairs
        assertThat(report.overallRate()).isEqualTo(new BigDecimal("50.00"));
    }

    @Test
    void nobodyEntitledIsFullCoverage() {
        CoverageReport report = basis.reportOn(LocalDate.of(2022, 12, 1)); // before any decision

        assertThat(report.policies())
                .extracting(CoverageReport.PolicyCoverage::coverageRate)
                .containsOnly(new BigDecimal("100.00"));
        assertThat(report.overallRate()).isEqualTo(new BigDecimal("100.00"));
    }

    @ParameterizedTest(name = "{0} of {1} is {2}%")
    @CsvSource({"1, 3, 33.33", "2, 3, 66.67", "1, 8, 12.50", "0, 5, 0.00", "5, 5, 100.00", "0, 0, 100.00"})
    void rateIsHalfUpToTwoDecimalsAndFullWhenNobodyIsEntitled(long covered, long entitled, String expected) {
        assertThat(CoverageReport.rate(covered, entitled)).isEqualTo(new BigDecimal(expected));
    }

    @Test
    void gapsAreTheEntitledPairsWithoutAnActiveGrantInCommuneHamletNameAndPolicyOrder() {
        LocalDate asOf = LocalDate.of(2023, 7, 1);

        assertThat(basis.gapsOn(asOf, null))
                .containsExactly(
                        new CoverageGap("A", "C01", "Ấp 1", "An", "POOR", "RESTART"),
                        new CoverageGap("A", "C01", "Ấp 1", "An", "POOR", "WIDENING"),
                        new CoverageGap("C", "C02", "Ấp 2", "Cường", "POOR", "RESTART"));
        assertThat(basis.gapsOn(asOf, "WIDENING"))
                .containsExactly(new CoverageGap("A", "C01", "Ấp 1", "An", "POOR", "WIDENING"));
        // newly escaped A, with no RESTART grant in force before 2024
        assertThat(basis.gapsOn(LocalDate.of(2023, 12, 31), "RESTART"))
                .extracting(CoverageGap::householdId, CoverageGap::status)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("A", "NOT_POOR"),
                        org.assertj.core.groups.Tuple.tuple("C", "POOR"));
    }

    private static Policy policy(String code, Policy.Kind kind, Policy.Entitlement... entitlements) {
        return new Policy(code, kind, List.of(entitlements));
    }

    private static CoverageBasis.Member member(
            String id, String commune, String hamlet, String name, StatusHistory history, HouseholdGrant... grants) {
        return new CoverageBasis.Member(id, commune, hamlet, name, history, List.of(grants));
    }

    private static StatusHistory history(StatusHistory.Fact... facts) {
        return StatusHistory.of(new ArrayList<>(List.of(facts)));
    }

    private static StatusHistory.Fact fact(String decidedOn, long sequence, HouseholdStatus status) {
        return new StatusHistory.Fact("assessment-" + sequence, LocalDate.parse(decidedOn), sequence, sequence, status);
    }

    private static HouseholdGrant grant(String household, String policy, String from, String to, String inactiveFrom) {
        return new HouseholdGrant(
                household + "-" + policy,
                household,
                policy,
                LocalDate.parse(from),
                LocalDate.parse(to),
                inactiveFrom == null ? null : LocalDate.parse(inactiveFrom));
    }
}
