package vn.poverty.command.household.standard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import vn.poverty.api.commune.AreaType;
import vn.poverty.api.household.HouseholdStatus;

class PovertyStandardTest {

    private static final PovertyStandards STANDARDS = PovertyStandards.builtIn();

    private static PovertyStandard standard(String code) {
        return STANDARDS.byCode(code).orElseThrow();
    }

    @ParameterizedTest(name = "{0} {1}: income {2}, {3} deprivations -> {4}")
    @CsvSource(textBlock = """
            # standard,       area,  income,  deprivations, expected
            # DECREE_07_2021, rural line 1,500,000
            DECREE_07_2021,   RURAL, 1500000, 3,  POOR
            DECREE_07_2021,   RURAL, 1500000, 2,  NEAR_POOR
            DECREE_07_2021,   RURAL, 1500001, 3,  NOT_POOR
            DECREE_07_2021,   RURAL, 1500001, 12, NOT_POOR
            DECREE_07_2021,   RURAL, 1499999, 0,  NEAR_POOR
            # DECREE_07_2021 has no low line: no income alone makes a household poor
            DECREE_07_2021,   RURAL, 0,       0,  NEAR_POOR
            DECREE_07_2021,   RURAL, 700000,  2,  NEAR_POOR
            # DECREE_07_2021, urban line 2,000,000
            DECREE_07_2021,   URBAN, 2000000, 3,  POOR
            DECREE_07_2021,   URBAN, 2000000, 2,  NEAR_POOR
            DECREE_07_2021,   URBAN, 2000001, 3,  NOT_POOR
            DECREE_07_2021,   URBAN, 900000,  2,  NEAR_POOR
            # between the two lines the area type decides
            DECREE_07_2021,   URBAN, 1800000, 3,  POOR
            DECREE_07_2021,   RURAL, 1800000, 3,  NOT_POOR
            # DECISION_59_2015, rural: low line 700,000, high line 1,000,000
            DECISION_59_2015, RURAL, 700000,  0,  POOR
            DECISION_59_2015, RURAL, 700001,  0,  NEAR_POOR
            DECISION_59_2015, RURAL, 700001,  2,  NEAR_POOR
            DECISION_59_2015, RURAL, 700001,  3,  POOR
            DECISION_59_2015, RURAL, 1000000, 3,  POOR
            DECISION_59_2015, RURAL, 1000000, 2,  NEAR_POOR
            DECISION_59_2015, RURAL, 1000001, 3,  NOT_POOR
            DECISION_59_2015, RURAL, 1000001, 10, NOT_POOR
            # DECISION_59_2015, urban: low line 900,000, high line 1,300,000
            DECISION_59_2015, URBAN, 900000,  0,  POOR
            DECISION_59_2015, URBAN, 900001,  0,  NEAR_POOR
            DECISION_59_2015, URBAN, 900001,  2,  NEAR_POOR
            DECISION_59_2015, URBAN, 900001,  3,  POOR
            DECISION_59_2015, URBAN, 1300000, 3,  POOR
            DECISION_59_2015, URBAN, 1300000, 2,  NEAR_POOR
            DECISION_59_2015, URBAN, 1300001, 3,  NOT_POOR
            # the same income is under the urban low line but only near the rural high line
            DECISION_59_2015, URBAN, 800000,  0,  POOR
            DECISION_59_2015, RURAL, 800000,  0,  NEAR_POOR
            DECISION_59_2015, URBAN, 1100000, 0,  NEAR_POOR
            DECISION_59_2015, RURAL, 1100000, 0,  NOT_POOR
            """)
    void classifiesByIncomeLinesAndDeprivations(
            String code, AreaType area, long income, int deprivations, HouseholdStatus expected) {
        assertThat(standard(code).classify(area, income, deprivations)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "period {0} -> {1}")
    @CsvSource({
        "2010, DECISION_59_2015",
        "2016, DECISION_59_2015",
        "2021, DECISION_59_2015",
        "2022, DECREE_07_2021",
        "2023, DECREE_07_2021",
        "2025, DECREE_07_2021"
    })
    void defaultStandardFollowsThePeriod(int period, String expected) {
        assertThat(STANDARDS.forPeriod(period)).map(PovertyStandard::code).contains(expected);
    }

    @ParameterizedTest(name = "period {0} has no standard yet")
    @CsvSource({"2026", "2030"})
    void noStandardGovernsPeriodsAfter2025(int period) {
        assertThat(STANDARDS.forPeriod(period)).isEmpty();
    }

    @Test
    void catalogueKnowsBothStandardsByCode() {
        assertThat(STANDARDS.codes()).containsExactly("DECISION_59_2015", "DECREE_07_2021");
        assertThat(STANDARDS.byCode("DECREE_XX")).isEmpty();
    }

    @Test
    void decision59HasTheTenLegalIndicatorsWithHealthcareAccess() {
        PovertyStandard decision59 = standard("DECISION_59_2015");

        assertThat(decision59.indicators())
                .containsExactlyInAnyOrder(
                        "HEALTHCARE_ACCESS",
                        "HEALTH_INSURANCE",
                        "ADULT_EDUCATION",
                        "CHILD_SCHOOLING",
                        "HOUSING_QUALITY",
                        "HOUSING_AREA",
                        "DRINKING_WATER",
                        "SANITATION",
                        "TELECOM_SERVICES",
                        "INFORMATION_ASSETS");
        assertThat(decision59.hasIndicator("HEALTHCARE_ACCESS")).isTrue();
        assertThat(decision59.hasIndicator("EMPLOYMENT")).isFalse();
        assertThat(decision59.hasIndicator("DEPENDANTS")).isFalse();
        assertThat(decision59.hasIndicator("NUTRITION")).isFalse();
    }

    @Test
    void decree07HasTwelveIndicatorsWithEmploymentButNotHealthcareAccess() {
        PovertyStandard decree07 = standard("DECREE_07_2021");

        assertThat(decree07.indicators()).hasSize(12).doesNotHaveDuplicates();
        assertThat(decree07.hasIndicator("EMPLOYMENT")).isTrue();
        assertThat(decree07.hasIndicator("DEPENDANTS")).isTrue();
        assertThat(decree07.hasIndicator("NUTRITION")).isTrue();
        assertThat(decree07.hasIndicator("HEALTHCARE_ACCESS")).isFalse();
    }

    @Test
    void indicatorCodesAreExact() {
        assertThat(standard("DECREE_07_2021").hasIndicator("employment")).isFalse();
        assertThat(standard("DECREE_07_2021").hasIndicator("")).isFalse();
    }

    @Test
    void aNewStandardIsAddedAsData() throws IOException {
        String json = """
                [
                  { "code": "DECREE_07_2021", "firstPeriod": 2022, "lastPeriod": 2025,
                    "indicators": ["EMPLOYMENT"],
                    "lines": { "RURAL": { "poorIncomeLine": null, "incomeLine": 1500000 },
                               "URBAN": { "poorIncomeLine": null, "incomeLine": 2000000 } },
                    "minDeprivationsForPoor": 3 },
                  { "code": "STANDARD_2026", "firstPeriod": 2026, "lastPeriod": 2030,
                    "indicators": ["EMPLOYMENT", "DIGITAL_SKILLS"],
                    "lines": { "RURAL": { "poorIncomeLine": null, "incomeLine": 2000000 },
                               "URBAN": { "poorIncomeLine": null, "incomeLine": 2500000 } },
                    "minDeprivationsForPoor": 2 }
                ]""";

        PovertyStandards standards =
                PovertyStandards.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));

        PovertyStandard next = standards.forPeriod(2026).orElseThrow();
        assertThat(next.code()).isEqualTo("STANDARD_2026");
        assertThat(next.hasIndicator("DIGITAL_SKILLS")).isTrue();
        assertThat(next.classify(AreaType.RURAL, 2_000_000, 2)).isEqualTo(HouseholdStatus.POOR);
        assertThat(next.classify(AreaType.URBAN, 2_500_001, 2)).isEqualTo(HouseholdStatus.NOT_POOR);
        assertThat(standards.forPeriod(2025)).map(PovertyStandard::code).contains("DECREE_07_2021");
    }
}
