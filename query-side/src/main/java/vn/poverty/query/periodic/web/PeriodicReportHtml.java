package vn.poverty.query.periodic.web;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import vn.poverty.query.periodic.PeriodicReport;

/**
 * The periodic report as one printable HTML page: self-contained (inline CSS with print rules, no script, no image,
 * no external resource), Vietnamese labels with the English in smaller text, numbers written the Vietnamese way
 * (1.234.567; rates 2,50 %), dates dd/MM/yyyy. Every value taken from data is HTML-escaped.
 */
final class PeriodicReportHtml {

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("dd/MM/yyyy");

    private static final Map<String, String> POLICY_NAMES = Map.of(
            "HEALTH_INSURANCE_FULL", "Bảo hiểm y tế (hỗ trợ 100%)",
            "HEALTH_INSURANCE_PARTIAL", "Bảo hiểm y tế (hỗ trợ một phần)",
            "ELECTRICITY_SUPPORT", "Hỗ trợ tiền điện",
            "TUITION_EXEMPTION", "Miễn học phí",
            "TUITION_REDUCTION", "Giảm học phí",
            "LEARNING_COST_SUPPORT", "Hỗ trợ chi phí học tập",
            "LEGAL_AID", "Trợ giúp pháp lý",
            "HOUSING_SUPPORT", "Hỗ trợ nhà ở",
            "VOCATIONAL_TRAINING", "Đào tạo nghề",
            "PRODUCTION_SUPPORT", "Hỗ trợ phát triển sản xuất");

    private static final String STYLE = """
            body{font-family:"Times New Roman",Times,serif;color:#111;margin:2rem auto;max-width:60rem;padding:0 1rem;\
            line-height:1.35}
            .en{font-size:.75em;color:#555;font-weight:normal;font-style:italic}
            .top{display:flex;justify-content:space-between;text-align:center;font-size:.95em}
            .top p{margin:0}
            h1{text-align:center;font-size:1.35em;margin:1.5rem 0 .25rem}
            h1 .en{display:block}
            h2{font-size:1.1em;margin:1.5rem 0 .5rem}
            dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem;margin:1rem 0}
            dt{font-weight:bold}dd{margin:0}
            table{border-collapse:collapse;width:100%;margin:.25rem 0 1rem}
            th,td{border:1px solid #444;padding:.3rem .5rem;vertical-align:top}
            th{background:#eee;text-align:left}
            td.n,th.n{text-align:right;white-space:nowrap}
            tr.sub td:first-child{padding-left:1.5rem}
            .signs{display:flex;justify-content:space-around;text-align:center;margin-top:2.5rem}
            .signs p{margin:0 0 4rem}
            @media print{body{margin:0;max-width:none;font-size:11pt}th{background:#eee!important;\
            -webkit-print-color-adjust:exact;print-color-adjust:exact}h2{break-after:avoid}\
            table,tr{break-inside:avoid}@page{size:A4;margin:15mm}}
            """;

    private PeriodicReportHtml() {}

