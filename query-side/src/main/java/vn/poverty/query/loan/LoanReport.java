package vn.poverty.query.loan;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The loan portfolio on a date (API.md "GET /api/reports/loans"): per programme, the active loans (disbursed and
 * neither settled nor written off on that date), their outstanding principal, how many of them are overdue and by
 * how much (VND); per commune and for the district (the sums of the communes). Every programme of the catalogue has
 * a row, zeros included.
 */
public record LoanReport(LocalDate asOf, List<ProgramFigures> programs, List<CommuneFigures> communes) {

    /** The figures of one programme. */
    public record ProgramFigures(
            String programCode, long active, long outstanding, long overdueLoans, long overdueAmount) {

        static ProgramFigures zero(String programCode) {
            return new ProgramFigures(programCode, 0, 0, 0, 0);
        }

        ProgramFigures plus(ProgramFigures other) {
            return new ProgramFigures(
                    programCode,
                    active + other.active,
                    outstanding + other.outstanding,
                    overdueLoans + other.overdueLoans,
                    overdueAmount + other.overdueAmount);
        }
    }

    /** The figures of one commune's loans. */
    public record CommuneFigures(String communeCode, String name, List<ProgramFigures> programs) {}

    /** A commune of the report. */
    public record Commune(String code, String name) {}

    /** One group of active loans: a commune's loans of a programme. */
    public record Tally(String communeCode, ProgramFigures figures) {}

    /**
     * The report over {@code communes} in their order: per commune a row for each of {@code catalogue}'s programmes
     * in its order, then for any other programme found among the tallies (a programme since taken out of the
     * catalogue still has loans running: they are shown rather than dropped), by code. Tallies of other communes are
     * ignored.
     */
    public static LoanReport of(LocalDate asOf, List<String> catalogue, List<Commune> communes, List<Tally> tallies) {
        Set<String> communeCodes = communes.stream().map(Commune::code).collect(Collectors.toSet());
        List<Tally> counted = tallies.stream()
                .filter(t -> communeCodes.contains(t.communeCode()))
                .toList();
        Set<String> codes = new LinkedHashSet<>(catalogue);
        counted.stream()
                .map(t -> t.figures().programCode())
                .filter(c -> !codes.contains(c))
                .sorted()
                .distinct()
                .forEach(codes::add);
        List<CommuneFigures> rows = new ArrayList<>();
        for (Commune commune : communes) {
            Map<String, ProgramFigures> found = new HashMap<>();
            counted.stream()
                    .filter(t -> t.communeCode().equals(commune.code()))
                    .forEach(t -> found.merge(t.figures().programCode(), t.figures(), ProgramFigures::plus));
            rows.add(new CommuneFigures(
                    commune.code(),
                    commune.name(),
                    codes.stream()
                            .map(code ->
                                    Objects.requireNonNullElseGet(found.get(code), () -> ProgramFigures.zero(code)))
                            .toList()));
        }
        List<ProgramFigures> district = codes.stream()
                .map(code -> rows.stream()
                        .flatMap(c -> c.programs().stream())
                        .filter(p -> p.programCode().equals(code))
                        .reduce(ProgramFigures.zero(code), ProgramFigures::plus))
                .toList();
        return new LoanReport(asOf, district, List.copyOf(rows));
    }
}
