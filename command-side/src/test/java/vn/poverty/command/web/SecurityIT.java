package vn.poverty.command.web;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.poverty.api.access.Role.ADMIN;
import static vn.poverty.api.access.Role.AUDITOR;
import static vn.poverty.api.access.Role.BANK_OFFICER;
import static vn.poverty.api.access.Role.COMMUNE_OFFICER;
import static vn.poverty.api.access.Role.DISTRICT_OFFICER;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import java.time.Instant;
import java.util.Date;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.security.web.FilterChainProxy;
import org.springframework.security.web.ObservationFilterChainDecorator;
import org.springframework.test.util.ReflectionTestUtils;
import org.springframework.util.ReflectionUtils;
import vn.poverty.api.access.Role;
import vn.poverty.testsupport.TestUsers;

/**
 * Who may call which command (issue "Authentication, roles and commune scoping"): a role × endpoint matrix over every
 * POST endpoint of the command side, for HTTP Basic and JWT callers and anonymous calls; then the ways to fail to
 * authenticate, and the endpoints that need no authentication at all.
 */
class SecurityIT extends SecuredApiTestBase {

    /** One way of calling: an {@code Authorization} header (null: anonymous), the user's name and its roles. */
    record Caller(String label, String authorization, String actor, Set<Role> roles) {

        static Caller anonymous() {
            return new Caller("anonymous", null, null, Set.of());
        }

        /** An account of {@code TestUsers}' users file. */
        static Caller basic(String user, Role... roles) {
            return new Caller("Basic " + user, SecuredApiTestBase.basic(user), user, roles(roles));
        }

        /** A JWT of a user named {@code name} with {@code roles}; commune officers serve C01. */
        static Caller jwt(String name, Role... roles) {
            List<String> names = Stream.of(roles).map(Role::name).toList();
            return new Caller("JWT " + name, bearer(name, names, List.of(C01)), name, roles(roles));
        }

        private static Set<Role> roles(Role... roles) {
            return roles.length == 0 ? Set.of() : EnumSet.copyOf(List.of(roles));
        }

