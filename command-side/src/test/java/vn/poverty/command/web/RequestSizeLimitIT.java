package vn.poverty.command.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Request bodies over 64 KiB are refused with 413 before anything reads them, whether the client announces the
 * length (Content-Length) or not (chunked); a body of exactly 64 KiB is read, and refused for what it says.
 */
class RequestSizeLimitIT extends SecuredApiTestBase {

    private static final int LIMIT = 64 * 1024;

    @Test
    void bodyOverTheLimitIsTooLarge() {
        fixtures();

        Response response =
                writesNothing(() -> post("/api/households", householdWithHamlet("a".repeat(70_000)), admin()));

        assertProblem413(response);
    }

    @Test
    void bodyOneByteOverTheLimitIsTooLarge() {
        byte[] body = householdOfExactly(LIMIT + 1);

        Response response = writesNothing(
                () -> send("/api/households", HttpRequest.BodyPublishers.ofByteArray(body), admin(), null));

        assertProblem413(response);
    }

    @Test
    void bodyOfExactlyTheLimitIsReadAndValidated() {
        byte[] body = householdOfExactly(LIMIT);

        Response response = writesNothing(
                () -> send("/api/households", HttpRequest.BodyPublishers.ofByteArray(body), admin(), null));

        assertProblem(response, 400, "/problems/validation");
        assertThat(response.body().path("errors").findValuesAsText("field")).contains("hamlet");
    }

    @Test
    void chunkedBodyOverTheLimitIsTooLarge() {
        byte[] body = householdOfExactly(LIMIT + 1);

        Response response = writesNothing(() -> send("/api/households", chunked(body), admin(), null));

        assertProblem413(response);
    }

    @Test
    void chunkedBodyWithinTheLimitIsReadAndValidated() {
        byte[] body = householdOfExactly(LIMIT);

        Response response = writesNothing(() -> send("/api/households", chunked(body), admin(), null));

        assertProblem(response, 400, "/problems/validation");
        assertThat(response.body().path("errors").findValuesAsText("field")).contains("hamlet");
    }

    @Test
    void smallChunkedBodyIsAccepted() throws IOException {
        fixtures();
        byte[] body = json.writeValueAsBytes(household(C01));

        Response response = send("/api/households", chunked(body), admin(), null);

        assertThat(response.status()).as(response.text()).isEqualTo(201);
    }

    @Test
    void bodyOverTheLimitIsTooLargeEvenWithAnIdempotencyKey() {
        byte[] body = householdOfExactly(LIMIT + 1);

        Response response = writesNothing(() -> send(
                "/api/households",
                HttpRequest.BodyPublishers.ofByteArray(body),
                admin(),
                UUID.randomUUID().toString()));

        assertProblem413(response);
    }

    private static void assertProblem413(Response response) {
        assertThat(response.status()).as(response.text()).isEqualTo(413);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.body().path("status").asInt()).isEqualTo(413);
        assertThat(response.body().path("detail").asText()).isNotBlank();
    }

    private static HttpRequest.BodyPublisher chunked(byte[] body) {
        // no length known in advance: HTTP/1.1 sends it chunked
        return HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body));
    }

    private static Map<String, Object> householdWithHamlet(String hamlet) {
        Map<String, Object> body = new HashMap<>(household(C01));
        body.put("hamlet", hamlet);
        return body;
    }

    /** A registration in C01 whose hamlet (too long to be valid) pads the JSON to exactly {@code bytes} bytes. */
    private byte[] householdOfExactly(int bytes) {
        try {
            int empty = json.writeValueAsBytes(householdWithHamlet("")).length;
            byte[] body = json.writeValueAsBytes(householdWithHamlet("a".repeat(bytes - empty)));
            assertThat(body).hasSize(bytes);
            return body;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
