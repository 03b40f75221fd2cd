package vn.poverty.platform.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.converter.json.MappingJackson2HttpMessageConverter;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Error documents shared by both apps. */
@AutoConfiguration
@Import(ProblemDetailsAdvice.class)
public class WebConfiguration {

    /** Writes to the store only when the response can be JSON ({@link AcceptJsonInterceptor}). */
    @Bean
    WebMvcConfigurer acceptJsonBeforeWriting() {
        return new WebMvcConfigurer() {
            @Override
            public void addInterceptors(InterceptorRegistry registry) {
                registry.addInterceptor(new AcceptJsonInterceptor());
            }

            /** Request bodies are read with a copy of the object mapper that refuses NUL in strings (400). */
            @Override
            public void extendMessageConverters(List<HttpMessageConverter<?>> converters) {
                for (HttpMessageConverter<?> converter : converters) {
                    if (converter instanceof MappingJackson2HttpMessageConverter jackson) {
                        jackson.setObjectMapper(
                                jackson.getObjectMapper().copy().registerModule(NulRejectingStrings.module()));
                    }
                }
            }
        };
    }

    /** Responses in one piece ({@link WholeResponses}), around everything else but the body size limit. */
    @Bean
    FilterRegistrationBean<WholeResponses> wholeResponses() {
        var registration = new FilterRegistrationBean<>(new WholeResponses());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
        return registration;
    }

    /**
     * Spring Security's default firewall, also refusing parameter values with a NUL character: PostgreSQL cannot
     * store or compare one, so {@code communeCode=%00} was a 500 (found by BadInputFuzzIT); now a 400. Header names,
     * header values and parameter names are checked by the default rules, without regular expressions
     * ({@link FirewallText}).
     */
    @Bean
    HttpFirewall httpFirewall() {
        StrictHttpFirewall firewall = new StrictHttpFirewall();
        firewall.setAllowedParameterValues(value -> value.indexOf('\u0000') < 0);
        firewall.setAllowedHeaderNames(FirewallText::assignedAndNotControl);
        firewall.setAllowedHeaderValues(FirewallText::headerValue);
        firewall.setAllowedParameterNames(FirewallText::assignedAndNotControl);
        return firewall;
    }

    /**
     * A request the security firewall refuses ({@code ..}, {@code ;} or encoded slashes in the URL, control
     * characters in the URL or a header) is a 400 problem document, not Spring Boot's error page.
     */
    @Bean
    RequestRejectedHandler problemRequestRejectedHandler(ObjectMapper json) {
        return (request, response, e) -> {
            response.setStatus(HttpStatus.BAD_REQUEST.value());
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            json.writeValue(
                    response.getOutputStream(),
                    Problems.of(
                                    HttpStatus.BAD_REQUEST,
                                    "The request has characters that are not allowed in its URL or headers")
                            .getBody());
        };
    }
}