    static byte[] render(PeriodicReport r) {
        StringBuilder h = new StringBuilder(8192);
        h.append("<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>Báo cáo định kỳ ")
                .append(esc(r.communeCode()))
                .append(' ')
                .append(esc(r.period()))
                .append("</title>\n<style>\n")
                .append(STYLE)
                .append("</style>\n</head>\n<body>\n");
        h.append("<div class=\"top\"><p><strong>UBND ")
                .append(esc(r.communeName()))
                .append("</strong><br><span class=\"en\">People's Committee of ")
                .append(esc(r.communeName()))
                .append("</span></p><p><strong>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</strong><br>")
                .append("Độc lập - Tự do - Hạnh phúc</p></div>\n");
        h.append("<h1>BÁO CÁO KẾT QUẢ GIẢM NGHÈO ĐỊNH KỲ")
                .append("<span class=\"en\">Periodic poverty-reduction report</span></h1>\n");
        h.append("<dl>\n");
        dt(h, "Xã/phường", "Commune");
        h.append("<dd>")
                .append(esc(r.communeName()))
                .append(" (")
                .append(esc(r.communeCode()))
                .append(")</dd>\n");
        dt(h, "Kỳ báo cáo", "Period");
        h.append("<dd>")
                .append(esc(r.period()))
                .append(": từ ")
                .append(date(r.from()))
                .append(" đến ")
                .append(date(r.to()))
                .append(" <span class=\"en\">from ")
                .append(date(r.from()))
                .append(" to ")
                .append(date(r.to()))
                .append("</span></dd>\n");
        dt(h, "Số liệu ghi nhận đến", "Data as known at");
        h.append("<dd>").append(esc(String.valueOf(r.knownAt()))).append(" (UTC)</dd>\n</dl>\n");

        // I. households by status
        PeriodicReport.StatusFigures s = r.atStart();
        PeriodicReport.StatusFigures e = r.atEnd();
        h.append("<h2>I. Hộ gia đình theo tình trạng <span class=\"en\">Households by status</span></h2>\n")
                .append("<table>\n<thead><tr>");
        th(h, "Chỉ tiêu", "Figure", false);
        h.append("<th class=\"n\">Đầu kỳ <span class=\"en\">start</span><br>")
                .append(date(s.asOf()))
                .append("</th><th class=\"n\">Cuối kỳ <span class=\"en\">end</span><br>")
                .append(date(e.asOf()))
                .append("</th></tr></thead>\n<tbody>\n");
        pair(h, "Số hộ đã đăng ký", "Registered households", s.registeredHouseholds(), e.registeredHouseholds(), false);
        pair(h, "Hộ nghèo", "Poor", s.poor(), e.poor(), true);
        pair(h, "Hộ cận nghèo", "Near-poor", s.nearPoor(), e.nearPoor(), true);
        pair(h, "Hộ không nghèo", "Not poor", s.notPoor(), e.notPoor(), true);
        pair(h, "trong đó: hộ mới thoát nghèo", "of which newly escaped", s.newlyEscaped(), e.newlyEscaped(), true);
        pair(h, "Hộ chưa xét duyệt", "Unclassified", s.unclassified(), e.unclassified(), true);
        pair(
                h,
                "Tổng số hộ dân cư (thống kê)",
                "Total households (recorded)",
                s.totalHouseholds(),
                e.totalHouseholds(),
                false);
        h.append("<tr><td>Tỷ lệ hộ nghèo <span class=\"en\">Poor rate</span></td><td class=\"n\">")
                .append(rate(s.poorRate()))
                .append("</td><td class=\"n\">")
                .append(rate(e.poorRate()))
                .append("</td></tr>\n");
        h.append("<tr><td>Tỷ lệ hộ cận nghèo <span class=\"en\">Near-poor rate</span></td><td class=\"n\">")
                .append(rate(s.nearPoorRate()))
                .append("</td><td class=\"n\">")
                .append(rate(e.nearPoorRate()))
                .append("</td></tr>\n</tbody>\n</table>\n");

        // II. changes
        PeriodicReport.Changes c = r.changes();
        h.append("<h2>II. Biến động trong kỳ <span class=\"en\">Changes in the period (start compared with end)")
                .append("</span></h2>\n<table>\n<thead><tr>");
        th(h, "Chỉ tiêu", "Figure", false);
        th(h, "Số hộ", "Households", true);
        h.append("</tr></thead>\n<tbody>\n");
        one(h, "Hộ nghèo phát sinh", "Fell into poverty", count(c.fellIntoPoverty()));
        one(h, "Hộ thoát nghèo", "Escaped poverty", count(c.escapedPoverty()));
        one(h, "Hộ cận nghèo phát sinh", "Fell into near-poverty", count(c.fellIntoNearPoverty()));
        one(h, "Hộ thoát cận nghèo", "Left near-poverty", count(c.escapedNearPoverty()));
        h.append("</tbody>\n</table>\n");

        // III. grants
        h.append("<h2>III. Chính sách hỗ trợ cấp trong kỳ <span class=\"en\">Policy grants starting in the period")
                .append("</span></h2>\n<table>\n<thead><tr>");
        th(h, "Chính sách", "Policy", false);
        th(h, "Số lượt", "Grants", true);
        th(h, "Số tiền (đồng)", "Amount (VND)", true);
        h.append("</tr></thead>\n<tbody>\n");
        for (PeriodicReport.PolicyGrants p : r.grants().policies()) {
            h.append("<tr><td>")
                    .append(esc(POLICY_NAMES.getOrDefault(p.policyCode(), p.policyCode())))
                    .append(" <span class=\"en\">")
                    .append(esc(p.policyCode()))
                    .append("</span></td><td class=\"n\">")
                    .append(count(p.grants()))
                    .append("</td><td class=\"n\">")
                    .append(count(p.amount()))
                    .append("</td></tr>\n");
        }
        h.append("<tr><td><strong>Tổng cộng</strong> <span class=\"en\">Total</span></td><td class=\"n\"><strong>")
                .append(count(r.grants().grants()))
                .append("</strong></td><td class=\"n\"><strong>")
                .append(count(r.grants().amount()))
                .append("</strong></td></tr>\n</tbody>\n</table>\n");

        // IV. loans
        PeriodicReport.Loans l = r.loans();
        h.append("<h2>IV. Tín dụng chính sách trong kỳ <span class=\"en\">Preferential loans in the period</span>")
                .append("</h2>\n<table>\n<thead><tr>");
        th(h, "Chỉ tiêu", "Figure", false);
        th(h, "Số món / lượt", "Loans / payments", true);
        th(h, "Số tiền (đồng)", "Amount (VND)", true);
        h.append("</tr></thead>\n<tbody>\n");
        two(h, "Giải ngân", "Disbursed", l.disbursedLoans(), count(l.disbursedAmount()));
        two(h, "Thu nợ gốc", "Repaid", l.repayments(), count(l.repaidAmount()));
        two(h, "Tất toán", "Settled", l.settledLoans(), "");
        two(h, "Xóa nợ", "Written off", l.writtenOffLoans(), count(l.writtenOffAmount()));
        h.append("</tbody>\n</table>\n");

        h.append("<div class=\"signs\"><p><strong>Người lập biểu</strong><br><span class=\"en\">Prepared by</span></p>")
                .append("<p><strong>TM. ỦY BAN NHÂN DÂN<br>CHỦ TỊCH</strong><br>")
                .append("<span class=\"en\">For the People's Committee, Chairperson</span></p></div>\n")
                .append("</body>\n</html>\n");
        return h.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void dt(StringBuilder h, String vi, String en) {
        h.append("<dt>").append(vi).append(" <span class=\"en\">").append(en).append("</span></dt>");
    }

    private static void th(StringBuilder h, String vi, String en, boolean number) {
        h.append(number ? "<th class=\"n\">" : "<th>")
                .append(vi)
                .append(" <span class=\"en\">")
                .append(en)
                .append("</span></th>");
    }

    private static void pair(StringBuilder h, String vi, String en, long start, long end, boolean sub) {
        h.append(sub ? "<tr class=\"sub\"><td>" : "<tr><td>")
                .append(vi)
                .append(" <span class=\"en\">")
                .append(en)
                .append("</span></td><td class=\"n\">")
                .append(count(start))
                .append("</td><td class=\"n\">")
                .append(count(end))
                .append("</td></tr>\n");
    }

    private static void one(StringBuilder h, String vi, String en, String value) {
        h.append("<tr><td>")
                .append(vi)
                .append(" <span class=\"en\">")
                .append(en)
                .append("</span></td><td class=\"n\">")
                .append(value)
                .append("</td></tr>\n");
    }

    private static void two(StringBuilder h, String vi, String en, long number, String amount) {
        h.append("<tr><td>")
                .append(vi)
                .append(" <span class=\"en\">")
                .append(en)
                .append("</span></td><td class=\"n\">")
                .append(count(number))
                .append("</td><td class=\"n\">")
                .append(amount)
                .append("</td></tr>\n");
    }

    /** 1234567 as 1.234.567. */
    static String count(long value) {
        return decimal("#,##0").format(value);
    }

    /** 2.50 as 2,50 %. */
    static String rate(BigDecimal value) {
        return decimal("0.00").format(value) + " %";
    }

    private static DecimalFormat decimal(String pattern) {
        DecimalFormatSymbols symbols = new DecimalFormatSymbols(Locale.ROOT);
        symbols.setGroupingSeparator('.');
        symbols.setDecimalSeparator(',');
        return new DecimalFormat(pattern, symbols);
    }

    private static String date(LocalDate date) {
        return DATE.format(date);
    }

    /** HTML-escapes text for element content and quoted attribute values. */
    static String esc(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            switch (ch) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(ch);
            }
        }
        return out.toString();
    }
}
