package vn.poverty.query.config;

import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.EventBusSpanFactory;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import vn.poverty.platform.eventstore.EventStoreSchemaConfiguration;

/**
 * The query side reads events that another JVM writes, so its event store polls PostgreSQL. The poll interval when
 * idle ({@code poverty.events.fetch-delay-ms}, default 100 ms instead of Axon's 1 s) bounds projection lag, and the
 * read batch ({@code poverty.events.batch-size}) sets how many events one query fetches during a replay.
 *
 * <p>Late commits: global indexes are handed out at insert, so a transaction can commit its event after events with
 * higher indexes are visible. Tokens remember the missing indexes ("gaps") and fetch them again until they appear.
 * A gap is given up (its event, if it commits later, is never projected) when more than
 * {@code poverty.events.max-gap-offset} (10000) later events were read, or when the event right after it is older
 * than {@code poverty.events.gap-timeout-ms} (60 s) and either the token holds more than
 * {@code poverty.events.gap-cleaning-threshold} (250) gaps or the processor reads an event older than the timeout
 * (catching up after a long stop, or a replay). So: a commit up to the gap timeout late (and fewer than
 * max-gap-offset events later) is always projected; later than that it may be skipped. The threshold must be at
 * least 1. LateCommitIT (e2e-tests) tests both sides of the bound.
 *
 * <p>The engine is Axon's JDBC engine reading each event's timestamp once ({@link QueryEventStorageEngine}).
 */
@org.springframework.context.annotation.Configuration
class EventStoreConfiguration {

    /** The first global index PostgreSQL's sequence hands out (Axon's default). */
    private static final long LOWEST_GLOBAL_INDEX = 1;

    @Bean
    EventStorageEngine eventStorageEngine(
            Serializer defaultSerializer,
            @Qualifier("eventSerializer") Serializer eventSerializer,
            Configuration configuration,
            ConnectionProvider connectionProvider,
            TransactionManager transactionManager,
            EventSchema eventSchema,
            @Value("${poverty.events.batch-size:500}") int batchSize,
            @Value("${poverty.events.gap-timeout-ms:60000}") int gapTimeoutMillis,
            @Value("${poverty.events.max-gap-offset:10000}") int maxGapOffset,
            @Value("${poverty.events.gap-cleaning-threshold:250}") int gapCleaningThreshold) {
        JdbcEventStorageEngine.Builder builder = JdbcEventStorageEngine.builder()
                .snapshotSerializer(defaultSerializer)
                .upcasterChain(configuration.upcasterChain())
                .persistenceExceptionResolver(EventStoreSchemaConfiguration.persistenceExceptionResolver())
                .eventSerializer(eventSerializer)
                .snapshotFilter(configuration.snapshotFilter())
                .connectionProvider(connectionProvider)
                .transactionManager(transactionManager)
                .schema(eventSchema)
                .batchSize(batchSize)
                // late commits (see the class comment): Axon's defaults, made explicit and configurable
                .gapCleaningThreshold(gapCleaningThreshold);
        return new QueryEventStorageEngine(builder, LOWEST_GLOBAL_INDEX, maxGapOffset, gapTimeoutMillis);
    }

    @Bean(name = "eventBus")
    @Qualifier("eventStore")
    EmbeddedEventStore eventStore(
            EventStorageEngine storageEngine,
            Configuration configuration,
            @Value("${poverty.events.fetch-delay-ms:100}") long fetchDelayMillis) {
        return EmbeddedEventStore.builder()
                .storageEngine(storageEngine)
                .fetchDelay(fetchDelayMillis)
                .messageMonitor(configuration.messageMonitor(EventStore.class, "eventStore"))
                .spanFactory(configuration.getComponent(EventBusSpanFactory.class))
                .build();
    }
}
