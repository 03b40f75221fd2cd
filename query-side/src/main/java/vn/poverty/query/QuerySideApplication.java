package vn.poverty.query;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The query side: projections kept from the event store, read API and reports. Port 8081. Never writes events. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class QuerySideApplication {
    public static void main(String[] args) {
        SpringApplication.run(QuerySideApplication.class, args);
    }
}
