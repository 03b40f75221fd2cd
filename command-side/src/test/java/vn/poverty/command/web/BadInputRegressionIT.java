package vn.poverty.command.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import vn.poverty.testsupport.RawHttp;

/**
 * The bugs {@link BadInputFuzzIT} found, one example each: each was a 500, or a refusal of a command that had
 * already been stored.
 */
class BadInputRegressionIT extends SecuredApiTestBase {

    private static final String REGISTRATION = "{\"communeCode\":\"C01\",\"hamlet\":\"Ấp 3\",\"head\":{\"fullName\":"
            + "\"Nguyễn Văn An\",\"nationalId\":\"079555555555\",\"birthYear\":1971},\"memberCount\":4,"
            + "\"meritHousehold\":false,\"ethnicMinority\":false,\"registeredOn\":\"2021-03-01\"}";

    @Test
    void aCommandWhoseAnswerTheClientWouldNotAcceptIsRefusedBeforeItIsStored() throws IOException {
        fixtures();
        long events = events();
        long households = jdbc.queryForObject("SELECT count(*) FROM household_registry", Long.class);

        RawHttp.Response response = post("/api/households", "application/json", "text/html", REGISTRATION);

        assertProblem(response, 406);
        assertThat(events()).as("events after a 406").isEqualTo(events);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM household_registry", Long.class))
                .isEqualTo(households);
    }

    /** A NUL character in a string would be stored and then fail every projection: refused with a 400. */
    @Test
    void aNulCharacterInAStringOfTheBodyIsRefused() throws IOException {
        fixtures();
        long events = events();

        RawHttp.Response response =
                post("/api/households", "application/json", null, REGISTRATION.replace("Ấp 3", "Ấp\\u00003"));

        assertProblem(response, 400);
        assertThat(events()).as("events after a 400").isEqualTo(events);
    }

    @Test
    void aWildcardContentTypeIsUnsupportedNotAServerError() throws IOException {
        fixtures();
        assertProblem(post("/api/households", "application/*", null, REGISTRATION), 415);
        assertProblem(post("/api/households", "*/*", null, REGISTRATION), 415);
    }

    @Test
    void aMultipartBodyWithoutBoundaryIsUnsupportedNotAServerError() throws IOException {
        fixtures();
        assertProblem(post("/api/households", "multipart/form-data", null, REGISTRATION), 415);
    }

    @Test
    void aFormParameterNameWithControlCharactersIsABadRequestNotAServerError() throws IOException {
        fixtures();
        long events = events();
        assertProblem(post("/api/communes", "application/x-www-form-urlencoded", null, "\u0000D=1"), 400);
        assertThat(events()).isEqualTo(events);
    }

    @Test
    void aUrlTheFirewallRefusesIsAProblemDocument() throws IOException {
        fixtures();
        assertProblem(post("/api/loans/../approval", "application/json", null, "{}"), 400);
        assertProblem(post("/api/loans/a;b=c/approval", "application/json", null, "{}"), 400);
    }

    /**
     * Found by BadInputFuzzIT on 2026-11-29: an empty {@code Expect} next to a header with control characters is refused
     * by Tomcat while it parses the request (417, no body), before any of the app's code runs: nothing is written.
     */
    @Test
    void anUnknownExpectationWithAControlCharacterInAHeaderIsRefusedByTomcatWithoutEffect() throws IOException {
        fixtures();
        long events = events();
        RawHttp.Response response = RawHttp.exchange(
                port,
                "POST",
                "/api/communes/C01/household-counts",
                List.of(
                        new RawHttp.Header("Content-Type", "application/json"),
                        new RawHttp.Header("Authorization", admin()),
                        new RawHttp.Header("Expect", ""),
                        new RawHttp.Header("Accept-Language", "\u0001\u0002")),
                "{\"asOf\":\"2023-12-31\",\"totalHouseholds\":5321,\"source\":\"census\"}"
                        .getBytes(StandardCharsets.UTF_8));

        assertThat(response.status()).as("%s", response).isEqualTo(417);
        assertThat(response.body()).isEmpty();
        assertThat(events()).isEqualTo(events);
    }

    private RawHttp.Response post(String path, String contentType, String accept, String body) throws IOException {
        List<RawHttp.Header> headers = new java.util.ArrayList<>();
        headers.add(new RawHttp.Header("Authorization", admin()));
        headers.add(new RawHttp.Header("Content-Type", contentType));
        if (accept != null) {
            headers.add(new RawHttp.Header("Accept", accept));
        }
        return RawHttp.exchange(port, "POST", path, headers, body.getBytes(StandardCharsets.UTF_8));
    }

    private long events() {
        return jdbc.queryForObject("SELECT count(*) FROM domain_event_entry", Long.class);
    }

    private void assertProblem(RawHttp.Response response, int status) throws IOException {
        assertThat(response.status()).as("%s", response).isEqualTo(status);
        assertThat(response.contentType()).as("%s", response).startsWith("application/problem+json");
        JsonNode problem = json.readTree(response.body());
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("title").asText()).isNotBlank();
    }
}
