package vn.poverty.benchmark;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;

/**
 * HS256 bearer tokens for the load, signed once per role with a secret made up for the run and given to both apps as
 * {@code POVERTY_SECURITY_JWT_HMAC_SECRET}: a request costs one HMAC check, not a bcrypt hash.
 */
final class Tokens {

    final String secret;
    final String admin;
    final String district;
    final String bank;

    private Tokens(String secret) {
        this.secret = secret;
        this.admin = bearer(secret, "bench-admin", List.of("ADMIN"));
        this.district = bearer(secret, "bench-district", List.of("DISTRICT_OFFICER"));
        this.bank = bearer(secret, "bench-bank", List.of("BANK_OFFICER"));
    }

    /** Tokens signed with a fresh random secret of 48 bytes. */
    static Tokens random() {
        byte[] bytes = new byte[36];
        new SecureRandom().nextBytes(bytes);
        return new Tokens(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    }

    /** {@code Bearer <jwt>} with the claims the apps read: {@code roles}, {@code preferred_username}. */
    static String bearer(String secret, String name, List<String> roles) {
        try {
            Instant now = Instant.now();
            JWTClaimsSet claims = new JWTClaimsSet.Builder()
                    .subject(name)
                    .claim("preferred_username", name)
                    .claim("roles", roles)
                    .issueTime(Date.from(now))
                    .expirationTime(Date.from(now.plus(Duration.ofDays(2))))
                    .build();
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
            jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
            return "Bearer " + jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException("Cannot sign a token", e);
        }
    }
}
