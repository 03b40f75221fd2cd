package vn.poverty.command.household;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import vn.poverty.api.household.HouseholdId;
import vn.poverty.command.shared.DomainException;

/**
 * Set-based rule "one household per head's national ID": a command-side table written in the same transaction as
 * the registration event, so a refused registration writes neither. Only a SHA-256 digest of the number is kept.
 */
@Component
class NationalIdRegistry {

    private final JdbcTemplate jdbc;

    NationalIdRegistry(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    void claim(String nationalId, HouseholdId householdId) {
        try {
            jdbc.update("INSERT INTO household_national_id (national_id_hash, household_id) VALUES (?, ?)",
                    digest(nationalId), householdId.value());
        } catch (DuplicateKeyException e) {
            throw DomainException.conflict("DUPLICATE_NATIONAL_ID",
                    "A household whose head has this national ID is already registered");
        }
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
