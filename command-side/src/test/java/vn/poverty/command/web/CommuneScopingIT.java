package vn.poverty.command.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Commune officers write only for households of their own communes (issue: "A commune officer writing in another
 * commune gets 403"), whether they come with HTTP Basic ({@code officer-c01} serves C01) or with a JWT whose
 * {@code communes} claim names their communes; a refused write stores nothing.
 */
class CommuneScopingIT extends SecuredApiTestBase {

    /** A commune officer: its {@code Authorization} header, the commune it serves and one it does not. */
    record Officer(String label, String authorization, String own, String other) {
        @Override
        public String toString() {
            return label;
        }
    }

    static Stream<Arguments> officers() {
        return Stream.of(
                Arguments.of(new Officer("Basic officer-c01", basic("officer-c01"), C01, C02)),
                Arguments.of(new Officer("Basic officer-c02", basic("officer-c02"), C02, C01)),
                Arguments.of(new Officer(
                        "JWT officer of C01",
                        bearer("jwt-officer-c01", List.of("COMMUNE_OFFICER"), List.of(C01)),
                        C01,
                        C02)),
                Arguments.of(new Officer(
                        "JWT officer of C02",
                        bearer("jwt-officer-c02", List.of("COMMUNE_OFFICER"), List.of(C02)),
                        C02,
                        C01)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("officers")
    void officerRegistersInItsOwnCommune(Officer officer) {
        fixtures();
        long before = eventCount();

        Response response = post("/api/households", household(officer.own()), officer.authorization());

        assertThat(response.status()).as(response.text()).isEqualTo(201);
        assertThat(eventCount()).isEqualTo(before + 1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("officers")
    void officerCannotRegisterInAnotherCommune(Officer officer) {
        fixtures();
        String nationalId = newNationalId();

        Response response = writesNothing(
                () -> post("/api/households", household(officer.other(), nationalId), officer.authorization()));

        assertForbidden(response);
        // the refusal did not take the national ID either
        assertThat(post("/api/households", household(officer.other(), nationalId), admin())
                        .status())
                .isEqualTo(201);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("officers")
    void officerAssessesAHouseholdOfItsOwnCommune(Officer officer) {
        String household = householdOf(officer.own());
        long before = eventCount();
        int eventsOfHousehold = metadataOf(household).size();

        Response response = post(assessments(household), assessment("ADHOC"), officer.authorization());

        assertThat(response.status()).as(response.text()).isEqualTo(201);
        assertThat(eventCount()).isEqualTo(before + 1);
        assertThat(metadataOf(household)).hasSize(eventsOfHousehold + 1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("officers")
    void officerCannotAssessAHouseholdOfAnotherCommune(Officer officer) {
        String household = householdOf(officer.other());
        int eventsOfHousehold = metadataOf(household).size();

        Response response =
                writesNothing(() -> post(assessments(household), assessment("ADHOC"), officer.authorization()));

        assertForbidden(response);
        assertThat(metadataOf(household)).hasSize(eventsOfHousehold);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("officers")
    void officerCannotRecogniseEvenInItsOwnCommune(Officer officer) {
        String household = householdOf(officer.own());
        String assessment = recordAssessment(household);

        Response response = writesNothing(
                () -> post(recognition(household, assessment), recognitionBody(), officer.authorization()));

        assertForbidden(response);
    }

    @Test
    void officerWithoutCommunesWritesNowhere() {
        String token = bearer("jwt-officer-of-nothing", List.of("COMMUNE_OFFICER"), List.of());

        assertForbidden(writesNothing(() -> post("/api/households", household(C01), token)));
        assertForbidden(writesNothing(() -> post("/api/households", household(C02), token)));
        assertForbidden(writesNothing(() -> post(assessments(fixtures().householdC01()), assessment("ADHOC"), token)));
    }

    @Test
    void officerOfSeveralCommunesWritesInEach() {
        String token = bearer("jwt-officer-c01-c02", List.of("COMMUNE_OFFICER"), List.of(C01, C02));

        assertThat(post("/api/households", household(C01), token).status()).isEqualTo(201);
        assertThat(post("/api/households", household(C02), token).status()).isEqualTo(201);
        assertThat(post(assessments(fixtures().householdC02()), assessment("ADHOC"), token)
                        .status())
                .isEqualTo(201);
    }

    @Test
    void communeCodeIsComparedAfterTrimming() {
        fixtures();

        // " C02 " names C02 for the command, so it must be refused to the officer of C01 as C02 is
        assertForbidden(writesNothing(() -> post("/api/households", household(" " + C02 + " "), basic("officer-c01"))));
    }

    @Test
    void officerAssessingAnUnknownHouseholdGetsNotFound() {
        Response response = writesNothing(
                () -> post(assessments(UUID.randomUUID().toString()), assessment("ADHOC"), basic("officer-c01")));

        assertProblem(response, 404, "/problems/not-found");
    }

    @Test
    void districtOfficersWriteInEveryCommune() {
        String token = bearer("jwt-district", List.of("DISTRICT_OFFICER"), List.of());

        assertThat(post("/api/households", household(C01), basic("district")).status())
                .isEqualTo(201);
        assertThat(post("/api/households", household(C02), basic("district")).status())
                .isEqualTo(201);
        assertThat(post(assessments(fixtures().householdC01()), assessment("ADHOC"), token)
                        .status())
                .isEqualTo(201);
        assertThat(post(assessments(fixtures().householdC02()), assessment("ADHOC"), token)
                        .status())
                .isEqualTo(201);
    }

    /**
     * An Idempotency-Key replays the first response to whoever sends the same key and body again. The officer of C02
     * must not get, by replay, the answer to a C01 write it could not make itself.
     */
    @Test
    void replayedResponseDoesNotBypassTheCommuneCheck() {
        fixtures();
        String key = UUID.randomUUID().toString();
        String body = "{\"communeCode\":\"C01\",\"hamlet\":\"Ấp 3\",\"head\":{\"fullName\":\"Lê Văn C\","
                + "\"nationalId\":\"" + newNationalId() + "\",\"birthYear\":1980},\"memberCount\":3,"
                + "\"meritHousehold\":false,\"ethnicMinority\":false,\"registeredOn\":\"2021-03-01\"}";
        Response first = send("/api/households", ofString(body), basic("officer-c01"), key);
        assertThat(first.status()).as(first.text()).isEqualTo(201);

        Response replay = writesNothing(() -> send("/api/households", ofString(body), basic("officer-c02"), key));

        // 403 (the key is the officer's own) or 409 (the key is taken by another request): either, but no replay
        assertThat(replay.status()).as(replay.text()).isIn(403, 409);
        assertThat(replay.contentType()).startsWith("application/problem+json");
        assertThat(replay.header("Idempotent-Replayed")).isEmpty();
        assertThat(replay.text())
                .doesNotContain(first.body().path("householdId").asText());
    }

    private String householdOf(String commune) {
        Fixtures fixtures = fixtures();
        return Map.of(C01, fixtures.householdC01(), C02, fixtures.householdC02())
                .get(commune);
    }

    private static HttpRequest.BodyPublisher ofString(String body) {
        return HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8);
    }
}
