package vn.poverty.query.periodic.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import vn.poverty.query.periodic.PeriodicReport;

/** Choosing the representation, and the CSV and HTML renderings of a periodic report. */
class PeriodicReportFormatsTest {

    private static final PeriodicReport REPORT = new PeriodicReport(
            "C01",
            "Mỹ Thọ <b>\"&'",
            "2024-Q3",
            LocalDate.parse("2024-07-01"),
            LocalDate.parse("2024-09-30"),
            Instant.parse("2024-10-05T00:00:00Z"),
            new PeriodicReport.StatusFigures(
                    LocalDate.parse("2024-06-30"),
                    5,
                    2,
                    1,
                    1,
                    1,
                    1,
                    200,
                    new BigDecimal("1.00"),
                    new BigDecimal("0.50")),
            new PeriodicReport.StatusFigures(
                    LocalDate.parse("2024-09-30"),
                    5,
                    1,
                    2,
                    1,
                    1,
                    1,
                    1600,
                    new BigDecimal("0.06"),
                    new BigDecimal("0.13")),
            new PeriodicReport.Changes(0, 1, 1, 0),
            new PeriodicReport.Grants(
                    3,
                    1_500_000,
                    List.of(
                            new PeriodicReport.PolicyGrants("HEALTH_INSURANCE_FULL", 2, 0),
                            new PeriodicReport.PolicyGrants("=HYPERLINK(\"x\")", 1, 1_500_000))),
            new PeriodicReport.Loans(1, 30_000_000, 2, 12_500_000, 0, 0, 0));

    @ParameterizedTest(name = "format={0}, Accept: {1} -> {2}")
    @CsvSource(
            delimiter = '|',
            nullValues = "-",
            value = {
                "-    | -                                                               | JSON",
                "-    | */*                                                             | JSON",
                "-    | application/json                                                | JSON",
                "-    | text/csv                                                        | CSV",
                "-    | text/html                                                       | HTML",
                "-    | text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8 | HTML",
                "-    | application/json;q=0.5, text/csv                                | CSV",
                "-    | text/csv;q=0.2, text/html;q=0.8                                 | HTML",
                "-    | text/csv;q=0                                                    | JSON",
                "-    | application/xml                                                 | JSON",
                "-    | not a media type;;                                              | JSON",
                "csv  | application/json                                                | CSV",
                "HTML | text/csv                                                        | HTML",
                "json | text/html                                                       | JSON",
                "' '  | text/csv                                                        | CSV",
            })
    void formatWinsOverAcceptWhichFallsBackOnJson(String format, String accept, ReportFormat expected) {
        assertThat(ReportFormat.choose(format, accept)).isEqualTo(expected);
    }

    @Test
    void unknownFormatIsRefused() {
        assertThatThrownBy(() -> ReportFormat.choose("pdf", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("must be json, csv or html, not 'pdf'");
    }

    @Test
    void csvStartsWithTheByteOrderMarkAndHasOneRowPerFigure() {
        byte[] csv = PeriodicReportCsv.render(REPORT);

        assertThat(Arrays.copyOf(csv, 3)).containsExactly(0xEF, 0xBB, 0xBF);
        String text = new String(csv, 3, csv.length - 3, StandardCharsets.UTF_8);
        List<String> lines = List.of(text.split("\r\n", -1));
        assertThat(lines.get(0)).isEqualTo("section,item,value");
        assertThat(lines.get(lines.size() - 1)).isEmpty(); // every row ends with CRLF
        assertThat(lines)
                .contains(
                        "report,communeName,\"Mỹ Thọ <b>\"\"&'\"",
                        "report,period,2024-Q3",
                        "report,knownAt,2024-10-05T00:00:00Z",
                        "atStart,asOf,2024-06-30",
                        "atStart,poor,2",
                        "atEnd,poorRate,0.06",
                        "changes,escapedPoverty,1",
                        "grants.HEALTH_INSURANCE_FULL,grants,2",
                        "loans,disbursedAmount,30000000",
                        "loans,repaidAmount,12500000");
        assertThat(lines).contains("\"grants.=HYPERLINK(\"\"x\"\")\",grants,1");
        // a value that a spreadsheet would run as a formula is defused
        assertThat(PeriodicReportCsv.field("=1+1")).isEqualTo("'=1+1");
        assertThat(PeriodicReportCsv.field("-5")).isEqualTo("'-5");
        assertThat(PeriodicReportCsv.field("a,b")).isEqualTo("\"a,b\"");
        assertThat(PeriodicReportCsv.field("plain")).isEqualTo("plain");
    }

    @Test
    void htmlIsSelfContainedEscapedAndShowsTheFiguresTheVietnameseWay() {
        String html = new String(PeriodicReportHtml.render(REPORT), StandardCharsets.UTF_8);

        assertThat(html).startsWith("<!DOCTYPE html>").contains("<html lang=\"vi\">", "@media print");
        assertThat(html).doesNotContain("<script", "<link", "src=", "http://", "https://", "url(");
        assertThat(html).contains("Mỹ Thọ &lt;b&gt;&quot;&amp;&#39;").doesNotContain("<b>\"");
        assertThat(html).contains("=HYPERLINK(&quot;x&quot;)");
        assertThat(html).contains("30.000.000", "12.500.000", "1.600", "1,00 %", "0,13 %", "30/06/2024", "30/09/2024");
        assertThat(html).contains("Hộ nghèo <span class=\"en\">Poor</span>");
    }
}
