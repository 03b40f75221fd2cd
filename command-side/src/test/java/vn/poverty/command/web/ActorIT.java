package vn.poverty.command.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.JWTClaimsSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import vn.poverty.testsupport.TestUsers;

/**
 * The authenticated user's name goes into every command's metadata and from there onto every event it causes
 * (metadata key {@code actor}), so history shows who did what: the Basic account's name, or the JWT's
 * {@code preferred_username}.
 */
class ActorIT extends SecuredApiTestBase {

    @Test
    void eventOfABasicRequestCarriesTheAccountName() {
        fixtures();

        Response response = post("/api/households", household(C01), basic("officer-c01"));

        assertThat(response.status()).as(response.text()).isEqualTo(201);
        List<JsonNode> metadata = metadataOf(response.body().path("householdId").asText());
        assertThat(metadata).hasSize(1);
        assertThat(metadata.get(0).path("actor").asText()).isEqualTo("officer-c01");
    }

    @Test
    void eventOfABearerRequestCarriesThePreferredUsername() {
        fixtures();
        String token = bearer(
                new JWTClaimsSet.Builder()
                        .subject("6f1c2a0e-subject-id")
                        .claim("preferred_username", "tran.thi.binh")
                        .claim("roles", List.of("DISTRICT_OFFICER"))
                        .issueTime(new Date())
                        .expirationTime(Date.from(Instant.now().plusSeconds(600)))
                        .build(),
                TestUsers.HMAC_SECRET);

        Response response = post("/api/households", household(C02), token);

        assertThat(response.status()).as(response.text()).isEqualTo(201);
        List<JsonNode> metadata = metadataOf(response.body().path("householdId").asText());
        assertThat(metadata).extracting(m -> m.path("actor").asText()).containsExactly("tran.thi.binh");
    }

    @Test
    void bearerTokenWithoutAPreferredUsernameNamesItsSubject() {
        fixtures();
        String token = bearer(
                new JWTClaimsSet.Builder()
                        .subject("service-account-7")
                        .claim("roles", List.of("DISTRICT_OFFICER"))
                        .expirationTime(Date.from(Instant.now().plusSeconds(600)))
                        .build(),
                TestUsers.HMAC_SECRET);

        Response response = post("/api/households", household(C02), token);

        assertThat(response.status()).as(response.text()).isEqualTo(201);
        assertThat(metadataOf(response.body().path("householdId").asText()))
                .extracting(m -> m.path("actor").asText())
                .containsExactly("service-account-7");
    }

    @Test
    void unicodeNameIsKeptAsIs() {
        fixtures();
        String token = bearer("Nguyễn Thị Hoà", List.of("COMMUNE_OFFICER"), List.of(C01));

        Response response = post("/api/households", household(C01), token);

        assertThat(response.status()).as(response.text()).isEqualTo(201);
        assertThat(metadataOf(response.body().path("householdId").asText()))
                .extracting(m -> m.path("actor").asText())
                .containsExactly("Nguyễn Thị Hoà");
    }

    @Test
    void eachEventOfAHouseholdNamesTheUserWhoCausedIt() {
        String household = registerHousehold(C01); // as admin
        String assessment = post(assessments(household), assessment("ADHOC"), basic("officer-c01"))
                .body()
                .path("assessmentId")
                .asText();
        assertThat(post(
                                recognition(household, assessment),
                                recognitionBody(),
                                bearer("jwt-district", List.of("DISTRICT_OFFICER"), List.of()))
                        .status())
                .isEqualTo(200);
        assertThat(post(correction(household, assessment), correctionBody(), basic("district"))
                        .status())
                .isEqualTo(200);

        assertThat(metadataOf(household))
                .extracting(m -> m.path("actor").asText())
                .containsExactly("admin", "officer-c01", "jwt-district", "district");
    }

    @Test
    void concurrentRequestsOfDifferentUsersKeepTheirOwnNames() throws Exception {
        fixtures();
        List<String> users = List.of("admin", "district", "officer-c01", "bcrypt-user");
        int requests = 16;
        ExecutorService executor = Executors.newFixedThreadPool(requests);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<String[]>> futures = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                String user = users.get(i % users.size());
                String authorization = user.equals("bcrypt-user")
                        ? basic(user)
                        : i % 2 == 0 ? basic(user) : bearer(user, roleOf(user), List.of(C01));
                futures.add(executor.submit(() -> {
                    start.await();
                    Response response = post("/api/households", household(C01), authorization);
                    assertThat(response.status()).as(response.text()).isEqualTo(201);
                    return new String[] {
                        user, response.body().path("householdId").asText()
                    };
                }));
            }
            start.countDown();
            for (Future<String[]> future : futures) {
                String[] userAndHousehold = future.get(60, TimeUnit.SECONDS);
                assertThat(metadataOf(userAndHousehold[1]))
                        .extracting(m -> m.path("actor").asText())
                        .as("actor of household %s", userAndHousehold[1])
                        .containsExactly(userAndHousehold[0]);
            }
        } finally {
            executor.shutdownNow();
        }
    }

    private static List<String> roleOf(String user) {
        return switch (user) {
            case "admin" -> List.of("ADMIN");
            case "officer-c01" -> List.of("COMMUNE_OFFICER");
            default -> List.of("DISTRICT_OFFICER");
        };
    }
}
