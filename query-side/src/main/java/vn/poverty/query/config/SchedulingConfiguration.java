package vn.poverty.query.config;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Background work of the query side (the event hash chain); off with {@code poverty.scheduling.enabled=false}. */
@Configuration
@EnableScheduling
@ConditionalOnProperty(name = "poverty.scheduling.enabled", havingValue = "true", matchIfMissing = true)
class SchedulingConfiguration {}
