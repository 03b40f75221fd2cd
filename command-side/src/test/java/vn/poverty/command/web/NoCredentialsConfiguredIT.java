package vn.poverty.command.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import vn.poverty.command.CommandSideApplication;
import vn.poverty.testsupport.TestDatabase;
import vn.poverty.testsupport.TestUsers;

/** "With neither a users file nor a JWT setting, nobody gets in" – but health and the API docs stay public. */
@SpringBootTest(classes = CommandSideApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class NoCredentialsConfiguredIT {

    private static final TestDatabase.Database DATABASE = TestDatabase.create();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", DATABASE::url);
        registry.add("spring.datasource.username", DATABASE::username);
        registry.add("spring.datasource.password", DATABASE::password);
        registry.add("poverty.security.users-file", () -> "");
    }

    @LocalServerPort
    int port;

    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void basicCredentialsOpenNothing() throws Exception {
        HttpResponse<String> response = post(TestUsers.basic("admin"));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("Content-Type"))
                .get()
                .asString()
                .startsWith("application/problem+json");
    }

    @Test
    void bearerTokensOpenNothing() throws Exception {
        HttpResponse<String> response = post(TestUsers.bearer("admin", List.of("ADMIN"), List.of()));

        assertThat(response.statusCode()).isEqualTo(401);
    }

    @Test
    void anonymousCallsOpenNothing() throws Exception {
        assertThat(post(null).statusCode()).isEqualTo(401);
    }

    @Test
    void healthIsStillPublic() throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
    }

    private HttpResponse<String> post(String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/communes"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"code\":\"X1\",\"name\":\"Xã X1\",\"areaType\":\"RURAL\"}", StandardCharsets.UTF_8));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
