package vn.poverty.platform.security;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;

/**
 * A cache of verified bearer tokens in front of the configured {@link JwtDecoder}: a client sends the same token with
 * every request until it expires, and parsing it and checking its signature again each time was a tenth of the command
 * side's CPU under load. The key is the whole token, signature included, so a hit is a token whose exact bytes the
 * decoder accepted before; on every hit its validity in time ({@code exp}, {@code nbf}, with the decoder's default
 * 60 s of clock skew) is checked again, and a token that no longer passes is evicted and handed to the decoder, which
 * refuses it with its usual error. A token is verified again at least every {@code maxAge} (so that a signing key
 * removed from an identity provider's key set stops being accepted within that time, as the decoder's own key cache
 * would). Tokens bound to a client certificate ({@code cnf} claim) are never cached: their check depends on the
 * request. At most {@code capacity} tokens are kept (the cache is emptied when it is full).
 */
final class VerifiedTokens implements JwtDecoder {

    private record Verified(Jwt jwt, long atMillis) {}

    private final JwtDecoder decoder;
    private final int capacity;
    private final long maxAgeMillis;
    private final Clock clock;
    private final OAuth2TokenValidator<Jwt> timestamps;
    private final Map<String, Verified> verified = new ConcurrentHashMap<>();

    VerifiedTokens(JwtDecoder decoder, int capacity, Duration maxAge, Clock clock) {
        this.decoder = decoder;
        this.capacity = capacity;
        this.maxAgeMillis = maxAge.toMillis();
        this.clock = clock;
        JwtTimestampValidator validator = new JwtTimestampValidator();
        validator.setClock(clock);
        this.timestamps = validator;
    }

    @Override
    public Jwt decode(String token) throws JwtException {
        Verified cached = verified.get(token);
        if (cached != null) {
            if (clock.millis() - cached.atMillis() < maxAgeMillis
                    && !timestamps.validate(cached.jwt()).hasErrors()) {
                return cached.jwt();
            }
            verified.remove(token);
        }
        Jwt jwt = decoder.decode(token);
        if (!jwt.hasClaim("cnf")) {
            if (verified.size() >= capacity) {
                verified.clear();
            }
            verified.put(token, new Verified(jwt, clock.millis()));
        }
        return jwt;
    }

    int size() {
        return verified.size();
    }
}
