package vn.poverty.platform.loan;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import vn.poverty.api.household.StatusHistory;
import vn.poverty.platform.policy.PolicyCatalogue;

/**
 * The loan programmes (DESIGN.md §3 "Preferential loans") as data: {@code loan-programs.json}, or the file named by
 * {@code poverty.loan-programs-file}. Rates, limits and eligibility change by a new version with a start date.
 */
public final class LoanProgramCatalogue {

    public static final String RESOURCE = "/loan-programs.json";

    private final Map<String, LoanProgram> byCode = new LinkedHashMap<>();

    public LoanProgramCatalogue(List<LoanProgram> programs) {
        programs.forEach(p -> byCode.put(p.programCode(), p));
    }

    public static LoanProgramCatalogue builtIn() {
        try (InputStream in = LoanProgramCatalogue.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath");
            }
            return read(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static LoanProgramCatalogue read(InputStream json) throws IOException {
        List<LoanProgram> programs =
                new ObjectMapper().registerModule(new JavaTimeModule()).readValue(json, new TypeReference<>() {});
        return new LoanProgramCatalogue(programs);
    }

    public Optional<LoanProgram> program(String code) {
        return Optional.ofNullable(byCode.get(code));
    }

    public List<LoanProgram> all() {
        return List.copyOf(byCode.values());
    }

    public List<String> codes() {
        return List.copyOf(byCode.keySet());
    }

    /** Whether a household with this status history is eligible for the programme version on {@code date}. */
    public static boolean eligible(LoanProgram.Version version, StatusHistory history, LocalDate date) {
        return PolicyCatalogue.hasAnyOf(version.eligibleStatuses(), history, date);
    }
}
