package vn.poverty.platform.eventstore;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.axonframework.serialization.ChainingConverter;
import org.axonframework.serialization.RevisionResolver;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.springboot.autoconfig.AxonAutoConfiguration;
import org.springframework.beans.factory.BeanClassLoaderAware;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * The serializer of events in both apps: Jackson, built as Axon's auto-configuration builds it for
 * {@code axon.serializer.events: jackson} (the application's {@code ObjectMapper}, the revision resolver, a
 * {@code ChainingConverter} on the application's class loader), so events are written and read exactly as before,
 * as a {@link CachingJacksonSerializer}. Axon's own {@code eventSerializer} bean steps aside when this one exists.
 */
@AutoConfiguration(before = AxonAutoConfiguration.class)
public class EventSerializerConfiguration implements BeanClassLoaderAware {

    private ClassLoader beanClassLoader;

    @Override
    public void setBeanClassLoader(ClassLoader classLoader) {
        this.beanClassLoader = classLoader;
    }

    @Bean
    @Qualifier("eventSerializer")
    public Serializer eventSerializer(ObjectMapper objectMapper, RevisionResolver revisionResolver) {
        return eventSerializer(objectMapper, revisionResolver, beanClassLoader);
    }

    /** The event serializer on the given mapper and class loader. */
    static Serializer eventSerializer(
            ObjectMapper objectMapper, RevisionResolver revisionResolver, ClassLoader classLoader) {
        return new CachingJacksonSerializer(JacksonSerializer.builder()
                .revisionResolver(revisionResolver)
                .converter(new ChainingConverter(classLoader))
                .objectMapper(objectMapper));
    }
}
