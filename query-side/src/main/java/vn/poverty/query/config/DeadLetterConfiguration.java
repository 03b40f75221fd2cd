package vn.poverty.query.config;

import java.util.Set;
import java.util.TreeSet;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.Configurer;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.deadletter.jdbc.DeadLetterSchema;
import org.axonframework.eventhandling.deadletter.jdbc.JdbcSequencedDeadLetterQueue;
import org.axonframework.messaging.annotation.HandlerEnhancerDefinition;
import org.axonframework.serialization.Serializer;
import org.axonframework.springboot.EventProcessorProperties;
import org.axonframework.springboot.util.DeadLetterQueueProviderConfigurerModule;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;
import vn.poverty.query.shared.ProjectionWrites;

/**
 * Dead-letter queues of the projections (issue "Reliability", API.md "Audit and operations").
 *
 * <p>A processing group gets a {@link JdbcSequencedDeadLetterQueue} when {@code
 * axon.eventhandling.processors.<group>.dlq.enabled} is true (all three projections in application.yml). Its letters go
 * to the Flyway table {@code dead_letter_entry} with platform's snake_case {@link DeadLetterSchema}, serialized with
 * the Jackson serializers, in the transaction of the batch (Spring's transaction manager) so that a letter and the
 * token that passed its event commit together.
 *
 * <p>What happens when a handler throws on an event: the handler's changes roll back to a savepoint
 * ({@link HandlerSavepoints}), {@link DeadLetterPolicy} decides (database failures retry the batch; anything else is
 * dead-lettered), and from then on every later event of the same sequence (the same aggregate: Axon's default
 * sequencing policy) joins the letter in the queue instead of being handled, so the aggregate's events are never
 * applied out of order. Every other aggregate's events go on being projected. A full queue
 * ({@code poverty.dead-letters.max-sequences} aggregates, or {@code max-sequence-size} events of one aggregate) fails
 * the batch: the group then stops advancing (and retries) rather than drop an event.
 *
 * <p>A reset of the group's tokens (a projection rebuild) clears its queue in the same transaction ({@code
 * allowReset}): the replay meets every event again. The ADMIN endpoints under {@code /api/admin/dead-letters} list,
 * retry and evict letters.
 *
 * <p>This class replaces Axon's own {@code DeadLetterQueueProviderConfigurerModule} bean (which builds the queues with
 * Axon's default bounds) and configures the dead-lettering invoker of each group itself (sequence identifier cache,
 * reset); do not also set Axon's {@code dlq.cache.*} properties, whose invoker configuration would replace this one.
 */
@Configuration
class DeadLetterConfiguration {

    /** Per segment, how many sequence identifiers the invoker remembers to spare a database look-up per event. */
    private static final int SEQUENCE_IDENTIFIER_CACHE_SIZE = 1024;

    /** The processing groups whose dead-letter queue is enabled, by name. */
    static Set<String> groupsWithDeadLetters(EventProcessorProperties processors) {
        Set<String> groups = new TreeSet<>();
        processors.getProcessors().forEach((name, settings) -> {
            if (settings.getDlq() != null && settings.getDlq().isEnabled()) {
                groups.add(name);
            }
        });
        return groups;
    }

    @Bean
    DeadLetterQueueProviderConfigurerModule deadLetterQueueProviderConfigurerModule(
            EventProcessorProperties processors,
            ConnectionProvider connectionProvider,
            TransactionManager transactionManager,
            DeadLetterSchema schema,
            @Qualifier("eventSerializer") Serializer eventSerializer,
            Serializer genericSerializer,
            DeadLetterProperties bounds) {
        Set<String> groups = groupsWithDeadLetters(processors);
        DeadLetterPolicy policy = new DeadLetterPolicy(bounds.causeMessageLength());
        return new DeadLetterQueueProviderConfigurerModule(
                processors,
                processingGroup -> configuration -> JdbcSequencedDeadLetterQueue.<EventMessage<?>>builder()
                        .processingGroup(processingGroup)
                        .connectionProvider(connectionProvider)
                        .transactionManager(transactionManager)
                        .schema(schema)
                        .genericSerializer(genericSerializer)
                        .eventSerializer(eventSerializer)
                        .maxSequences(bounds.maxSequences())
                        .maxSequenceSize(bounds.maxSequenceSize())
                        .claimDuration(bounds.claimDuration())
                        .build()) {
            @Override
            public void configureModule(Configurer configurer) {
                super.configureModule(configurer);
                for (String group : groups) {
                    configurer
                            .eventProcessing()
                            .registerDeadLetterPolicy(group, configuration -> policy)
                            .registerDeadLetteringEventHandlerInvokerConfiguration(
                                    group,
                                    (configuration, invoker) -> invoker.allowReset(true)
                                            .enableSequenceIdentifierCache()
                                            .sequenceIdentifierCacheSize(SEQUENCE_IDENTIFIER_CACHE_SIZE));
                }
            }
        };
    }

    @Bean
    HandlerEnhancerDefinition handlerSavepoints(
            PlatformTransactionManager transactionManager,
            ProjectionWrites writes,
            EventProcessorProperties processors) {
        return new HandlerSavepoints(transactionManager, writes, groupsWithDeadLetters(processors));
    }
}
