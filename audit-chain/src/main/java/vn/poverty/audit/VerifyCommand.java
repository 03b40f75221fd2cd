package vn.poverty.audit;

import java.sql.Connection;
import java.sql.DriverManager;
import java.util.HashMap;
import java.util.Map;

/**
 * The auditor's command-line verifier: recomputes the event hash chain straight from a database, no app needed.
 * <pre>
 * java -jar audit-chain/target/audit-chain-verifier.jar --url jdbc:postgresql://host:5432/poverty \
 *      [--user postgres] [--password …] [--checkpoint-key …]
 * </pre>
 * Exit code 0 when verified, 1 when the chain is broken, 2 on bad usage or a connection failure.
 */
public final class VerifyCommand {

    private VerifyCommand() {}

    public static void main(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i], args[i + 1]);
        }
        String url = options.getOrDefault("--url", System.getenv("SPRING_DATASOURCE_URL"));
        if (url == null || args.length % 2 != 0) {
            System.err.println("usage: --url JDBC_URL [--user USER] [--password PASSWORD] [--checkpoint-key KEY]");
            System.exit(2);
        }
        String user =
                options.getOrDefault("--user", System.getenv().getOrDefault("SPRING_DATASOURCE_USERNAME", "postgres"));
        String password =
                options.getOrDefault("--password", System.getenv().getOrDefault("SPRING_DATASOURCE_PASSWORD", ""));
        String key = options.getOrDefault("--checkpoint-key", System.getenv("POVERTY_AUDIT_CHECKPOINT_KEY"));
        try (Connection connection = DriverManager.getConnection(url, user, password)) {
            Verification result = AuditChain.verify(connection, key);
            System.out.println(format(result));
            System.exit(result.verified() ? 0 : 1);
        } catch (Exception e) {
            System.err.println("Cannot verify: " + e.getMessage());
            System.exit(2);
        }
    }

    static String format(Verification v) {
        return (v.verified() ? "VERIFIED" : "BROKEN") + ": " + v.events() + " events checked"
                + (v.verified()
                        ? ""
                        : "; first broken position " + v.firstBrokenSequence()
                                + (v.firstBrokenGlobalIndex() == null
                                        ? ""
                                        : " (global index " + v.firstBrokenGlobalIndex() + ")")
                                + ": " + v.problem())
                + "; " + v.unchainedEvents() + " not chained yet; " + v.checkpoints() + " checkpoints ("
                + v.signedCheckpoints() + " signatures verified)";
    }
}
