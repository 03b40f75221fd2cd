package vn.poverty.localrun;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The built-in demo accounts of the one-command local run (and only of it): {@code admin}, {@code district},
 * {@code bank}, {@code auditor} and one commune officer per demo commune ({@code officer-cl01} ...), all with the
 * password {@value #PASSWORD}. Written as a users file that both apps read through {@code POVERTY_USERS_FILE}.
 */
final class DemoUsers {

    static final String PASSWORD = "demo";
    static final String ADMIN = "admin";

    private DemoUsers() {}

    static String yaml(List<String> communeCodes) {
        StringBuilder yaml = new StringBuilder("""
                # Demo accounts of the local run (./run.sh). Never use these outside a demo.
                users:
                  - { name: admin, password: demo, roles: [ADMIN] }
                  - { name: district, password: demo, roles: [DISTRICT_OFFICER] }
                  - { name: bank, password: demo, roles: [BANK_OFFICER] }
                  - { name: auditor, password: demo, roles: [AUDITOR] }
                """);
        for (String code : communeCodes) {
            yaml.append("  - { name: ")
                    .append(officer(code))
                    .append(", password: demo, roles: [COMMUNE_OFFICER], ")
                    .append("communes: [")
                    .append(code)
                    .append("] }\n");
        }
        return yaml.toString();
    }

    static String officer(String communeCode) {
        return "officer-" + communeCode.toLowerCase(Locale.ROOT);
    }

    static Path write(Path file, List<String> communeCodes) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, yaml(communeCodes), StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the demo users file " + file, e);
        }
    }

    static void print(PrintStream out, List<String> communeCodes) {
        out.println("Demo users (HTTP Basic, password '" + PASSWORD + "'):");
        out.println("  admin (ADMIN), district (DISTRICT_OFFICER), bank (BANK_OFFICER), auditor (AUDITOR)");
        out.println("  commune officers: " + officer(communeCodes.get(0)) + " (" + communeCodes.get(0) + ") ... "
                + officer(communeCodes.get(communeCodes.size() - 1)) + " ("
                + communeCodes.get(communeCodes.size() - 1) + ")");
    }
}
