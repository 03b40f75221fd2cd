package vn.poverty.command.household;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import vn.poverty.api.household.HouseholdId;
import vn.poverty.command.shared.DomainException;

/**
 * The command side's register of households, written in the same transaction as the registration event: it
 * enforces "one household per head's national ID" (a set-based rule; only a SHA-256 digest of the number is kept)
 * and tells which commune a household belongs to, for commune officers' access.
 */
@Component
public class HouseholdRegistry {

    private final JdbcTemplate jdbc;

    HouseholdRegistry(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    void register(HouseholdId householdId, String communeCode, String nationalId) {
        try {
            jdbc.update(
                    "INSERT INTO household_registry (household_id, commune_code, national_id_hash) VALUES (?, ?, ?)",
                    householdId.value(),
                    communeCode,
                    digest(nationalId));
        } catch (DuplicateKeyException e) {
            throw DomainException.conflict(
                    "DUPLICATE_NATIONAL_ID", "A household whose head has this national ID is already registered");
        }
    }

    /** The commune of a registered household; empty when there is no such household. */
    public Optional<String> communeOf(HouseholdId householdId) {
        return jdbc
                .queryForList(
                        "SELECT commune_code FROM household_registry WHERE household_id = ?",
                        String.class,
                        householdId.value())
                .stream()
                .findFirst();
    }

    static String digest(String nationalId) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(nationalId.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
