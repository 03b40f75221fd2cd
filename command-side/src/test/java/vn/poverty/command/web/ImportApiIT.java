package vn.poverty.command.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /api/imports/households}: a household's history imported in one request gives the same events, under
 * the same rules, as the same history sent to the single endpoints; a refusal anywhere writes nothing and names the
 * part at fault; the request is idempotent as a whole; ADMIN only.
 */
class ImportApiIT extends SecuredApiTestBase {

    private static final String IMPORT = "/api/imports/households";

    /** A rural household POOR by the 2023 review, with full health insurance for 2023 and a repaid loan. */
    private Map<String, Object> history(String communeCode, String nationalId) {
        Map<String, Object> household = new HashMap<>(household(communeCode, nationalId));
        Map<String, Object> review = new HashMap<>(assessment("ANNUAL"));
        review.put("recognition", recognitionBody());
        review.put("grants", List.of(grantBody()));
        household.put("reviews", List.of(review));
        household.put(
                "loans",
                List.of(Map.of(
                        "programCode", "POOR_HOUSEHOLD",
                        "principal", 30_000_000,
                        "termMonths", 36,
                        "purpose", "Chăn nuôi",
                        "appliedOn", "2023-03-01",
                        "approvedOn", "2023-03-08",
                        "disbursedOn", "2023-03-15",
                        "repayments", List.of(Map.of("amount", 5_000_000, "paidOn", "2023-09-10")))));
        return household;
    }

    private static Map<String, Object> grantBody() {
        return Map.of(
                "policyCode", "HEALTH_INSURANCE_FULL",
                "validFrom", "2023-01-01",
                "validTo", "2023-12-31",
                "decisionRef", "7/QĐ-CS",
                "amount", 0);
    }

    private static Map<String, Object> request(List<Map<String, Object>> households) {
        return Map.of("households", households);
    }

    @Test
    void importedHistoryGivesTheEventsOfTheSingleEndpoints() {
        fixtures();
        String nationalImported = newNationalId();
        Response imported = post(IMPORT, request(List.of(history(C01, nationalImported))), admin());
        assertThat(imported.status()).as(imported.text()).isEqualTo(201);
        JsonNode result = imported.body().path("results").get(0);
        assertThat(imported.body().path("households").asInt()).isEqualTo(1);
        assertThat(imported.body().path("commands").asLong()).isEqualTo(8);
        String householdA = result.path("householdId").asText();
        String loanA = result.path("loanIds").get(0).asText();
        Map<String, String> idsA = Map.of(
                householdA,
                "<household>",
                result.path("assessmentIds").get(0).asText(),
                "<assessment>",
                result.path("grantIds").get(0).asText(),
                "<grant>",
                loanA,
                "<loan>",
                nationalImported,
                "<nationalId>");

        // the same history through the single endpoints
        String nationalSingle = newNationalId();
        Response registered = post("/api/households", household(C01, nationalSingle), admin());
        String householdB = registered.body().path("householdId").asText();
        Response assessed = post(assessments(householdB), assessment("ANNUAL"), admin());
        String assessmentB = assessed.body().path("assessmentId").asText();
        assertThat(post(recognition(householdB, assessmentB), recognitionBody(), admin())
                        .status())
                .isEqualTo(200);
        Response granted = post("/api/households/" + householdB + "/grants", grantBody(), admin());
        assertThat(granted.status()).as(granted.text()).isEqualTo(201);
        Response applied = post(
                "/api/loans",
                Map.of(
                        "householdId",
                        householdB,
                        "programCode",
                        "POOR_HOUSEHOLD",
                        "principal",
                        30_000_000,
                        "termMonths",
                        36,
                        "purpose",
                        "Chăn nuôi",
                        "appliedOn",
                        "2023-03-01"),
                admin());
        String loanB = applied.body().path("loanId").asText();
        assertThat(post("/api/loans/" + loanB + "/approval", Map.of("approvedOn", "2023-03-08"), admin())
                        .status())
                .isEqualTo(200);
        assertThat(post("/api/loans/" + loanB + "/disbursement", Map.of("disbursedOn", "2023-03-15"), admin())
                        .status())
                .isEqualTo(200);
        assertThat(post(
                                "/api/loans/" + loanB + "/repayments",
                                Map.of("amount", 5_000_000, "paidOn", "2023-09-10"),
                                admin())
                        .status())
                .isEqualTo(201);
        Map<String, String> idsB = Map.of(
                householdB,
                "<household>",
                assessmentB,
                "<assessment>",
                granted.body().path("grantId").asText(),
                "<grant>",
                loanB,
                "<loan>",
                nationalSingle,
                "<nationalId>");

        assertThat(events(householdA, idsA)).isNotEmpty().isEqualTo(events(householdB, idsB));
        assertThat(events(loanA, idsA)).hasSize(4).isEqualTo(events(loanB, idsB));
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM household_registry WHERE household_id = ?", Long.class, householdA))
                .isEqualTo(1);

        // single commands after the import see the imported history (read from the store)
        Response again = writesNothing(() -> post(assessments(householdA), assessment("ANNUAL"), admin()));
        assertThat(again.body().path("detail").asText()).contains("2023");
        Response repaid = post(
                "/api/loans/" + loanA + "/repayments", Map.of("amount", 25_000_000, "paidOn", "2024-03-10"), admin());
        assertThat(repaid.status()).as(repaid.text()).isEqualTo(201);
        assertThat(repaid.body().path("state").asText()).isEqualTo("SETTLED");
    }

