package vn.poverty.platform.docs;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/** Title and description of each app's OpenAPI document ({@code /v3/api-docs}, Swagger UI at /swagger-ui.html). */
@AutoConfiguration
public class OpenApiConfiguration {

    @Bean
    @ConditionalOnMissingBean
    OpenAPI povertyOpenApi(@Value("${spring.application.name:poverty}") String application) {
        String description = "command-side".equals(application)
                ? "Commands of the sustainable poverty-reduction programme: communes, households, reviews, "
                        + "recognition decisions. Every POST accepts an Idempotency-Key header. Errors are "
                        + "application/problem+json (RFC 9457)."
                : "Read models of the sustainable poverty-reduction programme: households and reports as of any "
                        + "date (asOf) and as known at any instant (knownAt). Eventually consistent with the "
                        + "command side (normally well under a second).";
        return new OpenAPI()
                .info(new Info()
                        .title("Poverty reduction programme - " + application)
                        .version("0.1.0")
                        .description(description)
                        .license(new License().name("Apache-2.0")));
    }
}
