package vn.poverty.query.config;

import static org.springframework.http.HttpMethod.GET;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import vn.poverty.api.access.Role;
import vn.poverty.platform.security.EndpointRules;

/**
 * Which roles may read what (API.md, issue "Authentication, roles and commune scoping"). Commune officers are further
 * limited to their own communes by the queries ({@code PovertyUser#communeScoped}).
 */
@Configuration
class AccessRules {

    private static final String[] EVERY_ROLE = {
        Role.ADMIN.name(),
        Role.DISTRICT_OFFICER.name(),
        Role.COMMUNE_OFFICER.name(),
        Role.BANK_OFFICER.name(),
        Role.AUDITOR.name()
    };

    /**
     * The dashboard's static files (no data in them: every figure comes from the API with the user's credentials).
     * Only these paths are public; anything else not matched below still needs an authenticated user.
     */
    private static final String[] DASHBOARD_FILES = {
        "/", "/index.html", "/commune.html", "/css/**", "/js/**", "/webjars/**", "/favicon.ico", "/favicon.svg"
    };

    @Bean
    EndpointRules querySideRules() {
        return registry -> registry.requestMatchers(GET, DASHBOARD_FILES)
                .permitAll()
                .requestMatchers("/api/admin/**")
                .hasRole(Role.ADMIN.name())
                .requestMatchers(GET, "/api/audit/**")
                .hasAnyRole(Role.ADMIN.name(), Role.AUDITOR.name())
                .requestMatchers(GET, "/api/households/*/history")
                .hasAnyRole(
                        Role.ADMIN.name(),
                        Role.DISTRICT_OFFICER.name(),
                        Role.COMMUNE_OFFICER.name(),
                        Role.AUDITOR.name())
                .requestMatchers(
                        GET,
                        "/api/me",
                        "/api/households",
                        "/api/households/**",
                        "/api/reports/**",
                        "/api/communes",
                        "/api/communes/**",
                        "/api/loans/**")
                .hasAnyRole(EVERY_ROLE)
                .requestMatchers("/api/**")
                .hasRole(Role.ADMIN.name());
    }
}
