package vn.poverty.testsupport;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;

/**
 * Users for tests, for both ways of authenticating:
 * <ul>
 *   <li>HTTP Basic: {@link #file()} writes a users file (set it as {@code poverty.security.users-file}) with the
 *       accounts below, all with password {@link #PASSWORD}; {@link #basic(String)} gives the header value.</li>
 *   <li>JWT: set {@link #HMAC_SECRET} as {@code poverty.security.jwt.hmac-secret}; {@link #jwt} signs a token.</li>
 * </ul>
 * Accounts: {@code admin} (ADMIN), {@code district} (DISTRICT_OFFICER), {@code bank} (BANK_OFFICER),
 * {@code auditor} (AUDITOR), {@code officer-c01} (COMMUNE_OFFICER of C01), {@code officer-c02} (COMMUNE_OFFICER of
 * C02), {@code bcrypt-user} (DISTRICT_OFFICER, bcrypt-hashed password), {@code nobody} (no role).
 */
public final class TestUsers {

    public static final String PASSWORD = "secret";
    public static final String HMAC_SECRET = "test-only-hmac-secret-of-at-least-32-bytes!";

    private static final String YAML = """
            users:
              - { name: admin, password: secret, roles: [ADMIN] }
              - { name: district, password: secret, roles: [DISTRICT_OFFICER] }
              - { name: bank, password: secret, roles: [BANK_OFFICER] }
              - { name: auditor, password: secret, roles: [AUDITOR] }
              - { name: officer-c01, password: secret, roles: [COMMUNE_OFFICER], communes: [C01] }
              - { name: officer-c02, password: secret, roles: [COMMUNE_OFFICER], communes: [C02] }
              - { name: bcrypt-user, password: "{bcrypt}$2a$10$459E3.ve8ZdPfVbf46eb/eYSjq06RuB6z8VspbKZ8G/cEr7wL24Mu", roles: [DISTRICT_OFFICER] }
              - { name: nobody, password: secret, roles: [] }
            """;

    private static Path file;

    private TestUsers() {}

    public static synchronized Path file() {
        if (file == null) {
            try {
                file = Files.createTempFile("poverty-test-users-", ".yml");
                Files.writeString(file, YAML, StandardCharsets.UTF_8);
                file.toFile().deleteOnExit();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return file;
    }

    /** The value of an {@code Authorization} header for one of the accounts above. */
    public static String basic(String user) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    }

    /** The value of an {@code Authorization} header with an HS256 token signed with {@link #HMAC_SECRET}. */
    public static String bearer(String name, List<String> roles, List<String> communes) {
        return "Bearer " + jwt(name, roles, communes);
    }

    public static String jwt(String name, List<String> roles, List<String> communes) {
        try {
            JWTClaimsSet claims = new JWTClaimsSet.Builder()
                    .subject(name)
                    .claim("preferred_username", name)
                    .claim("roles", roles)
                    .claim("communes", communes)
                    .issueTime(Date.from(Instant.now()))
                    .expirationTime(Date.from(Instant.now().plusSeconds(3600)))
                    .build();
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
            jwt.sign(new MACSigner(HMAC_SECRET.getBytes(StandardCharsets.UTF_8)));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
