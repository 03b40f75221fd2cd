package vn.poverty.query.coverage;

import java.time.LocalDate;
import java.util.List;

/** One page of the coverage gaps on {@code asOf} (API.md "GET /api/reports/coverage/gaps"). */
public record CoverageGaps(LocalDate asOf, List<CoverageGap> items, int page, int size, long total) {}
