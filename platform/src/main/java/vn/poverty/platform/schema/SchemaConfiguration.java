package vn.poverty.platform.schema;

import javax.sql.DataSource;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/** Runs {@link SchemaMigrations} before anything that uses the database (see {@link SchemaMigrationsDetector}). */
@AutoConfiguration(after = DataSourceAutoConfiguration.class)
@EnableConfigurationProperties(SchemaProperties.class)
public class SchemaConfiguration {

    @Bean
    SchemaMigrations schemaMigrations(DataSource dataSource, SchemaProperties properties) {
        return new SchemaMigrations(dataSource, properties);
    }
}
