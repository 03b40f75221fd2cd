package vn.poverty.command.config;

import static org.springframework.http.HttpMethod.POST;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import vn.poverty.api.access.Role;
import vn.poverty.platform.security.EndpointRules;

/**
 * Which roles may send which commands (API.md, issue "Authentication, roles and commune scoping"). Commune officers
 * are further limited to their own communes by {@link vn.poverty.command.household.web.CommuneAccess}.
 */
@Configuration
class AccessRules {

    @Bean
    EndpointRules commandSideRules() {
        return registry -> registry.requestMatchers(POST, "/api/communes", "/api/communes/*/household-counts")
                .hasRole(Role.ADMIN.name())
                .requestMatchers(
                        POST,
                        "/api/households/*/assessments/*/recognition",
                        "/api/households/*/assessments/*/correction")
                .hasAnyRole(Role.ADMIN.name(), Role.DISTRICT_OFFICER.name())
                .requestMatchers(POST, "/api/households", "/api/households/*/assessments")
                .hasAnyRole(Role.ADMIN.name(), Role.DISTRICT_OFFICER.name(), Role.COMMUNE_OFFICER.name())
                .requestMatchers(POST, "/api/households/*/grants", "/api/households/*/grants/**")
                .hasAnyRole(Role.ADMIN.name(), Role.DISTRICT_OFFICER.name())
                .requestMatchers(POST, "/api/loans", "/api/loans/**")
                .hasAnyRole(Role.ADMIN.name(), Role.BANK_OFFICER.name())
                .requestMatchers("/api/**")
                .hasRole(Role.ADMIN.name());
    }
}
