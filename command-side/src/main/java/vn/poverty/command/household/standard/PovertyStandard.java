package vn.poverty.command.household.standard;

import java.util.List;
import java.util.Map;
import java.util.Set;
import vn.poverty.api.commune.AreaType;
import vn.poverty.api.household.HouseholdStatus;

/**
 * One national poverty standard as data: the periods it governs, its deprivation indicators and its income lines
 * per area type. The rule is the same shape for every standard so that a new one (2026–2030) is a data change:
 * <pre>
 * income &lt;= poorIncomeLine (when the standard has one)            -> POOR
 * income &lt;= incomeLine and deprivations &gt;= minDeprivationsForPoor -> POOR
 * income &lt;= incomeLine                                           -> NEAR_POOR
 * otherwise                                                      -> NOT_POOR
 * </pre>
 *
 * @param code                   e.g. {@code DECREE_07_2021}
 * @param firstPeriod            first period governed, or {@code null} for no lower bound
 * @param lastPeriod             last period governed, or {@code null} for no upper bound
 * @param indicators             the deprivation indicator codes of this standard
 * @param lines                  income lines (VND per person per month) for each area type
 * @param minDeprivationsForPoor deprivations that make a household under the income line POOR
 */
public record PovertyStandard(
        String code,
        Integer firstPeriod,
        Integer lastPeriod,
        List<String> indicators,
        Map<AreaType, IncomeLines> lines,
        int minDeprivationsForPoor) {

    /**
     * @param poorIncomeLine income at or under which a household is POOR whatever its deprivations, or {@code null}
     * @param incomeLine     income at or under which a household is POOR or NEAR_POOR
     */
    public record IncomeLines(Long poorIncomeLine, long incomeLine) {}

    public PovertyStandard {
        indicators = List.copyOf(indicators);
        lines = Map.copyOf(lines);
    }

    public boolean governs(int period) {
        return (firstPeriod == null || period >= firstPeriod) && (lastPeriod == null || period <= lastPeriod);
    }

    public boolean hasIndicator(String indicator) {
        return Set.copyOf(indicators).contains(indicator);
    }

    /** Classifies a household; {@code deprivationCount} counts indicators of this standard only. */
    public HouseholdStatus classify(AreaType areaType, long incomePerCapita, int deprivationCount) {
        IncomeLines line = lines.get(areaType);
        if (line == null) {
            throw new IllegalStateException("Standard " + code + " has no income line for " + areaType);
        }
        if (line.poorIncomeLine() != null && incomePerCapita <= line.poorIncomeLine()) {
            return HouseholdStatus.POOR;
        }
        if (incomePerCapita <= line.incomeLine()) {
            return deprivationCount >= minDeprivationsForPoor ? HouseholdStatus.POOR : HouseholdStatus.NEAR_POOR;
        }
        return HouseholdStatus.NOT_POOR;
    }
}
