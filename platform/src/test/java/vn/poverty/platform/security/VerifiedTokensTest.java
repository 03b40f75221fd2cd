package vn.poverty.platform.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtValidationException;

class VerifiedTokensTest {

    private static final Instant START = Instant.parse("2026-11-29T08:00:00Z");

    /** The time of the test: moved by hand. */
    private final MovableClock clock = new MovableClock();

    private final Map<String, Jwt> issued = new HashMap<>();
    private final AtomicInteger decoded = new AtomicInteger();
    /** Accepts the tokens issued in the test while they are valid in time, like a real decoder. */
    private final JwtDecoder decoder = token -> {
        decoded.incrementAndGet();
        Jwt jwt = issued.get(token);
        if (jwt == null) {
            throw new BadJwtException("bad signature");
        }
        JwtTimestampValidator validator = new JwtTimestampValidator(); // no client certificate here
        validator.setClock(clock);
        var result = validator.validate(jwt);
        if (result.hasErrors()) {
            throw new JwtValidationException("expired", result.getErrors());
        }
        return jwt;
    };

    @Test
    void aTokenIsVerifiedOnceAndThenServedFromTheCache() {
        VerifiedTokens tokens = tokens(10);
        issue("t1", START.plusSeconds(3600), false);

        Jwt first = tokens.decode("t1");
        Jwt second = tokens.decode("t1");

        assertThat(second).isSameAs(first);
        assertThat(decoded).hasValue(1);
    }

    @Test
    void aRefusedTokenIsNeverCached() {
        VerifiedTokens tokens = tokens(10);

        assertThatThrownBy(() -> tokens.decode("forged")).hasMessage("bad signature");
        assertThatThrownBy(() -> tokens.decode("forged")).hasMessage("bad signature");
        assertThat(decoded).hasValue(2);
        assertThat(tokens.size()).isZero();
    }

    @Test
    void aRememberedTokenThatExpiredIsRefusedByTheDecoder() {
        VerifiedTokens tokens = tokens(10);
        issue("t1", START.plusSeconds(120), false);
        tokens.decode("t1");

        clock.move(Duration.ofSeconds(120 + 61)); // past its expiry and the 60 s of skew

        assertThatThrownBy(() -> tokens.decode("t1")).isInstanceOf(JwtValidationException.class);
        assertThat(decoded).hasValue(2);
        assertThat(tokens.size()).isZero();
    }

    @Test
    void aRememberedTokenIsVerifiedAgainAfterTheMaximumAge() {
        VerifiedTokens tokens = tokens(10);
        issue("t1", START.plusSeconds(3600), false);
        tokens.decode("t1");
        clock.move(Duration.ofMinutes(4));
        tokens.decode("t1");
        assertThat(decoded).hasValue(1);

        clock.move(Duration.ofMinutes(2));
        issued.remove("t1"); // e.g. its signing key left the issuer's key set
        assertThatThrownBy(() -> tokens.decode("t1")).hasMessage("bad signature");
        assertThat(decoded).hasValue(2);
    }

    @Test
    void certificateBoundTokensAreVerifiedEveryTime() {
        VerifiedTokens tokens = tokens(10);
        issue("bound", START.plusSeconds(3600), true);

        tokens.decode("bound");
        tokens.decode("bound");

        assertThat(decoded).hasValue(2);
    }

    @Test
    void aFullCacheStartsAgain() {
        VerifiedTokens tokens = tokens(3);
        for (int i = 0; i < 3; i++) {
            issue("t" + i, START.plusSeconds(3600), false);
            tokens.decode("t" + i);
        }
        assertThat(tokens.size()).isEqualTo(3);
        issue("t3", START.plusSeconds(3600), false);

        tokens.decode("t3");

        assertThat(tokens.size()).isEqualTo(1);
    }

    private VerifiedTokens tokens(int capacity) {
        return new VerifiedTokens(decoder, capacity, Duration.ofMinutes(5), clock);
    }

    private void issue(String token, Instant expiresAt, boolean certificateBound) {
        Jwt.Builder jwt = Jwt.withTokenValue(token)
                .header("alg", "HS256")
                .subject("district")
                .issuedAt(START.minusSeconds(60))
                .expiresAt(expiresAt);
        if (certificateBound) {
            jwt.claim("cnf", Map.of("x5t#S256", "abc"));
        }
        issued.put(token, jwt.build());
    }

    private static final class MovableClock extends Clock {
        private Instant now = START;

        void move(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