    @Test
    void aRefusalAnywhereWritesNothingAndNamesThePart() {
        fixtures();
        Map<String, Object> notEntitled = history(C01, newNationalId());
        @SuppressWarnings("unchecked")
        Map<String, Object> review = new HashMap<>(((List<Map<String, Object>>) notEntitled.get("reviews")).get(0));
        review.put(
                "grants",
                List.of(
                        grantBody(),
                        Map.of(
                                "policyCode", "HEALTH_INSURANCE_PARTIAL",
                                "validFrom", "2023-01-01",
                                "validTo", "2023-12-31",
                                "decisionRef", "8/QĐ-CS")));
        notEntitled.put("reviews", List.of(review));
        long registryRows = jdbc.queryForObject("SELECT count(*) FROM household_registry", Long.class);

        Response response = writesNothing(() -> post(
                IMPORT,
                request(List.of(history(C01, newNationalId()), history(C02, newNationalId()), notEntitled)),
                admin()));

        assertProblem(response, 422, "/problems/rule-violation");
        assertThat(response.body().path("detail").asText()).startsWith("households[2].reviews[0].grants[1]: ");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM household_registry", Long.class))
                .isEqualTo(registryRows);
    }

    @Test
    void aNationalIdTwiceInOneImportIsAConflictAndWritesNothing() {
        fixtures();
        String nationalId = newNationalId();
        Response response = writesNothing(() ->
                post(IMPORT, request(List.of(history(C01, nationalId), history(C02, nationalId))), admin()));
        assertThat(response.status()).as(response.text()).isEqualTo(409);
        assertThat(response.body().path("detail").asText()).startsWith("households[1]: ");
    }

    @Test
    void invalidPartsAreRefusedBeforeAnythingIsSent() {
        fixtures();
        Map<String, Object> noName = history(C01, newNationalId());
        noName.put("head", Map.of("fullName", "", "nationalId", newNationalId(), "birthYear", 1970));
        Response invalid = writesNothing(() -> post(IMPORT, request(List.of(noName)), admin()));
        assertProblem(invalid, 400, "/problems/validation");
        assertThat(invalid.body().path("errors").get(0).path("field").asText())
                .isEqualTo("households[0].head.fullName");

        Map<String, Object> disbursedUnapproved = history(C01, newNationalId());
        disbursedUnapproved.put(
                "loans",
                List.of(Map.of(
                        "programCode", "POOR_HOUSEHOLD",
                        "principal", 30_000_000,
                        "termMonths", 36,
                        "appliedOn", "2023-03-01",
                        "disbursedOn", "2023-03-15")));
        Response unapproved = writesNothing(() -> post(IMPORT, request(List.of(disbursedUnapproved)), admin()));
        assertProblem(unapproved, 400, "/problems/validation");
        assertThat(unapproved.body().path("errors").get(0).path("field").asText())
                .isEqualTo("households[0].loans[0].approvedOn");

        assertProblem(writesNothing(() -> post(IMPORT, request(List.of()), admin())), 400, "/problems/validation");
    }

