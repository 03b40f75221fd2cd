package vn.poverty.query.periodic.web;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import vn.poverty.query.periodic.PeriodicReport;

/**
 * The periodic report as CSV (RFC 4180, CRLF line ends) in UTF-8 with a byte-order mark, so that Excel shows the
 * Vietnamese names: a header {@code section,item,value}, then one row per figure; the items are the JSON field names.
 */
final class PeriodicReportCsv {

    static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private PeriodicReportCsv() {}

    static byte[] render(PeriodicReport report) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"section", "item", "value"});
        rows.add(row("report", "communeCode", report.communeCode()));
        rows.add(row("report", "communeName", report.communeName()));
        rows.add(row("report", "period", report.period()));
        rows.add(row("report", "from", report.from()));
        rows.add(row("report", "to", report.to()));
        rows.add(row("report", "knownAt", report.knownAt()));
        status(rows, "atStart", report.atStart());
        status(rows, "atEnd", report.atEnd());
        PeriodicReport.Changes c = report.changes();
        rows.add(row("changes", "fellIntoPoverty", c.fellIntoPoverty()));
        rows.add(row("changes", "escapedPoverty", c.escapedPoverty()));
        rows.add(row("changes", "fellIntoNearPoverty", c.fellIntoNearPoverty()));
        rows.add(row("changes", "escapedNearPoverty", c.escapedNearPoverty()));
        rows.add(row("grants", "grants", report.grants().grants()));
        rows.add(row("grants", "amount", report.grants().amount()));
        for (PeriodicReport.PolicyGrants p : report.grants().policies()) {
            rows.add(row("grants." + p.policyCode(), "grants", p.grants()));
            rows.add(row("grants." + p.policyCode(), "amount", p.amount()));
        }
        PeriodicReport.Loans l = report.loans();
        rows.add(row("loans", "disbursedLoans", l.disbursedLoans()));
        rows.add(row("loans", "disbursedAmount", l.disbursedAmount()));
        rows.add(row("loans", "repayments", l.repayments()));
        rows.add(row("loans", "repaidAmount", l.repaidAmount()));
        rows.add(row("loans", "settledLoans", l.settledLoans()));
        rows.add(row("loans", "writtenOffLoans", l.writtenOffLoans()));
        rows.add(row("loans", "writtenOffAmount", l.writtenOffAmount()));

        StringBuilder text = new StringBuilder();
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                if (i > 0) {
                    text.append(',');
                }
                text.append(field(row[i]));
            }
            text.append("\r\n");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(BOM);
        out.writeBytes(text.toString().getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private static void status(List<String[]> rows, String section, PeriodicReport.StatusFigures s) {
        rows.add(row(section, "asOf", s.asOf()));
        rows.add(row(section, "registeredHouseholds", s.registeredHouseholds()));
        rows.add(row(section, "poor", s.poor()));
        rows.add(row(section, "nearPoor", s.nearPoor()));
        rows.add(row(section, "notPoor", s.notPoor()));
        rows.add(row(section, "newlyEscaped", s.newlyEscaped()));
        rows.add(row(section, "unclassified", s.unclassified()));
        rows.add(row(section, "totalHouseholds", s.totalHouseholds()));
        rows.add(row(section, "poorRate", s.poorRate().toPlainString()));
        rows.add(row(section, "nearPoorRate", s.nearPoorRate().toPlainString()));
    }

    private static String[] row(String section, String item, Object value) {
        return new String[] {section, item, value == null ? "" : value.toString()};
    }

    /**
     * One field: quoted when it holds a comma, a quote or a line end; a text starting with =, +, -, @ or a tab is
     * prefixed with an apostrophe so that a spreadsheet never runs it as a formula (no figure is negative).
     */
    static String field(String value) {
        String v = value;
        if (!v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0) {
            v = "'" + v;
        }
        if (v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r")) {
            return '"' + v.replace("\"", "\"\"") + '"';
        }
        return v;
    }
}
