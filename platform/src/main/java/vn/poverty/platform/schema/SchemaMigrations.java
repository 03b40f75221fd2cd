package vn.poverty.platform.schema;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;

/**
 * Applies the shared event-store migrations and then the app's own, each set with its own Flyway history table,
 * under one PostgreSQL advisory lock: both apps pointed at one empty database can start in either order (or at
 * once) and neither steps on the other.
 */
public class SchemaMigrations implements InitializingBean {

    private static final Logger log = LoggerFactory.getLogger(SchemaMigrations.class);
    /** Arbitrary constant shared by every node of both apps. */
    private static final long MIGRATION_LOCK = 7_302_040_118L;

    private final DataSource dataSource;
    private final SchemaProperties properties;

    public SchemaMigrations(DataSource dataSource, SchemaProperties properties) {
        this.dataSource = dataSource;
        this.properties = properties;
    }

    @Override
    public void afterPropertiesSet() throws SQLException {
        try (Connection lock = dataSource.getConnection()) {
            lock.setAutoCommit(true);
            execute(lock, "SELECT pg_advisory_lock(?)");
            try {
                migrate("eventstore", "classpath:db/eventstore");
                migrate(properties.app(), "classpath:db/" + properties.app());
            } finally {
                execute(lock, "SELECT pg_advisory_unlock(?)");
            }
        }
    }

    private void migrate(String set, String location) {
        var result = Flyway.configure()
                .dataSource(dataSource)
                .locations(location)
                .table("flyway_history_" + set)
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load()
                .migrate();
        log.info(
                "Schema '{}' at version {} ({} migrations applied)",
                set,
                result.targetSchemaVersion,
                result.migrationsExecuted);
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setLong(1, MIGRATION_LOCK);
            statement.execute();
        }
    }
}
