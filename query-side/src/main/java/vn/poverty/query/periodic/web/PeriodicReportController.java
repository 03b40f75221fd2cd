package vn.poverty.query.periodic.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import vn.poverty.platform.security.CurrentUser;
import vn.poverty.platform.web.ApiException;
import vn.poverty.query.periodic.Period;
import vn.poverty.query.periodic.PeriodicReport;
import vn.poverty.query.periodic.PeriodicReports;
import vn.poverty.query.shared.Scope;
import vn.poverty.query.shared.TimeSlices;

@RestController
@RequestMapping("/api/reports/communes")
@Tag(name = "Reports")
class PeriodicReportController {

    static final String DESCRIPTION = """
            The report a commune sends to the district for a month (`2024-07`), a quarter (`2024-Q3`) or a year \
            (`2024`), from its first day `from` to its last day `to` (both inclusive), as the system knew it at \
            `knownAt` (default: now; only events recorded by then count).

            **Households by status** (`atStart`, `atEnd`). `atStart` is as of the day before `from` (the close of \
            the previous period, so that the start of a period equals the end of the one before), `atEnd` as of \
            `to`. Each household of the commune counts once it is registered (`registeredOn` on or before the date) \
            or has a recognised status in force then, with the status in force on that date (the latest \
            recognition dated on or before it, as corrected; the rule of the household list and the poverty \
            report): `poor`, `nearPoor`, `notPoor`, `unclassified` (no decision yet); they add up to \
            `registeredHouseholds`. `newlyEscaped` is the part of `notPoor` that a decision dated within the 36 \
            months before the date moved from POOR or NEAR_POOR to NOT_POOR (the NEWLY_ESCAPED of policies and \
            loans). `totalHouseholds` is the commune's recorded household total in force on the date (latest count \
            with asOf on or before it; 0 when none), `poorRate` and `nearPoorRate` are `poor` and `nearPoor` in per \
            cent of it, rounded half-up to 2 decimals (0.00 without a total): the same figures as \
            `GET /api/reports/poverty?asOf=<date>` gives for the commune.

            **Changes** compare each household's status at the start with that at the end (what the reporting \
            forms count; a household that changed twice inside the period counts by its two ends only): \
            `fellIntoPoverty` = POOR at the end and not POOR at the start (UNCLASSIFIED included), \
            `escapedPoverty` = POOR at the start and not POOR at the end (to NEAR_POOR included), \
            `fellIntoNearPoverty` = NEAR_POOR at the end and not at the start, `escapedNearPoverty` = NEAR_POOR at \
            the start and not at the end (to POOR or NOT_POOR). So `atEnd.poor = atStart.poor + fellIntoPoverty - \
            escapedPoverty`, and likewise for near-poor.

            **Grants**: the grants to the commune's households whose validity starts (`validFrom`) in the period, \
            revoked or ended later or not: their number and amount (VND), in all and per policy code (every policy \
            of the catalogue, zeros included).

            **Loans** of the commune's households, by the date of each fact: `disbursedLoans` / `disbursedAmount` \
            (principal paid out), `repayments` / `repaidAmount` (principal repaid), `settledLoans` (repaid in \
            full), `writtenOffLoans` / `writtenOffAmount` (principal given up). Money is whole VND.

            **Formats**: JSON by default; CSV with `format=csv` or `Accept: text/csv` (UTF-8 with a byte-order \
            mark, CRLF, header `section,item,value`, one row per figure named as in the JSON, as an attachment \
            `<code>-<period>.csv`); a printable HTML page with `format=html` or `Accept: text/html` (Vietnamese \
            labels, English in small print). `format` wins over `Accept`.

            Every role may read it; a commune officer only for its own communes (another commune is not found). \
            A bad `period` or `format` is a 400, an unknown commune a 404.""";

    private final PeriodicReports reports;
    private final TimeSlices slices;

    PeriodicReportController(PeriodicReports reports, TimeSlices slices) {
        this.reports = reports;
        this.slices = slices;
    }

    @GetMapping("/{code}/periodic")
    @Operation(
            summary = "A commune's periodic report for a month, quarter or year (JSON, CSV or printable HTML)",
            description = DESCRIPTION)
    @ApiResponse(
            responseCode = "200",
            description = "The report",
            content = {
                @Content(mediaType = "application/json", schema = @Schema(implementation = PeriodicReport.class)),
                @Content(mediaType = "text/csv", schema = @Schema(type = "string")),
                @Content(mediaType = "text/html", schema = @Schema(type = "string"))
            })
    ResponseEntity<?> periodic(
            @PathVariable String code,
            @Parameter(description = "YYYY, YYYY-MM or YYYY-Qn", example = "2024-Q3") @RequestParam String period,
            @Parameter(description = "instant, ISO-8601 UTC") @RequestParam(required = false) Instant knownAt,
            @Parameter(description = "json (default), csv or html; overrides Accept") @RequestParam(required = false)
                    String format,
            @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept) {
        ReportFormat chosen;
        Period parsed;
        try {
            chosen = ReportFormat.choose(format, accept);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("format", e.getMessage());
        }
        try {
            parsed = Period.parse(period);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("period", e.getMessage());
        }
        String commune = code.strip();
        PeriodicReport report = reports.report(
                        commune, parsed, slices.of(null, knownAt).knownAt(), Scope.communesOf(CurrentUser.get()))
                .orElseThrow(() -> ApiException.notFound("Commune " + commune));
        return switch (chosen) {
            case JSON ->
                ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(report);
            case CSV ->
                ResponseEntity.ok()
                        .contentType(new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8))
                        .header(
                                HttpHeaders.CONTENT_DISPOSITION,
                                ContentDisposition.attachment()
                                        .filename(report.communeCode() + "-" + report.period() + ".csv")
                                        .build()
                                        .toString())
                        .body(PeriodicReportCsv.render(report));
            case HTML ->
                ResponseEntity.ok()
                        .contentType(new MediaType("text", "html", java.nio.charset.StandardCharsets.UTF_8))
                        // nothing but the inline style may load or run
                        .header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
                        .body(PeriodicReportHtml.render(report));
        };
    }
}
