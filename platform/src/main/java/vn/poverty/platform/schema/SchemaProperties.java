package vn.poverty.platform.schema;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Which app's migrations to apply besides the shared event store: {@code command} or {@code query}
 * ({@code classpath:db/<app>}).
 */
@ConfigurationProperties("poverty.schema")
public record SchemaProperties(String app) {}