    @Test
    void aThousandHouseholdsAndThreeThousandCommandsFitInOneRequestAndNoMore() throws IOException {
        fixtures();
        List<Map<String, Object>> tooMany = new ArrayList<>();
        for (int i = 0; i < 1_001; i++) {
            tooMany.add(history(C01, newNationalId()));
        }
        String body = json.writeValueAsString(request(tooMany));
        assertThat(body.length())
                .as("larger than the 64 KiB of single requests")
                .isGreaterThan(64 * 1024);
        Response response = writesNothing(() -> post(IMPORT, body, admin()));
        assertProblem(response, 400, "/problems/validation");
        assertThat(response.body().path("errors").get(0).path("field").asText()).isEqualTo("households");

        List<Map<String, Object>> overCommandLimit = new ArrayList<>();
        for (int i = 0; i < 376; i++) {
            overCommandLimit.add(history(C01, newNationalId())); // 8 commands each: 3,008
        }
        Response tooManyCommands = writesNothing(() -> post(IMPORT, request(overCommandLimit), admin()));
        assertProblem(tooManyCommands, 400, "/problems/validation");
        assertThat(tooManyCommands.body().path("errors").get(0).path("message").asText())
                .contains("3008 commands", "at most 3000");

        List<Map<String, Object>> registrations = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            registrations.add(household(i % 2 == 0 ? C01 : C02));
        }
        long before = eventCount();
        Response imported = post(IMPORT, request(registrations), admin());
        assertThat(imported.status()).as(imported.text()).isEqualTo(201);
        assertThat(imported.body().path("households").asInt()).isEqualTo(1_000);
        assertThat(eventCount()).isEqualTo(before + 1_000);
    }

    @Test
    void aRetryWithTheSameIdempotencyKeyImportsOnce() throws IOException {
        fixtures();
        byte[] body = json.writeValueAsBytes(request(List.of(history(C02, newNationalId()))));
        String key = "import-" + next();
        Response first = send(IMPORT, HttpRequest.BodyPublishers.ofByteArray(body), admin(), key);
        assertThat(first.status()).as(first.text()).isEqualTo(201);
        long after = eventCount();

        Response retry = send(IMPORT, HttpRequest.BodyPublishers.ofByteArray(body), admin(), key);

        assertThat(retry.status()).isEqualTo(201);
        assertThat(retry.header("Idempotent-Replayed")).contains("true");
        assertThat(retry.body()).isEqualTo(first.body());
        assertThat(eventCount()).isEqualTo(after);
        assertThat(metadataOf(
                        first.body().path("results").get(0).path("householdId").asText()))
                .allSatisfy(metadata -> {
                    assertThat(metadata.path("idempotencyKey").asText()).isEqualTo(key);
                    assertThat(metadata.path("actor").asText()).isEqualTo("admin");
                });
    }

    @Test
    void onlyAdminMayImport() {
        fixtures();
        for (String user : List.of("district", "bank")) {
            assertForbidden(writesNothing(
                    () -> post(IMPORT, request(List.of(history(C01, newNationalId()))), basic(user))));
        }
        assertUnauthorized(post(IMPORT, request(List.of(history(C01, newNationalId()))), null));
    }

    /** The aggregate's events as (type, payload with the ids named), in order. */
    private List<String> events(String aggregateId, Map<String, String> names) {
        return jdbc
                .query(
                        "SELECT payload_type, payload FROM domain_event_entry WHERE aggregate_identifier = ?"
                                + " ORDER BY sequence_number",
                        (rs, i) -> {
                            String payload = new String(rs.getBytes(2), StandardCharsets.UTF_8);
                            for (var name : names.entrySet()) {
                                payload = payload.replace(name.getKey(), name.getValue());
                            }
                            return rs.getString(1) + " " + payload;
                        },
                        aggregateId)
                .stream()
                .toList();
    }
}
