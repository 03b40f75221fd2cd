package vn.poverty.command.config;

import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.MessageOriginProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import vn.poverty.command.household.standard.PovertyStandards;
import vn.poverty.command.shared.ConcurrencyRetryScheduler;
import vn.poverty.command.shared.FailureTranslatingInterceptor;
import vn.poverty.command.shared.RequestMetadataInterceptor;

/** Command bus, gateway and message metadata of the command side. */
@Configuration
class AxonConfiguration {

    /** Correlation and trace ids (declared because any other provider switches the default one off). */
    @Bean
    CorrelationDataProvider messageOriginProvider() {
        return new MessageOriginProvider();
    }

    /** Copies the user and the idempotency key from each command onto every event it causes. */
    @Bean
    CorrelationDataProvider requestMetadataProvider() {
        return new SimpleCorrelationDataProvider(
                RequestMetadataInterceptor.ACTOR, RequestMetadataInterceptor.IDEMPOTENCY_KEY);
    }

    @Bean
    CommandGateway commandGateway(CommandBus commandBus) {
        return DefaultCommandGateway.builder()
                .commandBus(commandBus)
                .retryScheduler(new ConcurrencyRetryScheduler(8))
                .build();
    }

    /** Registered on the command gateway by Axon's auto-configuration; runs in the HTTP request's thread. */
    @Bean
    RequestMetadataInterceptor requestMetadataInterceptor() {
        return new RequestMetadataInterceptor();
    }

    /** Registered on the command bus by Axon's auto-configuration. */
    @Bean
    FailureTranslatingInterceptor failureTranslatingInterceptor() {
        return new FailureTranslatingInterceptor();
    }

    @Bean
    PovertyStandards povertyStandards() {
        return PovertyStandards.builtIn();
    }
}
