package vn.poverty.platform.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtValidationException;

class VerifiedTokensTest {

    private final Map<String, Jwt> issued = new HashMap<>();
    private final AtomicInteger decoded = new AtomicInteger();
    /** Accepts the tokens issued in the test while they are valid in time, like a real decoder. */
    private final JwtDecoder decoder = token -> {
        decoded.incrementAndGet();
        Jwt jwt = issued.get(token);
        if (jwt == null) {
            throw new org.springframework.security.oauth2.jwt.BadJwtException("bad signature");
        }
        var result = new JwtTimestampValidator().validate(jwt); // no client certificate here
        if (result.hasErrors()) {
            throw new JwtValidationException("expired", result.getErrors());
        }
        return jwt;
    };

    @Test
    void aTokenIsVerifiedOnceAndThenServedFromTheCache() {
        VerifiedTokens tokens = new VerifiedTokens(decoder, 10);
        issue("t1", Instant.now().plusSeconds(3600), false);

        Jwt first = tokens.decode("t1");
        Jwt second = tokens.decode("t1");

        assertThat(second).isSameAs(first);
        assertThat(decoded).hasValue(1);
    }

    @Test
    void aRefusedTokenIsNeverCached() {
        VerifiedTokens tokens = new VerifiedTokens(decoder, 10);

        assertThatThrownBy(() -> tokens.decode("forged")).hasMessage("bad signature");
        assertThatThrownBy(() -> tokens.decode("forged")).hasMessage("bad signature");
        assertThat(decoded).hasValue(2);
        assertThat(tokens.size()).isZero();
    }

    @Test
    void aCachedTokenThatExpiredIsRefusedByTheDecoder() {
        VerifiedTokens tokens = new VerifiedTokens(decoder, 10);
        issue("t1", Instant.now().plusSeconds(3600), false);
        tokens.decode("t1");
        // the same token, now past its expiry (and the 60 s of skew)
        issue("t1", Instant.now().minusSeconds(120), false);
        replaceCached(tokens, "t1");

        assertThatThrownBy(() -> tokens.decode("t1")).isInstanceOf(JwtValidationException.class);
        assertThat(tokens.size()).isZero();
    }

    @Test
    void certificateBoundTokensAreVerifiedEveryTime() {
        VerifiedTokens tokens = new VerifiedTokens(decoder, 10);
        issue("bound", Instant.now().plusSeconds(3600), true);

        tokens.decode("bound");
        tokens.decode("bound");

        assertThat(decoded).hasValue(2);
    }

    @Test
    void aFullCacheStartsAgain() {
        VerifiedTokens tokens = new VerifiedTokens(decoder, 3);
        for (int i = 0; i < 3; i++) {
            issue("t" + i, Instant.now().plusSeconds(3600), false);
            tokens.decode("t" + i);
        }
        assertThat(tokens.size()).isEqualTo(3);
        issue("t3", Instant.now().plusSeconds(3600), false);

        tokens.decode("t3");

        assertThat(tokens.size()).isEqualTo(1);
    }

    private void issue(String token, Instant expiresAt, boolean certificateBound) {
        Jwt.Builder jwt = Jwt.withTokenValue(token)
                .header("alg", "HS256")
                .subject("district")
                .issuedAt(expiresAt.minusSeconds(7200))
                .expiresAt(expiresAt);
        if (certificateBound) {
            jwt.claim("cnf", Map.of("x5t#S256", "abc"));
        }
        issued.put(token, jwt.build());
    }

    /** Puts the token's current claims into the cache, as if it had been verified with them. */
    private void replaceCached(VerifiedTokens tokens, String token) {
        try {
            var field = VerifiedTokens.class.getDeclaredField("verified");
            field.setAccessible(true);
            @SuppressWarnings("unchecked")
            Map<String, Jwt> verified = (Map<String, Jwt>) field.get(tokens);
            verified.put(token, issued.get(token));
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }
}
