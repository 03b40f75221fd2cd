package vn.poverty.query;

import java.sql.SQLException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import vn.poverty.platform.schema.SchemaMigrations;
import vn.poverty.platform.schema.SchemaProperties;
import vn.poverty.testsupport.TestDatabase;

/** A fresh real PostgreSQL database with the event-store and query-side migrations applied, for projection tests. */
public final class QueryDatabase {

    private QueryDatabase() {}

    public static JdbcTemplate migrated() {
        TestDatabase.Database db = TestDatabase.create();
        var dataSource = new DriverManagerDataSource(db.url(), db.username(), db.password());
        try {
            new SchemaMigrations(dataSource, new SchemaProperties("query")).afterPropertiesSet();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot migrate " + db.url(), e);
        }
        return new JdbcTemplate(dataSource);
    }
}