        boolean isAnonymous() {
            return authorization == null;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    static final List<Caller> CALLERS = List.of(
            Caller.anonymous(),
            Caller.basic("admin", ADMIN),
            Caller.basic("district", DISTRICT_OFFICER),
            Caller.basic("officer-c01", COMMUNE_OFFICER),
            Caller.basic("bank", BANK_OFFICER),
            Caller.basic("auditor", AUDITOR),
            Caller.basic("nobody"),
            Caller.jwt("jwt-admin", ADMIN),
            Caller.jwt("jwt-district", DISTRICT_OFFICER),
            Caller.jwt("jwt-officer-c01", COMMUNE_OFFICER),
            Caller.jwt("jwt-bank", BANK_OFFICER),
            Caller.jwt("jwt-auditor", AUDITOR),
            Caller.jwt("jwt-no-roles"));

    /** A request ready to send: fixtures it needs already exist. */
    record Call(String path, Object body) {}

    /**
     * Every POST endpoint of the command side (API.md) with the roles the issue gives it. {@code implemented}: the
     * grant and loan endpoints do not exist yet; for them only refusals are checked (allowed roles get 404 today).
     * Commune officers call in their own commune (C01).
     */
    enum Endpoint {
        CREATE_COMMUNE("POST /api/communes", 201, true, ADMIN) {
            @Override
            Call prepare(SecurityIT test) {
                return new Call("/api/communes", commune(newCommuneCode(), "RURAL"));
            }
        },
        RECORD_HOUSEHOLD_COUNT("POST /api/communes/{code}/household-counts", 201, true, ADMIN) {
            @Override
            Call prepare(SecurityIT test) {
                return new Call("/api/communes/" + C01 + "/household-counts", householdCount());
            }
        },
        REGISTER_HOUSEHOLD("POST /api/households", 201, true, ADMIN, DISTRICT_OFFICER, COMMUNE_OFFICER) {
            @Override
            Call prepare(SecurityIT test) {
                return new Call("/api/households", household(C01));
            }
        },
        RECORD_ASSESSMENT(
                "POST /api/households/{id}/assessments", 201, true, ADMIN, DISTRICT_OFFICER, COMMUNE_OFFICER) {
            @Override
            Call prepare(SecurityIT test) {
                return new Call(assessments(test.fixtures().householdC01()), assessment("ADHOC"));
            }
        },
        RECOGNISE("POST /api/households/{id}/assessments/{aid}/recognition", 200, true, ADMIN, DISTRICT_OFFICER) {
            @Override
            Call prepare(SecurityIT test) {
                String household = test.fixtures().householdC01();
                return new Call(recognition(household, test.recordAssessment(household)), recognitionBody());
            }
        },
        CORRECT("POST /api/households/{id}/assessments/{aid}/correction", 200, true, ADMIN, DISTRICT_OFFICER) {
            @Override
            Call prepare(SecurityIT test) {
                String household = test.fixtures().householdC01();
                return new Call(correction(household, test.recognisedAssessment(household)), correctionBody());
            }
        },
        GRANT("POST /api/households/{id}/grants", 201, false, ADMIN, DISTRICT_OFFICER) {
            @Override
            Call prepare(SecurityIT test) {
                return new Call(
                        "/api/households/" + test.fixtures().householdC01() + "/grants",
                        Map.of(
                                "policyCode",
                                "HEALTH_INSURANCE_FULL",
                                "validFrom",
                                "2023-01-01",
                                "validTo",
                                "2023-12-31",
                                "decisionRef",
                                "77/QĐ-UBND",
                                "amount",
                                0));
            }
        },
        REVOKE_GRANT("POST /api/households/{id}/grants/{gid}/revocation", 200, false, ADMIN, DISTRICT_OFFICER) {
            @Override
            Call prepare(SecurityIT test) {
                return new Call(
                        "/api/households/" + test.fixtures().householdC01() + "/grants/" + UUID.randomUUID()
                                + "/revocation",
                        Map.of("revokedOn", "2023-06-01", "reason", "moved away"));
            }
        },
        APPLY_FOR_LOAN("POST /api/loans", 201, false, ADMIN, BANK_OFFICER) {
            @Override
            Call prepare(SecurityIT test) {
                return new Call(
                        "/api/loans",
                        Map.of(
                                "householdId",
                                test.fixtures().householdC01(),
                                "programCode",
                                "POOR_HOUSEHOLD",
                                "principal",
                                50_000_000,
                                "termMonths",
                                36,
                                "purpose",
                                "Nuôi bò",
                                "appliedOn",
                                "2023-02-01"));
            }
        },
        APPROVE_LOAN("POST /api/loans/{id}/approval", 200, false, ADMIN, BANK_OFFICER) {
            @Override
            Call prepare(SecurityIT test) {
                return new Call(loan("approval"), Map.of("approvedOn", "2023-02-10"));
            }
        },
        REJECT_LOAN("POST /api/loans/{id}/rejection", 200, false, ADMIN, BANK_OFFICER) {
            @Override
            Call prepare(SecurityIT test) {
                return new Call(loan("rejection"), Map.of("rejectedOn", "2023-02-10", "reason", "no collateral"));
            }
        },
        DISBURSE_LOAN("POST /api/loans/{id}/disbursement", 200, false, ADMIN, BANK_OFFICER) {
            @Override
            Call prepare(SecurityIT test) {
                return new Call(loan("disbursement"), Map.of("disbursedOn", "2023-02-15"));
            }
        },
        REPAY_LOAN("POST /api/loans/{id}/repayments", 201, false, ADMIN, BANK_OFFICER) {
            @Override
            Call prepare(SecurityIT test) {
                return new Call(loan("repayments"), Map.of("amount", 5_000_000, "paidOn", "2023-05-15"));
            }
        },
        WRITE_OFF_LOAN("POST /api/loans/{id}/write-off", 200, false, ADMIN, BANK_OFFICER) {
            @Override
            Call prepare(SecurityIT test) {
                return new Call(loan("write-off"), Map.of("writtenOffOn", "2024-01-01", "reason", "flood"));
            }
        };

        final String label;
        final int success;
        final boolean implemented;
        final Set<Role> allowed;

        Endpoint(String label, int success, boolean implemented, Role first, Role... more) {
            this.label = label;
            this.success = success;
            this.implemented = implemented;
            this.allowed = EnumSet.of(first, more);
        }

        abstract Call prepare(SecurityIT test);

        boolean allows(Caller caller) {
            return caller.roles().stream().anyMatch(allowed::contains);
        }

        private static String loan(String action) {
            return "/api/loans/" + UUID.randomUUID() + "/" + action;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    static Stream<Arguments> matrix() {
        return Stream.of(Endpoint.values())
                .flatMap(endpoint -> CALLERS.stream().map(caller -> Arguments.of(endpoint, caller)));
    }

    @ParameterizedTest(name = "{0} as {1}")
    @MethodSource("matrix")
    void eachRoleGetsExactlyItsAccess(Endpoint endpoint, Caller caller) {
        Call call = endpoint.prepare(this);
        long before = eventCount();

        Response response = post(call.path(), call.body(), caller.authorization());

        if (caller.isAnonymous()) {
            assertUnauthorized(response);
            assertThat(eventCount()).as("events after an anonymous call").isEqualTo(before);
        } else if (!endpoint.allows(caller)) {
            assertForbidden(response);
            assertThat(eventCount()).as("events after a forbidden call").isEqualTo(before);
        } else if (endpoint.implemented) {
            assertThat(response.status())
                    .as("%s as %s: %s", endpoint, caller, response.text())
                    .isEqualTo(endpoint.success);
            assertThat(eventCount()).as("events after an allowed call").isEqualTo(before + 1);
            assertThat(lastEventMetadata().path("actor").asText()).isEqualTo(caller.actor());
        } else {
            // not built yet: security must let the call through to the (missing) handler
            assertThat(response.status())
                    .as("%s as %s: %s", endpoint, caller, response.text())
                    .isNotIn(401, 403);
        }
    }

    @Test
    void matrixCoversEveryRole() {
        assertThat(CALLERS.stream().flatMap(c -> c.roles().stream())).containsAll(EnumSet.allOf(Role.class));
    }

    // --- HTTP Basic --------------------------------------------------------------------------------------------

    @Test
    void wrongPasswordIsUnauthorized() {
        Response response =
                writesNothing(() -> post("/api/households", household(C01), basic("admin", "not-the-password")));

        assertUnauthorized(response);
    }

    @Test
    void unknownUserIsUnauthorized() {
        Response response = writesNothing(() -> post("/api/households", household(C01), basic("mallory", "secret")));

        assertUnauthorized(response);
    }

    @Test
    void undecodableBasicCredentialsAreUnauthorized() {
        Response response = writesNothing(() -> post("/api/households", household(C01), "Basic %%%not-base64%%%"));

        assertUnauthorized(response);
    }

    @Test
    void bcryptUserLogsInWithItsPasswordOnly() {
        fixtures();
        long before = eventCount();

        Response response = post("/api/households", household(C02), basic("bcrypt-user"));

        assertThat(response.status()).as(response.text()).isEqualTo(201);
        assertThat(eventCount()).isEqualTo(before + 1);
        assertThat(lastEventMetadata().path("actor").asText()).isEqualTo("bcrypt-user");
        // a success is remembered; a wrong password must still fail afterwards
        assertUnauthorized(
                writesNothing(() -> post("/api/households", household(C02), basic("bcrypt-user", "Secret"))));
        assertUnauthorized(writesNothing(() -> post("/api/households", household(C02), basic("bcrypt-user", ""))));
    }

    @Test
    void passwordMustMatchExactly() {
        assertUnauthorized(writesNothing(
                () -> post("/api/communes", commune(newCommuneCode(), "RURAL"), basic("admin", "secret "))));
        assertUnauthorized(writesNothing(
                () -> post("/api/communes", commune(newCommuneCode(), "RURAL"), basic("admin", "SECRET"))));
    }

    // --- JWT ---------------------------------------------------------------------------------------------------

    @Test
    void jwtWithARoleWorks() {
        fixtures();
        long before = eventCount();

        Response response = post(
                "/api/households",
                household(C02),
                bearer("jwt-district-officer", List.of("DISTRICT_OFFICER"), List.of()));

        assertThat(response.status()).as(response.text()).isEqualTo(201);
        assertThat(eventCount()).isEqualTo(before + 1);
    }

    @Test
    void jwtSignedWithAnotherKeyIsUnauthorized() {
        String forged = bearer(claims("intruder", List.of("ADMIN")).build(), FOREIGN_SECRET);

        Response response = writesNothing(() -> post("/api/communes", commune(newCommuneCode(), "RURAL"), forged));

        assertUnauthorized(response);
    }

    @Test
    void expiredJwtIsUnauthorized() {
        Instant issued = Instant.now().minusSeconds(7200);
        String expired = bearer(
                claims("late-admin", List.of("ADMIN"))
                        .issueTime(Date.from(issued))
                        .expirationTime(Date.from(issued.plusSeconds(3600)))
                        .build(),
                TestUsers.HMAC_SECRET);

        Response response = writesNothing(() -> post("/api/communes", commune(newCommuneCode(), "RURAL"), expired));

        assertUnauthorized(response);
    }

    @Test
    void unsignedJwtIsUnauthorized() {
        PlainJWT unsigned = new PlainJWT(claims("intruder", List.of("ADMIN")).build());

        Response response = writesNothing(
                () -> post("/api/communes", commune(newCommuneCode(), "RURAL"), "Bearer " + unsigned.serialize()));

        assertUnauthorized(response);
    }

    @Test
    void garbageBearerTokenIsUnauthorized() {
        Response response =
                writesNothing(() -> post("/api/communes", commune(newCommuneCode(), "RURAL"), "Bearer not.a.token"));

        assertUnauthorized(response);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Endpoint.class)
    void jwtWithoutRolesIsForbiddenEverywhere(Endpoint endpoint) {
        Call call = endpoint.prepare(this);
        String noRoles = bearer(claims("no-roles", null).build(), TestUsers.HMAC_SECRET);

        Response response = writesNothing(() -> post(call.path(), call.body(), noRoles));

        assertForbidden(response);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Endpoint.class)
    void jwtWithOnlyForeignRolesIsForbiddenEverywhere(Endpoint endpoint) {
        Call call = endpoint.prepare(this);
        // roles of another system, and ours misspelt: none of them is a role of the programme
        String foreign = bearer("someone-else", List.of("SUPERUSER", "admin", "ROLE_ADMIN"), List.of(C01));

        Response response = writesNothing(() -> post(call.path(), call.body(), foreign));

        assertForbidden(response);
    }

    private static JWTClaimsSet.Builder claims(String name, List<String> roles) {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .subject(name)
                .claim("preferred_username", name)
                .issueTime(new Date())
                .expirationTime(Date.from(Instant.now().plusSeconds(3600)));
        return roles == null ? claims : claims.claim("roles", roles);
    }

    /** Spellings of a path the rules might not recognise must not reach the handler either. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "/api/communes/",
                "/api//communes",
                "/api/./communes",
                "/api/households/../communes",
                "/API/communes",
                "/api/communes;x=y",
                "/api%2Fcommunes",
                "/api/communes%2F"
            })
    void pathVariantsDoNotSlipPastTheRules(String path) {
        // district may not create communes: whatever the spelling, no commune is created
        Response response = writesNothing(() -> post(path, commune(newCommuneCode(), "RURAL"), basic("district")));

        assertThat(response.status()).as("%s: %s", path, response.text()).isNotEqualTo(201);
    }

    // --- public and protected non-API endpoints ----------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/actuator/health", "/actuator/health/liveness", "/v3/api-docs", "/swagger-ui.html"})
    void publicEndpointsAnswerWithoutCredentials(String path) {
        Response response = get(path, null);

        assertThat(response.status()).as("%s: %s", path, response.text()).isEqualTo(200);
    }

    @Test
    void openApiDocumentDescribesTheCommands() {
        Response response = get("/v3/api-docs", null);

        assertThat(response.body().path("paths").has("/api/households")).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {"/actuator/prometheus", "/actuator/metrics", "/actuator/info", "/api/communes", "/api/households"
            })
    void everythingElseNeedsAUser(String path) {
        assertUnauthorized(get(path, null));
    }

    @Test
    void unauthorizedNamesBothWaysToAuthenticate() {
        Response response = post("/api/communes", commune(newCommuneCode(), "RURAL"), null);

        assertThat(String.join(" ", response.headers("WWW-Authenticate")))
                .contains("Basic")
                .contains("Bearer");
    }

    @Autowired
    ApplicationContext context;

    /** Spring Security's observations are off by default, and then its filters are not wrapped in observers. */
    @Test
    void theSecurityFilterChainIsNotObservedByDefault() {
        FilterChainProxy proxy = context.getBean("springSecurityFilterChain", FilterChainProxy.class);
        // Spring wraps the proxy that runs the chains in composites that delegate to it
        while (ReflectionUtils.findField(proxy.getClass(), "springSecurityFilterChain") != null) {
            proxy = (FilterChainProxy) ReflectionTestUtils.getField(proxy, "springSecurityFilterChain");
        }

        assertThat(ReflectionTestUtils.getField(proxy, "filterChainDecorator"))
                .isNotNull()
                .isNotInstanceOf(ObservationFilterChainDecorator.class);
    }
}
