package vn.poverty.command.idempotency;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/** Wires the idempotency filter (HTTP) and its recording interceptor (command bus). */
@Configuration
class IdempotencyConfiguration {

    @Bean
    FilterRegistrationBean<IdempotencyFilter> idempotencyFilter(IdempotencyStore store, ObjectMapper json) {
        var registration = new FilterRegistrationBean<>(new IdempotencyFilter(store, json));
        registration.addUrlPatterns("/api/*");
        // after security (which sets the user), before the controllers
        registration.setOrder(Ordered.LOWEST_PRECEDENCE - 10);
        return registration;
    }

    /** Registered on the command bus by Axon's auto-configuration. */
    @Bean
    IdempotencyRecordingInterceptor idempotencyRecordingInterceptor(IdempotencyStore store, ObjectMapper json) {
        return new IdempotencyRecordingInterceptor(store, json);
    }
}
