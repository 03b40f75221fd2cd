package vn.poverty.platform.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.security.oauth2.resource.servlet.OAuth2ResourceServerAutoConfiguration;
import org.springframework.boot.autoconfigure.security.servlet.SecurityAutoConfiguration;
import org.springframework.boot.autoconfigure.security.servlet.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import vn.poverty.api.access.Role;

/**
 * Authentication and authorisation shared by both apps.
 * <ul>
 *   <li>HTTP Basic with the accounts of the YAML file named by {@code POVERTY_USERS_FILE}.</li>
 *   <li>JWT bearer tokens (OAuth2 resource server) when Spring Boot's
 *       {@code spring.security.oauth2.resourceserver.jwt.issuer-uri} / {@code public-key-location} /
 *       {@code jwk-set-uri} is set, or {@code poverty.security.jwt.hmac-secret} (HS256, for closed deployments
 *       and load tests). Roles come from the claim {@code roles}, communes from {@code communes}, the user's name
 *       from {@code preferred_username} (else {@code sub}). A verified token is remembered until it expires
 *       ({@link VerifiedTokens}), and the header is read without regular expressions ({@link BearerTokenHeader}).</li>
 *   <li>With neither, nobody gets in. Health, the OpenAPI document and Swagger UI are public.</li>
 * </ul>
 */
@AutoConfiguration(
        before = {
            SecurityAutoConfiguration.class,
            UserDetailsServiceAutoConfiguration.class,
            OAuth2ResourceServerAutoConfiguration.class
        })
public class SecurityConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);
    static final long MAX_BODY_BYTES = 64 * 1024;
    /** Bulk imports ({@code /api/imports/...}) carry up to a thousand records in one body. */
    static final String BULK_PATH_PREFIX = "/api/imports/";

    static final long MAX_BULK_BODY_BYTES = 8 * 1024 * 1024;
    /** Verified bearer tokens kept ({@link VerifiedTokens}): about 2 KB each. */
    static final int VERIFIED_TOKENS = 4096;
    /** A remembered token is verified again after this long (a key removed from the issuer's set stops working). */
    static final Duration VERIFIED_TOKEN_MAX_AGE = Duration.ofMinutes(5);

    private static final String[] PUBLIC = {
        "/actuator/health",
        "/actuator/health/**",
        "/v3/api-docs",
        "/v3/api-docs/**",
        "/swagger-ui.html",
        "/swagger-ui/**",
        "/error"
    };

    @Bean
    UserDetailsService povertyUsers(@Value("${poverty.security.users-file:}") String usersFile) {
        Map<String, UsersFile.FileUser> users = new HashMap<>();
        if (!usersFile.isBlank()) {
            UsersFile.read(Path.of(usersFile)).forEach(u -> users.put(u.getUsername(), u));
            log.info("HTTP Basic: {} account(s) from {}", users.size(), usersFile);
        } else {
            log.info("HTTP Basic: no users file (POVERTY_USERS_FILE) configured");
        }
        return name -> {
            UsersFile.FileUser user = users.get(name);
            if (user == null) {
                throw new UsernameNotFoundException("No such user");
            }
            return user.copy();
        };
    }

    /**
     * With Spring Security's observations off ({@code management.observations.enable.spring.security=false}, the
     * default here) its filter chain is not wrapped in observing decorators at all: the property alone leaves the
     * decorators in place, each creating a no-op observation per filter per request.
     */
    @Bean
    @ConditionalOnProperty(name = "management.observations.enable.spring.security", havingValue = "false")
    SecurityObservationSettings noSecurityObservations() {
        return SecurityObservationSettings.noObservations();
    }

    @Bean
    PasswordEncoder povertyPasswordEncoder() {
        return new CachingPasswordEncoder();
    }

    @Bean
    @ConditionalOnProperty("poverty.security.jwt.hmac-secret")
    JwtDecoder hmacJwtDecoder(@Value("${poverty.security.jwt.hmac-secret}") String secret) {
        byte[] key = secret.getBytes(StandardCharsets.UTF_8);
        if (key.length < 32) {
            throw new IllegalStateException("poverty.security.jwt.hmac-secret must have at least 32 bytes");
        }
        return NimbusJwtDecoder.withSecretKey(new SecretKeySpec(key, "HmacSHA256"))
                .macAlgorithm(MacAlgorithm.HS256)
                .build();
    }

    @Bean
    SecurityFilterChain povertySecurity(
            HttpSecurity http, ObjectProvider<JwtDecoder> jwtDecoder, List<EndpointRules> rules, ObjectMapper json)
            throws Exception {
        boolean jwt = jwtDecoder.getIfAvailable() != null;
        AuthenticationEntryPoint unauthorized = ProblemResponses.unauthorized(json, jwt);
        http.csrf(AbstractHttpConfigurer::disable)
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(registry -> {
                    registry.requestMatchers(PUBLIC).permitAll();
                    rules.forEach(r -> r.apply(registry));
                    registry.anyRequest().authenticated();
                })
                .httpBasic(basic -> basic.authenticationEntryPoint(unauthorized))
                .exceptionHandling(e ->
                        e.authenticationEntryPoint(unauthorized).accessDeniedHandler(ProblemResponses.forbidden(json)));
        if (jwt) {
            JwtDecoder decoder = new VerifiedTokens(
                    jwtDecoder.getIfAvailable(), VERIFIED_TOKENS, VERIFIED_TOKEN_MAX_AGE, Clock.systemUTC());
            http.oauth2ResourceServer(resource -> resource.bearerTokenResolver(new BearerTokenHeader())
                    .jwt(j -> j.decoder(decoder).jwtAuthenticationConverter(SecurityConfiguration::authentication))
                    .authenticationEntryPoint(unauthorized)
                    .accessDeniedHandler(ProblemResponses.forbidden(json)));
            log.info("JWT bearer tokens accepted");
        }
        return http.build();
    }

    @Bean
    FilterRegistrationBean<RequestSizeLimitFilter> requestSizeLimitFilter(ObjectMapper json) {
        var registration = new FilterRegistrationBean<>(
                new RequestSizeLimitFilter(MAX_BODY_BYTES, BULK_PATH_PREFIX, MAX_BULK_BODY_BYTES, json));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    static JwtAuthenticationToken authentication(Jwt jwt) {
        List<SimpleGrantedAuthority> authorities = new ArrayList<>();
        List<String> roles = jwt.getClaimAsStringList(CurrentUser.ROLES_CLAIM);
        if (roles != null) {
            for (String role : roles) {
                try {
                    authorities.add(new SimpleGrantedAuthority(
                            "ROLE_" + Role.valueOf(role).name()));
                } catch (IllegalArgumentException ignored) {
                    // a role of another system: not ours
                }
            }
        }
        String name = jwt.getClaimAsString("preferred_username");
        return new JwtAuthenticationToken(jwt, authorities, name != null ? name : jwt.getSubject());
    }
}
