package vn.poverty.localrun;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DemoUsersTest {

    @Test
    void everyRoleHasADemoAccountAndEveryCommuneItsOfficer() {
        List<String> codes = DemoData.plan(DemoPlan.DEFAULT_SEED, 0).communes().stream()
                .map(DemoPlan.CommunePlan::code)
                .toList();

        String yaml = DemoUsers.yaml(codes);

        assertThat(yaml)
                .contains(
                        "{ name: admin, password: demo, roles: [ADMIN] }",
                        "{ name: district, password: demo, roles: [DISTRICT_OFFICER] }",
                        "{ name: bank, password: demo, roles: [BANK_OFFICER] }",
                        "{ name: auditor, password: demo, roles: [AUDITOR] }",
                        "{ name: officer-cl01, password: demo, roles: [COMMUNE_OFFICER], communes: [CL01] }",
                        "{ name: officer-cl18, password: demo, roles: [COMMUNE_OFFICER], communes: [CL18] }");
        assertThat(yaml.lines().filter(l -> l.contains("COMMUNE_OFFICER"))).hasSize(codes.size());
    }
}
