package vn.poverty.command.household.standard;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The catalogue of poverty standards, read from {@code poverty-standards.json} (or a file named by
 * {@code poverty.standards-file}): adding a standard is an edit of that data, not of code.
 */
public final class PovertyStandards {

    public static final String RESOURCE = "/poverty-standards.json";

    private final Map<String, PovertyStandard> byCode = new LinkedHashMap<>();

    public PovertyStandards(List<PovertyStandard> standards) {
        standards.forEach(s -> byCode.put(s.code(), s));
    }

    /** The catalogue shipped with the application. */
    public static PovertyStandards builtIn() {
        try (InputStream in = PovertyStandards.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath");
            }
            return read(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static PovertyStandards read(InputStream json) throws IOException {
        List<PovertyStandard> standards = new ObjectMapper().readValue(json, new TypeReference<>() {});
        return new PovertyStandards(standards);
    }

    public Optional<PovertyStandard> byCode(String code) {
        return Optional.ofNullable(byCode.get(code));
    }

    /** The standard that governs a period by default; the latest defined wins if several overlap. */
    public Optional<PovertyStandard> forPeriod(int period) {
        return byCode.values().stream().filter(s -> s.governs(period)).reduce((first, second) -> second);
    }

    public List<String> codes() {
        return List.copyOf(byCode.keySet());
    }
}
