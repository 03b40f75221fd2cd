package vn.poverty.testsupport;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * A real PostgreSQL for tests. By default one embedded PostgreSQL 17 (zonky) per test JVM; when the environment
 * variable {@code POVERTY_TEST_DB_URL} names a server (e.g. {@code jdbc:postgresql://127.0.0.1:5432/postgres}, with
 * {@code POVERTY_TEST_DB_USER} / {@code POVERTY_TEST_DB_PASSWORD}), that server is used instead. Every call to
 * {@link #create()} makes a new empty database, so tests never see each other's data.
 */
public final class TestDatabase {

    public static final String URL_VARIABLE = "POVERTY_TEST_DB_URL";

    /** Connection settings of one fresh database. */
    public record Database(String url, String username, String password) {
        public Connection connect() throws SQLException {
            return DriverManager.getConnection(url, username, password);
        }
    }

    private static EmbeddedPostgres embedded;

    private TestDatabase() {}

    public static synchronized Database create() {
        String name = "test_" + UUID.randomUUID().toString().replace("-", "");
        String adminUrl = adminUrl();
        String user = username();
        String password = password();
        try (Connection admin = DriverManager.getConnection(adminUrl, user, password);
                Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create a test database on " + adminUrl, e);
        }
        int slash = adminUrl.lastIndexOf('/');
        int query = adminUrl.indexOf('?', slash);
        String url = adminUrl.substring(0, slash + 1) + name + (query < 0 ? "" : adminUrl.substring(query));
        return new Database(url, user, password);
    }

    private static String adminUrl() {
        String external = System.getenv(URL_VARIABLE);
        if (external != null && !external.isBlank()) {
            return external;
        }
        return embedded().getJdbcUrl("postgres", "postgres");
    }

    private static String username() {
        String external = System.getenv(URL_VARIABLE);
        if (external != null && !external.isBlank()) {
            return envOr("POVERTY_TEST_DB_USER", "postgres");
        }
        return "postgres";
    }

    private static String password() {
        String external = System.getenv(URL_VARIABLE);
        if (external != null && !external.isBlank()) {
            return envOr("POVERTY_TEST_DB_PASSWORD", "");
        }
        return "postgres";
    }

    private static synchronized EmbeddedPostgres embedded() {
        if (embedded == null) {
            try {
                embedded = EmbeddedPostgres.builder()
                        .setServerConfig("max_connections", "300")
                        .setServerConfig("fsync", "on")
                        .start();
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot start the embedded PostgreSQL", e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    embedded.close();
                } catch (IOException ignored) {
                    // the JVM is exiting anyway
                }
            }));
        }
        return embedded;
    }

    private static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null ? fallback : value;
    }
}
